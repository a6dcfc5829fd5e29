/* Set a weight or a bias by hand (BackpropLab.weightEdit), in the inspector panel:
 * click a connection (its weight) or a neuron (its bias), type a number, press Enter
 * or Set. The value travels the training road (BackpropLab.lab.edit): the server
 * checks it, sets it, trains nothing and answers as a Train step does, so the diagram,
 * the pictures and the inspector redraw from the network that now holds it. What a
 * value may be is the server's rule (app/state.py read_edit); a refusal's sentence is
 * shown here and on the status line, and nothing changes.
 *
 *   weightEdit.render()   draw the box for the inspector's selection (bl:highlight, bl:show)
 *   weightEdit.submit()   send what is typed
 * It reads BackpropLab.inspector.selected and never changes it. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;

  let drawnFor = null; // the selection the box was built for
  let shownValue = null; // the network's value last written into the input
  let message = null; // {text, kind} under the input

  // What the selection can set: {param, layer, row, col, current, name}, or null.
  function target() {
    const sel = BL.inspector && BL.inspector.selected;
    const S = BL.lab && BL.lab.state;
    const v = S && S.view;
    if (!sel || !v || !v.weights) return null;
    const ok = (i, arr) => Array.isArray(arr) && Number.isInteger(i) && i >= 0 && i < arr.length;
    if (sel.kind === "weight") {
      const W = v.weights[sel.l - 1];
      if (!ok(sel.j, W) || !ok(sel.i, W[sel.j])) return null;
      const name = "W(" + sel.l + ")[" + (sel.j + 1) + "," + (sel.i + 1) + "]";
      return { param: "W", layer: sel.l, row: sel.j, col: sel.i, current: W[sel.j][sel.i], name: name };
    }
    if (sel.kind === "neuron" && sel.l >= 1) {
      const b = v.biases[sel.l - 1];
      if (!ok(sel.k, b)) return null;
      return { param: "b", layer: sel.l, row: sel.k, col: null, current: b[sel.k], name: "b(" + sel.l + ")[" + (sel.k + 1) + "]" };
    }
    return null;
  }

  function symbol(t) {
    const E = BL.equations;
    const index = t.col === null ? t.row + 1 : t.row + 1 + "," + (t.col + 1);
    return E ? E.s(t.param, t.layer, index) : t.name;
  }

  // Typed text as the request carries it: a number when it reads as one, else the text
  // itself, so the server's sentence can quote what was typed.
  function typed(text) {
    const t = String(text).trim().replace(/\u2212/g, "-");
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) {
      const v = Number(t);
      if (isFinite(v)) return v;
    }
    return t;
  }

  function render() {
    const box = document.getElementById(U().id("WEIGHT_EDIT"));
    if (!box) return;
    const t = target();
    const key = t ? t.name : "none";
    if (key !== drawnFor) {
      drawnFor = key;
      shownValue = null;
      message = null;
      box.innerHTML = t
        ? '<label class="bl-edit-label" for="' + U().id("WEIGHT_EDIT_INPUT") + '">Set ' + symbol(t) + " to</label>" +
          '<input id="' + U().id("WEIGHT_EDIT_INPUT") + '" class="bl-edit-input" type="text" inputmode="decimal" autocomplete="off" spellcheck="false">' +
          '<button id="' + U().id("WEIGHT_EDIT_SET") + '" class="bl-btn bl-edit-set" type="button">Set</button>' +
          '<span class="bl-edit-note"></span><p class="bl-edit-message" role="status" aria-live="polite"></p>'
        : '<p class="bl-edit-empty">To change a weight by hand, click its connection in the diagram (or a neuron, for its bias).</p>';
    }
    if (!t) return;
    const input = document.getElementById(U().id("WEIGHT_EDIT_INPUT"));
    // The network's value, unless the student is typing over it.
    if (input && t.current !== shownValue && document.activeElement !== input) {
      input.value = String(t.current);
      shownValue = t.current;
    }
    const bound = U().rules().limits.MAX_TYPED_VALUE;
    box.querySelector(".bl-edit-note").textContent =
      "a number from " + -bound + " to " + bound + "; the network uses it at once (no training step).";
    const out = box.querySelector(".bl-edit-message");
    out.textContent = message ? message.text : "";
    out.className = "bl-edit-message" + (message ? " is-" + message.kind : "");
  }

  function submit() {
    const t = target();
    const input = document.getElementById(U().id("WEIGHT_EDIT_INPUT"));
    if (!t || !input) return;
    const value = typed(input.value);
    message = { text: "Setting " + t.name + "…", kind: "wait" };
    render();
    BL.lab
      .edit({ param: t.param, layer: t.layer, row: t.row, col: t.col, value: value })
      .then(function (reply) {
        const e = reply.edited;
        message = { text: t.name + " is now " + U().fmt(e.value, 6) + ". Press Forward to see the example go through it.", kind: "done" };
        shownValue = null; // show the network's value again
        input.blur();
        render();
      })
      .catch(function (e) {
        if (e && e.message === BL.lab.ABORTED) return;
        message = { text: (e && e.message) || String(e), kind: "error" };
        render();
      });
  }

  document.addEventListener("bl:highlight", render);
  document.addEventListener("bl:show", render);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target && e.target.id === U().id("WEIGHT_EDIT_INPUT")) {
      e.preventDefault();
      submit();
    }
  });
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest("#" + U().id("WEIGHT_EDIT_SET"))) submit();
  });

  BL.weightEdit = { render: render, submit: submit };
})();
