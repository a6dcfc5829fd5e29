/* Links, presentation view, colours and motion preferences, in the browser.
 * Clientside callbacks are registered in app/callbacks/lessons.py. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  // Okabe and Ito's palette: told apart with every common colour-vision deficiency.
  const PALETTES = {
    standard: { forward: "37, 99, 235", backward: "220, 38, 38", pos: "15, 118, 110", neg: "194, 65, 12" },
    colourblind: { forward: "0, 114, 178", backward: "213, 94, 0", pos: "0, 158, 115", neg: "230, 159, 0" },
  };
  // Neuron fill follows the weight signs' colours (the legend's); the data shading
  // uses orange against blue, the pair most readily told apart on large areas.
  // The standard scales are lab-anim.js's own (it loads first), copied before any swap.
  const SCALES = {
    standard: JSON.parse(JSON.stringify(BL.SCALES || {})),
    colourblind: {
      activation: [[0, "#e69f00"], [0.5, "#f8fafc"], [1, "#009e73"]],
      surface: [[0, "#e69f00"], [0.5, "#f8fafc"], [1, "#0072b2"]],
      dashNegative: true,
    },
  };

  BL.setPalette = function (name) {
    const known = name === "colourblind" ? name : "standard";
    // lab-anim.js and lab-clientside.js read these on every frame and every repaint
    if (BL.COLOURS) Object.assign(BL.COLOURS, PALETTES[known]);
    if (BL.SCALES) Object.assign(BL.SCALES, SCALES[known]);
    document.documentElement.classList.toggle("bl-palette-cb", known === "colourblind");
    if (BL.renderRest && BL.idle && BL.idle()) BL.renderRest(true);
    if (BL.redrawData) BL.redrawData();
  };

  /* A chevron at a moving signal, pointing where it travels, so the direction
   * of a pulse never depends on telling blue from red. */
  BL.directionMark = function (ctx, x, y, dx, dy, size, rgb) {
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    const s = size + 3;
    ctx.save();
    ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
    ctx.lineWidth = 2;
    ctx.fillStyle = "rgba(" + rgb + ", 1)";
    ctx.beginPath();
    ctx.moveTo(x + ux * s * 1.6, y + uy * s * 1.6);
    ctx.lineTo(x - uy * s - ux * s * 0.4, y + ux * s - uy * s * 0.4);
    ctx.lineTo(x + uy * s - ux * s * 0.4, y - ux * s - uy * s * 0.4);
    ctx.closePath();
    ctx.stroke();
    ctx.fill();
    ctx.restore();
  };

  // ---------- reduced motion ----------
  const motion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  BL.reducedMotion = function () {
    return !!(motion && motion.matches);
  };
  function honourMotion() {
    // Instant steps: the numbers appear at once, nothing slides across the screen.
    if (!BL.reducedMotion()) return;
    const labels = Array.from(document.querySelectorAll("#speed-control label"));
    const instant = labels.find((l) => l.textContent.trim() === "Instant");
    const input = instant && document.getElementById(instant.getAttribute("for"));
    if (instant && !(input && input.checked)) instant.click();
    if (BL.state) BL.state.speed = 0;
  }
  if (motion && motion.addEventListener) motion.addEventListener("change", honourMotion);

  function weightsFragment(h) {
    return typeof h === "string" && (h.indexOf("#w=") === 0 || h.indexOf("#step=") === 0);
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
      BL.setPalette(on ? "colourblind" : "standard");
    },

    abort: function () {
      const ctx = window.dash_clientside.callback_context;
      const ids = ctx && ctx.triggered ? ctx.triggered.map((t) => t.prop_id) : [];
      if (ids.length === 1 && ids[0] === "url.hash" && !weightsFragment(window.location.hash)) return;
      if (BL.abort) BL.abort();
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
      window.dash_clientside.set_props("status-msg", {
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
    const file = document.querySelector("#import-json input[type='file']:not([aria-label])");
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
