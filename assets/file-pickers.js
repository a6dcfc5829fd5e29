/* Every file picker on the page (Dash's dcc.Upload: open a saved set-up, load a
 * table of one's own) forgets its file once the page has read it. A browser tells a
 * page only of a changed choice, so picking the same file again, say after Reset,
 * would otherwise do nothing. The server's callbacks clear the pickers' contents for
 * the same reason (Dash passes on only a changed value). */
(function () {
  "use strict";
  document.addEventListener(
    "change",
    function (e) {
      const input = e.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
      // after every listener of this change has taken the files it was given
      setTimeout(function () {
        input.value = "";
      }, 0);
    },
    true,
  );
})();
