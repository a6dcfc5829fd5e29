/* The chain-rule inspector: click a neuron or a connection of the diagram and the
 * page's equations appear with the numbers of the example on show put in, as far
 * as the step has got (BL.view, kept by assets/substeps.js). Every number is one
 * the server's engine sent in step-store; this file only lays them out. Beside
 * them, the finite-difference check of a clicked weight, computed on the server.
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const EPS = 1e-4; // the nudge; the server accepts 1e-7 to 1e-2
  const AMBER = "#d97706";

  const I = (BL.inspector = { selected: null, fd: null, fdKey: null });

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) window.dash_clientside.set_props(id, props);
  }

  // ---------- typesetting ----------
  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }
  function n(v, d) {
    return '<span class="bl-num">' + BL.fmt(v, d || 4) + "</span>";
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

  // ---------- what is known now ----------
  function context() {
    const S = BL.state;
    const V = BL.view || { step: null, done: 0, playing: 0 };
    const netState = V.net || S.net;
    if (!netState || !S.view) return null;
    const cfg = netState.net;
    const sizes = cfg.sizes;
    const L = sizes.length - 1;
    const step = V.step;
    const done = step ? V.done : 0;
    const example = step ? step["for"].example : S.example;
    const d = S.data;
    const x = step ? step.shown.x : d && d.X[example];
    const y = step ? step.shown.y : d && [d.y[example]];
    const back = 2 * L + 2 - done; // the lowest layer whose gradient is known
    const now = V.playing || V.done;
    return {
      S: S,
      V: V,
      cfg: cfg,
      netState: netState,
      sizes: sizes,
      L: L,
      step: step,
      sh: step && step.shown,
      example: example,
      x: x,
      y: y,
      W: step ? step.weights_before : S.view.weights,
      b: step ? step.biases_before : S.view.biases,
      names: layerNames(sizes),
      fwd: (l) => !!step && done >= l,
      loss: () => !!step && done >= L + 1,
      delta: (l) => !!step && done >= L + 2 && l >= Math.max(1, back - 1),
      grad: (l) => !!step && done >= L + 2 && l >= back,
      update: () => !!step && done >= 2 * L + 2,
      nowPiece: step && now ? now : 0,
      playing: !!V.playing,
    };
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
    rows.push({
      kind: "fwd", layer: l, tone: "forward", tag: "Activation", known: c.fwd(l),
      math: c.fwd(l) ? aSym + " = σ(" + zSym + ") = " + act + "(" + n(sh.z[l - 1][j]) + ") = " + n(sh.a[l][j]) : "",
      symbolic: aSym + " = σ(" + zSym + "), σ = " + act, hint: PRESS.fwd, value: sh && sh.a[l][j],
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
      note: known && l === L && c.cfg.loss === "bce" ? "With cross-entropy, σ′ cancels out of δ at the output: it is shown for completeness." : "",
      symbolic: spSym, hint: PRESS.back, value: sp,
    });
    let dMath = "";
    let dSymbolic;
    if (l === L) {
      if (c.cfg.loss === "bce") {
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
    if (known && st.diverged) {
      math = "Not applied: " + esc(st.reason);
    } else if (known) {
      math = symbol + " ← " + symbol + " − η·" + gradSym + " = " + f(before) + " − " + f(st.lr, 3) + "·" + f(gradBatch) + " = " + n(after);
      note =
        "The update uses the mini-batch's mean gradient " + gradSym + " = " + n(gradBatch) + " over " + st.batch.length +
        " examples (example #" + (c.example + 1) + (inBatch ? " is one of them" : " is not among them") +
        "), not the single example's gradient above.";
    }
    return {
      kind: "update", layer: 0, tone: "update", tag: "Update", known: known, math: math, note: note,
      symbolic: symbol + " ← " + symbol + " − η·" + gradSym, hint: PRESS.update, value: known && !st.diverged ? after : undefined,
    };
  }

  function exampleLine(c) {
    const x = c.x ? c.x.map((v) => BL.fmt(v, 3)).join(", ") : "–";
    const y = c.y ? c.y.map((v) => BL.fmt(v, 3)).join(", ") : "–";
    let where = "before any step";
    if (c.step) {
      const src = c.V.source === "history" && !BL.latestAtEnd() ? "replaying step " : "step ";
      where = src + (c.step["for"].step + 1) + " · piece " + c.V.done + " of " + (2 * c.L + 2);
    }
    return '<div class="bl-insp-context">Example #' + (c.example + 1) + ": x = (" + x + "), target y = " + y + " · " + where + "</div>";
  }

  function render() {
    const body = document.getElementById("inspector-body");
    if (!body) return;
    const c = context();
    let sel = I.selected;
    if (c && sel && !valid(sel, c.sizes)) sel = I.selected = null;
    if (!c || !sel) {
      body.innerHTML =
        '<div class="bl-insp-empty"><div class="bl-insp-empty-title">Click a neuron or a connection in the diagram</div>' +
        "<div>Its equations appear here with this example's numbers put in: z = Σ w·a + b, a = σ(z), σ′(z), δ, ∂L/∂w = δ·a and the update. " +
        "Then press <b>Forward</b>, <b>Backward</b>, <b>Update weights</b> or <b>Next piece ▸</b> to fill them in.</div></div>";
      renderCheck(c, null);
      return;
    }
    let html = "";
    let rows = [];
    if (sel.kind === "neuron" && sel.l === 0) {
      html += '<div class="bl-insp-title">Input ' + s("x", null, sel.k + 1) + "</div>" + exampleLine(c);
      html +=
        '<div class="bl-eq-row bl-eq-forward is-known" data-row="input"><div class="bl-eq-tag">Input</div><div><div class="bl-eq-math">' +
        s("a", 0, sel.k + 1) + " = " + s("x", null, sel.k + 1) + " = " + n(c.x[sel.k]) +
        '</div><div class="bl-eq-note">Inputs have no weights, z or δ of their own. Click a connection or a neuron to the right.</div></div></div>';
    } else if (sel.kind === "neuron") {
      const l = sel.l;
      const j = sel.k;
      html += '<div class="bl-insp-title">Neuron ' + (j + 1) + " of " + (l === c.L ? "the output layer" : c.names[l]) + " (" + s("a", l, j + 1) + ")</div>" + exampleLine(c);
      rows = neuronRows(c, l, j, -1);
      const g = c.grad(l);
      const bSym = s("b", l, j + 1);
      rows.push({
        kind: "grad", layer: l, tone: "backward", tag: "Gradient", known: g,
        math: g ? "∂L/∂" + bSym + " = " + s("δ", l, j + 1) + " = " + n(c.sh.grad_b[l - 1][j]) + " for this example" : "",
        symbolic: "∂L/∂" + bSym + " = " + s("δ", l, j + 1), hint: PRESS.back, value: c.sh && c.sh.grad_b[l - 1][j],
      });
      const st = c.step;
      rows.push(updateRow(c, "b", bSym, "∂L/∂" + bSym, c.b[l - 1][j], st && st.grad_b[l - 1][j], st && st.after.biases[l - 1][j]));
    } else {
      const l = sel.l;
      const j = sel.j;
      const i = sel.i;
      const wSym = s("W", l, j + 1 + "," + (i + 1));
      html +=
        '<div class="bl-insp-title">Weight ' + wSym + " = " + n(c.W[l - 1][j][i]) + '</div><div class="bl-insp-sub">from ' +
        (l === 1 ? "input " + s("x", null, i + 1) : "neuron " + (i + 1) + " of " + c.names[l - 1]) + " to neuron " + (j + 1) +
        " of " + (l === c.L ? "the output layer" : c.names[l]) + "</div>" + exampleLine(c);
      rows = neuronRows(c, l, j, i);
      const g = c.grad(l);
      const gSym = "∂L/∂" + wSym;
      rows.push({
        kind: "grad", layer: l, tone: "backward", tag: "Gradient", known: g,
        math: g
          ? gSym + " = " + s("δ", l, j + 1) + "·" + s("a", l - 1, i + 1) + " = " + f(c.sh.delta[l - 1][j]) + "·" + f(c.sh.a[l - 1][i]) + " = " + n(c.sh.grad_w[l - 1][j][i])
          : "",
        note: g ? "This example's own gradient." : "",
        symbolic: gSym + " = " + s("δ", l, j + 1) + "·" + s("a", l - 1, i + 1), hint: PRESS.back, value: c.sh && c.sh.grad_w[l - 1][j][i],
      });
      const st = c.step;
      rows.push(updateRow(c, "w", wSym, gSym, c.W[l - 1][j][i], st && st.grad_w[l - 1][j][i], st && st.after.weights[l - 1][j][i]));
    }
    html += '<div class="bl-eq-rows">' + rows.map((o) => row(c, o)).join("") + "</div>";
    body.innerHTML = html;
    renderCheck(c, sel);
  }

  function valid(sel, sizes) {
    const ok = (v, hi) => Number.isInteger(v) && v >= 0 && v < hi;
    if (sel.kind === "neuron") return ok(sel.l, sizes.length) && ok(sel.k, sizes[sel.l]);
    return sel.l >= 1 && ok(sel.l, sizes.length) && ok(sel.j, sizes[sel.l]) && ok(sel.i, sizes[sel.l - 1]);
  }

  // ---------- the finite-difference check ----------
  function requestCheck(c, sel) {
    const req = { net: c.netState, example: c.example, weight: [sel.l - 1, sel.j, sel.i], eps: EPS };
    const key = [c.netState.run, c.netState.step, c.example, req.weight.join(","), EPS].join("|");
    if (key !== I.fdKey) {
      I.fdKey = key;
      I.fd = null;
      setProps("fd-request-store", { data: req });
    }
    return key;
  }

  function answerKey(a) {
    const w = a && a["for"];
    return w ? [w.run, w.step, w.example, w.weight.join(","), w.eps].join("|") : null;
  }

  function renderCheck(c, sel) {
    const box = document.getElementById("fd-body");
    if (!box) return;
    let html = '<div class="bl-fd-title">Check by finite differences</div>';
    if (!c || !sel || sel.kind !== "weight") {
      box.innerHTML =
        html +
        "<p>Click a <b>connection</b> in the diagram: its weight is nudged up and down by a tiny ε, the loss is measured both ways, " +
        "and the slope is set beside the derivative backprop computed.</p>";
      return;
    }
    const key = requestCheck(c, sel);
    const a = I.fd;
    if (a && a.error && (!a["for"] || answerKey(a) === key)) {
      box.innerHTML = html + '<p class="bl-fd-error" role="alert">' + esc(a.error) + "</p>";
      return;
    }
    if (!a || answerKey(a) !== key) {
      box.innerHTML = html + '<p class="bl-muted">Nudging the weight…</p>';
      return;
    }
    const l = sel.l;
    const wSym = s("w", null, null);
    const eps = BL.fmt(a["for"].eps, 2);
    html +=
      '<div class="bl-fd-grid">' +
      '<div>' + wSym + " + ε</div><div>L = " + n(a.loss_plus, 9) + "</div>" +
      '<div>' + wSym + " − ε</div><div>L = " + n(a.loss_minus, 9) + "</div>" +
      '<div class="bl-fd-strong">slope</div><div class="bl-fd-strong" data-fd="numerical">(L(w+ε) − L(w−ε)) / 2ε = ' + n(a.numerical, 6) + "</div>";
    if (c.grad(l)) {
      html +=
        '<div class="bl-fd-strong">backprop</div><div class="bl-fd-strong" data-fd="backprop">∂L/∂w = ' + n(a.backprop, 6) + "</div></div>" +
        '<p class="bl-fd-verdict">They agree: relative difference ' + n(a.relative_error, 2) + ".</p>";
    } else {
      html +=
        '<div>backprop</div><div class="bl-eq-hint" data-fd="backprop-pending">Press <b>Backward</b> or <b>Next piece ▸</b> to see what backprop predicts.</div></div>';
    }
    html +=
      '<p class="bl-fd-lesson">With w = ' + n(a.weight) + " nudged by ε = " + eps + " on example #" + (a["for"].example + 1) +
      ", this one derivative cost two extra forward passes. Checking all " + a.n_weights + " weights this way takes " + 2 * a.n_weights +
      " passes; <b>backprop gets the same derivative for every weight in one backward sweep</b>.</p>";
    box.innerHTML = html;
  }

  // ---------- highlight in the diagram ----------
  BL.decorate = function (data, layout) {
    const sel = I.selected;
    const m = layout.meta;
    if (!sel || !m || !valid(sel, m.sizes)) return;
    const sizes = m.sizes;
    if (sel.kind === "neuron") {
      let idx = sel.k;
      for (let l = 0; l < sel.l; l++) idx += sizes[l];
      const nd = data[m.neurons];
      const count = nd.x.length;
      const colours = new Array(count).fill("#334155");
      const widths = new Array(count).fill(1.5);
      colours[idx] = AMBER;
      widths[idx] = 5;
      nd.marker = Object.assign({}, nd.marker, { line: { color: colours, width: widths } });
      return;
    }
    let k = sel.j * sizes[sel.l - 1] + sel.i;
    for (let l = 1; l < sel.l; l++) k += sizes[l] * sizes[l - 1];
    const edge = BL.base.layout.shapes[k];
    if (!edge) return;
    layout.shapes = layout.shapes.concat([
      Object.assign({}, edge, { line: { color: "rgba(217, 119, 6, 0.45)", width: 14 } }),
    ]);
  };

  function repaint() {
    const gd = BL.graph();
    if (gd && BL.lastLook) BL.paint(gd, BL.lastLook);
  }

  I.render = render;

  I.onClick = function (clickData) {
    const p = clickData && clickData.points && clickData.points[0];
    if (!p || !BL.base) return;
    const m = BL.base.layout.meta;
    const cd = p.customdata;
    if (!Array.isArray(cd) || !cd.every(Number.isInteger)) return;
    let sel = null;
    if (p.curveNumber === m.labels && cd.length === 3) sel = { kind: "weight", l: cd[0], j: cd[1], i: cd[2] };
    else if (p.curveNumber === m.neurons && cd.length === 2) sel = { kind: "neuron", l: cd[0], k: cd[1] };
    if (!sel || !valid(sel, m.sizes)) return;
    I.selected = sel;
    render();
    repaint();
  };

  I.onCheck = function (answer) {
    I.fd = answer;
    render();
  };
})();
