/* Links, presentation view, colours and motion preferences, in the browser
 * (BackpropLab.lessons). Clientside callbacks are registered in
 * app/callbacks/lessons.py; the colours themselves are BackpropLab.palette's.
 * Clientside callbacks: lessons.shareLink, present, palette, note, abort.
 *
 *   lessons.reducedMotion()   the reader asked the system for less motion */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  // ---------- reduced motion ----------
  const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  BL.lessons = {
    reducedMotion: function () {
      return !!(motion && motion.matches);
    },
  };
  function honourMotion() {
    // Instant steps: the numbers appear at once, nothing slides across the screen.
    if (!BL.lessons.reducedMotion()) return;
    const labels = Array.from(document.querySelectorAll("#" + BL.util.id("SPEED") + " label"));
    const instant = labels.find((l) => l.textContent.trim() === "Instant");
    const input = instant && document.getElementById(instant.getAttribute("for"));
    if (instant && !(input && input.checked)) instant.click();
    BL.lab.sync({ speed: 0 });
  }
  if (motion && motion.addEventListener) motion.addEventListener("change", honourMotion);

  function weightsFragment(h) {
    return typeof h === "string" && ["#w=", "#step=", "#d="].some((p) => h.indexOf(p) === 0);
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.lessons = {
    shareLink: function (relative) {
      if (typeof relative !== "string" || relative.charAt(0) !== "?") return window.dash_clientside.no_update;
      const link = window.location.origin + window.location.pathname + relative;
      // The address bar shows the link too: a reload comes back to this set-up.
      try {
        window.history.replaceState(window.history.state, "", link);
      } catch (e) {
        /* a sandboxed page may refuse; the box still holds the link */
      }
      return link;
    },

    present: function (search) {
      const on = new URLSearchParams(search || "").get("view") === "present";
      document.documentElement.classList.toggle("bl-present", on);
      setTimeout(honourMotion, 0);
      if (on) window.dispatchEvent(new Event("resize")); // the graphs grow to the freed room
    },

    palette: function (on) {
      BL.palette.set(on ? "colourblind" : "standard");
    },

    /* A lesson's numbers are worked out for one network and example (lesson-store
     * "for": [run, step, example]); once either moves on, say so under the text, so
     * nobody reads step 0's numbers beside step 3's diagram. */
    note: function (net_state, example, lesson) {
      const f = lesson && lesson["for"];
      if (!Array.isArray(f) || f.length !== 3 || !net_state) return [true, ""];
      const run = f[0];
      const step = f[1];
      const ex = f[2];
      if (net_state.run === run && net_state.step === step && example === ex) return [true, ""];
      const net = net_state.run === run ? "the network is now at step " : "a new network is on show, at step ";
      const other = Number.isInteger(example) && example !== ex ? ", example #" + (example + 1) : "";
      return [false, "These numbers are for step " + step + " and example #" + (ex + 1) + "; " + net + net_state.step + other + ". "];
    },

    abort: function () {
      const ctx = window.dash_clientside.callback_context;
      const ids = ctx && ctx.triggered ? ctx.triggered.map((t) => t.prop_id) : [];
      if (ids.length === 1 && ids[0] === "url.hash" && !weightsFragment(window.location.hash)) return;
      BL.lab.abort();
    },
  };

  // A file over the limit is dropped by the upload box without a word, and would not
  // fit in a request anyway: say so here, and leave the network as it is.
  document.addEventListener(
    "change",
    function (event) {
      const input = event.target;
      const box = input && input.closest && input.closest("[data-max-bytes]");
      if (!box || !input.files || !input.files.length) return;
      const limit = Number(box.getAttribute("data-max-bytes"));
      const file = input.files[0];
      if (!(file.size > limit)) return;
      const kb = (n) => Math.ceil(n / 1000) + " KB";
      BL.util.setProps(BL.util.id("STATUS"), {
        children:
          "The file was not used: it is " + kb(file.size) + ", and a saved network is at most " +
          kb(limit) + ". Nothing was changed.",
      });
    },
    true
  );
})();

/* Names for controls whose visible label the component cannot link itself:
 * slider handles and the file picker inside dcc.Upload. */
(function () {
  "use strict";
  function nameOf(host) {
    const label = host.id && document.querySelector("label[for='" + host.id + "']");
    if (label && label.textContent.trim()) return label.textContent.trim();
    const named = host.closest("[aria-label]");
    return named ? named.getAttribute("aria-label") : host.id ? host.id.replace(/-/g, " ") : "";
  }
  function label() {
    document.querySelectorAll("[role='slider']:not([aria-label])").forEach(function (thumb) {
      const host = thumb.closest("[id]");
      const name = host ? nameOf(host) : "";
      if (name) thumb.setAttribute("aria-label", name);
    });
    const file = document.querySelector("#" + window.BackpropLab.util.id("IMPORT_JSON") + " input[type='file']:not([aria-label])");
    if (file) file.setAttribute("aria-label", "Open a saved network (JSON file)");
  }
  let pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    setTimeout(function () {
      pending = false;
      label();
    }, 200);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
