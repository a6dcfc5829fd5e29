/* Small tools every browser module of the lab shares (BackpropLab.util).
 *
 *   rules()             the constants Python hands the page (app/rules.py), parsed
 *                       once from <script id="bl-rules" type="application/json">
 *   setProps(id, props) give a Dash component new props (dash_clientside.set_props)
 *   emit(name, detail)  tell the page something happened: a DOM CustomEvent "bl:<name>"
 *                       on document, heard with document.addEventListener("bl:<name>", …)
 *   exchange(NAME, ms)  one request at a time through the store id(NAME), answered by
 *                       the server echoing its nonce: {send(data, late), answer(reply),
 *                       drop(error)} (below)
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

    /* send(data, late) writes {nonce, …data} into the store and gives a Promise of the
     * reply that echoes that nonce, handed in by answer(reply) (the reply store's
     * clientside callback). It fails with the reply's `error` sentence, with
     * Error(late) after `ms`, or with the error given to drop(error) (Pause, Reset).
     * Only the latest send is awaited: a reply to an earlier one is ignored. */
    exchange: function (name, ms) {
      let nonce = 0;
      let waiting = null; // {nonce, resolve, reject} while the server computes
      return {
        send: function (data, late) {
          nonce += 1;
          const n = nonce;
          return new Promise(function (resolve, reject) {
            const timer = setTimeout(function () {
              if (waiting && waiting.nonce === n) waiting = null;
              reject(new Error(late));
            }, ms);
            const done = (f) => (x) => (clearTimeout(timer), f(x));
            waiting = { nonce: n, resolve: done(resolve), reject: done(reject) };
            BL.util.setProps(BL.util.id(name), { data: Object.assign({ nonce: n }, data) });
          });
        },
        answer: function (reply) {
          const w = waiting;
          if (!w || !reply || reply.nonce !== w.nonce) return;
          waiting = null;
          reply.error ? w.reject(new Error(reply.error)) : w.resolve(reply);
        },
        drop: function (error) {
          const w = waiting;
          waiting = null;
          if (w) w.reject(error);
        },
      };
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
