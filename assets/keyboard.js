/* Keyboard keys for the lab: each presses the button a mouse would, so a key
 * does exactly what its button does. The table (key -> button id) is app/rules.py's,
 * the same the page's list of keys is written from. */
(function () {
  "use strict";

  function typing(el) {
    if (!el || el === document.body) return false;
    const tag = el.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable) return true;
    if (tag === "INPUT") {
      const type = (el.getAttribute("type") || "text").toLowerCase();
      return ["checkbox", "radio", "button", "submit", "range"].indexOf(type) < 0;
    }
    return el.getAttribute("role") === "combobox" || el.getAttribute("role") === "textbox";
  }

  function press(id) {
    const el = document.getElementById(id);
    // A button another part of the page has not built, or one that is off: nothing.
    if (!el || el.disabled || el.getAttribute("aria-disabled") === "true") return false;
    el.click();
    return true;
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || (e.repeat && e.key !== "t")) return;
    if (typing(e.target)) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (key === "?") {
      const help = document.getElementById(window.BackpropLab.util.id("KEYBOARD_HELP"));
      if (help) {
        help.open = !help.open;
        if (help.open) help.scrollIntoView({ block: "nearest" });
        e.preventDefault();
      }
      return;
    }
    const id = window.BackpropLab.util.rules().keys[key];
    if (id && press(id)) e.preventDefault();
  });
})();
