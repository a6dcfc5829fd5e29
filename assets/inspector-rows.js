/* The inspector's equations, typeset (BackpropLab.equations): the rows of a neuron
 * or a weight, each with its symbols, and with the example's numbers put in once
 * the step has got that far. Used by assets/inspector.js, which knows what is known.
 *
 *   equations.neuronRows(c, l, j, highlight)   z, a, the loss, σ′(z) and δ of a neuron
 *   equations.updateRow(c, what, symbol, gradSym, before, gradBatch, after)
 *   equations.row(c, o)      one row's HTML;  equations.PRESS   what to press for a row
 *   equations.esc, n, f, s   escaping, a number, a factor, a symbol
 * `c` is the inspector's context: what is known now (assets/inspector.js). */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  // ---------- typesetting ----------
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
  function n(v, d) {
    return '<span class="bl-num">' + BL.util.fmt(v, d || 4) + "</span>";
  }
  // A factor in a product: negative numbers in parentheses.
  function f(v, d) {
    return v < 0 ? "(" + n(v, d) + ")" : n(v, d);
  }
  // A symbol with layer superscript and index subscript: z⁽ˡ⁾ⱼ.
  function s(name, layer, index) {
    const sub = index === undefined || index === null ? "" : "<sub>" + index + "</sub>";
    const sup = layer === undefined || layer === null ? "" : "<sup>(" + layer + ")</sup>";
    return '<span class="bl-sym"><i>' + name + "</i>" + sup + sub + "</span>";
  }
  function layerNames(sizes) {
    const names = ["input"];
    for (let l = 1; l < sizes.length - 1; l++) names.push("hidden layer " + l);
    names.push("output");
    return names;
  }


  // Which rows the piece on show produced (they are highlighted).
  function producedBy(c, kind, l) {
    const p = c.nowPiece;
    const L = c.L;
    if (!p) return false;
    if (kind === "fwd") return p === l;
    if (kind === "loss") return p === L + 1;
    if (kind === "grad") return p === 2 * L + 2 - l;
    if (kind === "delta") return p === 2 * L + 2 - (l === L ? L : l + 1);
    if (kind === "update") return p === 2 * L + 2;
    return false;
  }

  function row(c, o) {
    // o: {kind, layer, tag, math, known, hint, note, value}
    const now = producedBy(c, o.kind, o.layer);
    let cls = "bl-eq-row bl-eq-" + o.tone + (o.known ? " is-known" : " is-pending") + (now ? " is-now" : "");
    if (now && c.playing) cls += " is-playing";
    const attrs = ' data-row="' + o.kind + '"' + (o.known && o.value !== undefined ? ' data-value="' + o.value + '"' : "");
    const body = o.known
      ? '<div class="bl-eq-math">' + o.math + "</div>" + (o.note ? '<div class="bl-eq-note">' + o.note + "</div>" : "")
      : '<div class="bl-eq-math bl-eq-symbolic">' + o.symbolic + '</div><div class="bl-eq-hint">' + o.hint + "</div>";
    return '<div class="' + cls + '"' + attrs + '><div class="bl-eq-tag">' + o.tag + "</div><div>" + body + "</div></div>";
  }

  const PRESS = {
    fwd: "Press <b>Forward</b> or <b>Next piece ▸</b> to send the example through this layer.",
    loss: "Press <b>Forward</b> (or <b>Next piece ▸</b> up to the loss) to compare the prediction with the target.",
    back: "Press <b>Backward</b> or <b>Next piece ▸</b> until the backward pass reaches this layer.",
    update: "Press <b>Update weights</b> (or <b>Next piece ▸</b> to the end) to apply the step.",
  };

  // z, a, the loss (output layer), σ′(z) and δ of neuron j of layer l.
  function neuronRows(c, l, j, highlight) {
    const L = c.L;
    const sh = c.sh;
    const act = l === L ? c.cfg.output_activation : c.cfg.activation;
    const rows = [];
    const W = c.W[l - 1];
    const nIn = c.sizes[l - 1];
    const zSym = s("z", l, j + 1);
    const aSym = s("a", l, j + 1);
    const sumSym = "Σ<sub>i</sub> " + s("W", l, (j + 1) + ",i") + "·" + s("a", l - 1, "i") + " + " + s("b", l, j + 1);
    let math = "";
    if (c.fwd(l)) {
      const terms = [];
      for (let i = 0; i < nIn; i++) {
        const t = f(W[j][i]) + "·" + f(sh.a[l - 1][i]);
        terms.push(i === highlight ? '<span class="bl-term-hi">' + t + "</span>" : t);
      }
      math = zSym + " = " + sumSym + " = " + terms.join(" + ") + " + " + f(c.b[l - 1][j]) + " = " + n(sh.z[l - 1][j]);
    }
    rows.push({
      kind: "fwd", layer: l, tone: "forward", tag: "Forward", known: c.fwd(l), math: math,
      symbolic: zSym + " = " + sumSym, hint: PRESS.fwd, value: sh && sh.z[l - 1][j],
    });
    // A softmax unit's a depends on every z of its layer, not on its own z alone.
    const softmax = act === "softmax";
    const aSymbolic = softmax
      ? aSym + " = e<sup>" + zSym + "</sup> / Σ<sub>k</sub> e<sup>" + s("z", l, "k") + "</sup> (softmax)"
      : aSym + " = σ(" + zSym + "), σ = " + act;
    rows.push({
      kind: "fwd", layer: l, tone: "forward", tag: "Activation", known: c.fwd(l),
      math: !c.fwd(l) ? "" : softmax ? aSymbolic + " = " + n(sh.a[l][j]) : aSym + " = σ(" + zSym + ") = " + act + "(" + n(sh.z[l - 1][j]) + ") = " + n(sh.a[l][j]),
      symbolic: aSymbolic, hint: PRESS.fwd, value: sh && sh.a[l][j],
    });
    if (l === L) {
      rows.push({
        kind: "loss", layer: l, tone: "loss", tag: "Loss", known: c.loss(),
        math: c.loss()
          ? "L = " + n(sh.loss) + " for this example (ŷ = " + n(sh.a[L][j]) + ", target y = " + n(c.y[j]) + ")"
          : "",
        note: c.loss() ? "The mini-batch's mean loss is " + n(c.step.batch_loss) + "." : "",
        symbolic: "L(ŷ, y)", hint: PRESS.loss, value: sh && sh.loss,
      });
    }
    const known = c.delta(l);
    const sp = known ? sh.sigma_prime[l - 1][j] : null;
    const dSym = s("δ", l, j + 1);
    const spSym = "σ′(" + zSym + ")";
    rows.push({
      kind: "delta", layer: l, tone: "backward", tag: "σ′(z)", known: known,
      math: known ? spSym + " = " + n(sp) : "",
      note: known && l === L && c.cfg.loss !== "mse" ? "With cross-entropy, σ′ cancels out of δ at the output: it is shown for completeness." : "",
      symbolic: spSym, hint: PRESS.back, value: sp,
    });
    let dMath = "";
    let dSymbolic;
    if (l === L) {
      if (c.cfg.loss === "bce" || c.cfg.loss === "cross_entropy") {
        dSymbolic = dSym + " = ∂L/∂" + zSym + " = ŷ − y";
        if (known) dMath = dSymbolic + " = " + n(sh.a[L][j]) + " − " + f(c.y[j]) + " = " + n(sh.delta[l - 1][j]);
      } else if (c.cfg.loss === "mse") {
        dSymbolic = dSym + " = (ŷ − y) · " + spSym;
        if (known) dMath = dSymbolic + " = (" + n(sh.a[L][j]) + " − " + f(c.y[j]) + ") · " + f(sp) + " = " + n(sh.delta[l - 1][j]);
      } else {
        dSymbolic = dSym + " = ∂L/∂" + zSym;
        if (known) dMath = dSymbolic + " = " + n(sh.delta[l - 1][j]);
      }
    } else {
      const nOut = c.sizes[l + 1];
      dSymbolic = dSym + " = (Σ<sub>m</sub> " + s("W", l + 1, "m," + (j + 1)) + "·" + s("δ", l + 1, "m") + ") · " + spSym;
      if (known) {
        const terms = [];
        for (let m = 0; m < nOut; m++) terms.push(f(c.W[l][m][j]) + "·" + f(sh.delta[l][m]));
        dMath = dSymbolic + " = (" + terms.join(" + ") + ") · " + f(sp) + " = " + n(sh.delta[l - 1][j]);
      }
    }
    rows.push({
      kind: "delta", layer: l, tone: "backward", tag: "Error δ", known: known, math: dMath,
      note: known && l < L ? "The sum is (W" + "<sup>(" + (l + 1) + ")</sup>)ᵀδ<sup>(" + (l + 1) + ")</sup>: the errors of the next layer, sent back along the same weights." : "",
      symbolic: dSymbolic, hint: PRESS.back, value: sh && sh.delta[l - 1][j],
    });
    return rows;
  }

  function updateRow(c, what, symbol, gradSym, before, gradBatch, after) {
    const st = c.step;
    const known = c.update();
    const inBatch = st && st.batch.indexOf(c.example) >= 0;
    let math = "";
    let note = "";
    if (known && st.refused) {
      math = "Not applied: " + esc(st.reason);
    } else if (known) {
      math = symbol + " ← " + symbol + " − η·" + gradSym + " = " + f(before) + " − " + f(st.lr, 3) + "·" + f(gradBatch) + " = " + n(after);
      note =
        "The update uses the mini-batch's mean gradient " + gradSym + " = " + n(gradBatch) + " over " + st.batch.length +
        " examples (example #" + (c.example + 1) + (inBatch ? " is one of them" : " is not among them") +
        "), not the single example's gradient above.";
      if (what === "w" && c.l2 > 0) note += " With L2, ∂L/∂w = δ·a + λw (λ = " + n(c.l2) + "): each step also pulls the weight toward 0.";
    }
    return {
      kind: "update", layer: 0, tone: "update", tag: "Update", known: known, math: math, note: note,
      symbolic: symbol + " ← " + symbol + " − η·" + gradSym, hint: PRESS.update, value: known && !st.refused ? after : undefined,
    };
  }


  BL.equations = {
    esc: esc,
    n: n,
    f: f,
    s: s,
    layerNames: layerNames,
    row: row,
    PRESS: PRESS,
    neuronRows: neuronRows,
    updateRow: updateRow,
  };
})();
