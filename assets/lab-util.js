/* Small tools every browser module of the lab shares (BackpropLab.util).
 *
 *   rules()             the constants Python hands the page (app/rules.py), parsed
 *                       once from <script id="bl-rules" type="application/json">
 *   setProps(id, props) give a Dash component new props (dash_clientside.set_props)
 *   emit(name, detail)  tell the page something happened: a DOM CustomEvent "bl:<name>"
 *                       on document, heard with document.addEventListener("bl:<name>", …)
 *   fmt(v, d), fmtShort(v), sleep(ms), clone(x), same(a, b)
 *
 * No file reads another file's members while it loads: every lookup happens when a
 * function runs, and news travels as events, so the order the files load in never
 * matters. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  let rules = null;
  BL.util = {
    rules: function () {
      if (!rules) {
        const el = document.getElementById("bl-rules");
        rules = el ? JSON.parse(el.textContent) : null;
        if (!rules) throw new Error("the page has no rules block (bl-rules)");
      }
      return rules;
    },

    // An element id from app/ids.py by its Python name, e.g. id("STEP_BTN").
    id: function (name) {
      const v = BL.util.rules().ids[name];
      if (typeof v !== "string") throw new Error("unknown element id " + name);
      return v;
    },

    setProps: function (id, props) {
      if (window.dash_clientside && window.dash_clientside.set_props) window.dash_clientside.set_props(id, props);
    },

    emit: function (name, detail) {
      document.dispatchEvent(new CustomEvent("bl:" + name, { detail: detail }));
    },

    fmt: function (v, digits) {
      if (v === null || v === undefined || !isFinite(v)) return "–";
      const d = digits || 3;
      if (v === 0) return "0";
      const a = Math.abs(v);
      const s = a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(d))) : v.toExponential(d - 1);
      return s.replace("-", "−");
    },

    // Values inside a 36 px circle: two decimals read best at a glance.
    fmtShort: function (v) {
      if (v === null || v === undefined || !isFinite(v)) return "";
      const a = Math.abs(v);
      const s = a >= 99.5 ? v.toExponential(0) : a >= 9.995 ? v.toFixed(0) : v.toFixed(2);
      return s.replace("-", "−");
    },

    sleep: function (ms) {
      return new Promise((r) => setTimeout(r, ms));
    },

    clone: function (x) {
      return JSON.parse(JSON.stringify(x));
    },

    same: function (a, b) {
      return JSON.stringify(a) === JSON.stringify(b);
    },
  };
})();
