/* The chain-rule inspector (BackpropLab.inspector): click a neuron or a connection
 * of the diagram and the page's equations (assets/inspector-rows.js) appear with the
 * numbers of the example on show put in, as far as the step has got
 * (BackpropLab.substeps.view). Every number is one the server's engine sent; this
 * file only lays them out. Beside them, the finite-difference check of a clicked
 * weight, computed on the server.
 *
 *   inspector.onClick(clickData)   a click on the diagram (heard as bl:diagram-click)
 *   inspector.onCheck(answer)      the check's answer arrived (fd-store)
 *   inspector.render()             draw both boxes again (bl:show asks for it)
 *   inspector.selected             the neuron or weight chosen, or null
 * The selection is highlighted on the diagram (bl:highlight). */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const AMBER = "#d97706";

  const I = (BL.inspector = { selected: null, fd: null, fdKey: null });

  const U = () => BL.util;

  // ---------- what is known now ----------
  function context() {
    const S = BL.lab.state;
    const V = BL.substeps.view;
    const net_state = V.net_state || S.net_state;
    if (!net_state || !S.view) return null;
    const cfg = net_state.net_json;
    const sizes = cfg.sizes;
    const L = sizes.length - 1;
    const step = V.step;
    const done = step ? V.done : 0;
    const example = step ? step["for"].example : S.example;
    const d = S.data;
    // a(0) is the point itself unless features of it were chosen: then only the
    // engine's trace (a step's shown.x) knows their values.
    const raw = !d || !d.inputs || rawInputs(d.inputs);
    const x = step ? step.shown.x : d && raw ? d.X[example] : null;
    const y = step ? step.shown.y : d && d.Y[example]; // the target row, one entry per output
    const back = 2 * L + 2 - done; // the lowest layer whose gradient is known
    const now = V.playing || V.done;
    return {
      S: S,
      V: V,
      cfg: cfg,
      net_state: net_state,
      sizes: sizes,
      L: L,
      step: step,
      sh: step && step.shown,
      example: example,
      x: x,
      y: y,
      point: d && d.X[example],
      l2: (step ? step.l2 : cfg.l2) || 0, // λ: ∂L/∂w = δ·a + λw
      raw: raw,
      inputs: (d && d.inputs) || [],
      W: step ? step.weights_before : S.view.weights,
      b: step ? step.biases_before : S.view.biases,
      names: BL.equations.layerNames(sizes),
      fwd: (l) => !!step && done >= l,
      loss: () => !!step && done >= L + 1,
      delta: (l) => !!step && done >= L + 2 && l >= Math.max(1, back - 1),
      grad: (l) => !!step && done >= L + 2 && l >= back,
      update: () => !!step && done >= 2 * L + 2,
      nowPiece: step && now ? now : 0,
      playing: !!V.playing,
    };
  }

  function rawInputs(inputs) {
    const names = U().rules().feature_names;
    return U().same(inputs, U().rules().raw_features.map((f) => names[f]));
  }

  // How the page writes input k: x₁, or the feature's own name (x₁², sin x₂, …).
  function inputSym(c, k) {
    const { s, esc } = BL.equations;
    return c.raw || !c.inputs[k] ? s("x", null, k + 1) : '<span class="bl-sym">' + esc(c.inputs[k]) + "</span>";
  }

  function exampleLine(c) {
    const list = (v) => v.map((e) => U().fmt(e, 3)).join(", ");
    let x = c.raw ? (c.x ? list(c.x) : "–") : c.point ? list(c.point) : "–";
    if (!c.raw && c.x) x += ") → a<sup>(0)</sup> = (" + list(c.x);
    const y = c.y ? c.y.map((v) => U().fmt(v, 3)).join(", ") : "–";
    let where = "before any step";
    if (c.step) {
      const src = c.V.source === "history" && !BL.substeps.latestAtEnd() ? "replaying step " : "step ";
      where = src + (c.step["for"].step + 1) + " · piece " + c.V.done + " of " + (2 * c.L + 2);
    }
    return '<div class="bl-insp-context">Example #' + (c.example + 1) + ": x = (" + x + "), target y = " + y + " · " + where + "</div>";
  }

  function render() {
    const { s, n, f, row, neuronRows, updateRow, PRESS } = BL.equations;
    const body = document.getElementById(U().id("INSPECTOR_BODY"));
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
      html += '<div class="bl-insp-title">Input ' + inputSym(c, sel.k) + "</div>" + exampleLine(c);
      html +=
        '<div class="bl-eq-row bl-eq-forward is-known" data-row="input"><div class="bl-eq-tag">Input</div><div><div class="bl-eq-math">' +
        s("a", 0, sel.k + 1) + " = " + inputSym(c, sel.k) + " = " + (c.x ? n(c.x[sel.k]) : "? (press Forward)") +
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
        (l === 1 ? "input " + inputSym(c, i) : "neuron " + (i + 1) + " of " + c.names[l - 1]) + " to neuron " + (j + 1) +
        " of " + (l === c.L ? "the output layer" : c.names[l]) + "</div>" + exampleLine(c);
      rows = neuronRows(c, l, j, i);
      const g = c.grad(l);
      const gSym = "∂L/∂" + wSym;
      // With L2 the gradient gains λw: the λ-term (λ/2)·Σw² pulls every weight toward 0.
      const lam = c.l2 > 0;
      const gSymbolic = gSym + " = " + s("δ", l, j + 1) + "·" + s("a", l - 1, i + 1) + (lam ? " + λ·" + wSym : "");
      const lamTerm = lam ? " + " + f(c.l2) + "·" + f(c.W[l - 1][j][i]) : "";
      rows.push({
        kind: "grad", layer: l, tone: "backward", tag: "Gradient", known: g,
        math: g
          ? gSymbolic + " = " + f(c.sh.delta[l - 1][j]) + "·" + f(c.sh.a[l - 1][i]) + lamTerm + " = " + n(c.sh.grad_w[l - 1][j][i])
          : "",
        note: g ? "This example's own gradient" + (lam ? ", with the L2 term's λ·w added." : ".") : "",
        symbolic: gSymbolic, hint: PRESS.back, value: c.sh && c.sh.grad_w[l - 1][j][i],
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
    const eps = U().rules().fd_eps; // the nudge
    const req = { net_state: c.net_state, example: c.example, weight: [sel.l - 1, sel.j, sel.i], eps: eps };
    const key = [c.net_state.run, c.net_state.step, c.example, req.weight.join(","), eps].join("|");
    if (key !== I.fdKey) {
      I.fdKey = key;
      I.fd = null;
      U().setProps(U().id("FD_REQUEST_STORE"), { data: req });
    }
    return key;
  }

  function answerKey(a) {
    const w = a && a["for"];
    return w ? [w.run, w.step, w.example, w.weight.join(","), w.eps].join("|") : null;
  }

  function renderCheck(c, sel) {
    const { esc, n, s } = BL.equations;
    const box = document.getElementById(U().id("FD_BODY"));
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
    const eps = U().fmt(a["for"].eps, 2);
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
  // On top of whatever rings the neurons already have (saturated, dead units).
  function highlight(e) {
    const data = e.detail.data;
    const layout = e.detail.layout;
    const sel = I.selected;
    const m = layout.meta;
    if (!sel || !m || !valid(sel, m.sizes)) return;
    const sizes = m.sizes;
    if (sel.kind === "neuron") {
      let idx = sel.k;
      for (let l = 0; l < sel.l; l++) idx += sizes[l];
      const nd = data[m.neurons];
      const line = nd.marker.line || {};
      const each = (v, dflt) => (Array.isArray(v) ? v.slice() : new Array(nd.x.length).fill(v || dflt));
      const colours = each(line.color, "#334155");
      const widths = each(line.width, 1.5);
      colours[idx] = AMBER;
      widths[idx] = 5;
      nd.marker = Object.assign({}, nd.marker, { line: { color: colours, width: widths } });
      return;
    }
    let k = sel.j * sizes[sel.l - 1] + sel.i;
    for (let l = 1; l < sel.l; l++) k += sizes[l] * sizes[l - 1];
    const edge = BL.draw.base.layout.shapes[k];
    if (!edge) return;
    layout.shapes = layout.shapes.concat([
      Object.assign({}, edge, { line: { color: "rgba(217, 119, 6, 0.45)", width: 14 } }),
    ]);
  }
  document.addEventListener("bl:highlight", highlight);
  document.addEventListener("bl:show", render);
  // A value typed in changes the network but not its step count, which the check's
  // key holds: ask the check again for the network as it is now.
  document.addEventListener("bl:adopt", function (e) {
    if (e.detail && e.detail.reply && e.detail.reply.edited) I.fdKey = null;
  });

  I.render = render;

  document.addEventListener("bl:diagram-click", (e) => I.onClick(e.detail && e.detail.clickData));

  I.onClick = function (clickData) {
    const p = clickData && clickData.points && clickData.points[0];
    if (!p || !BL.draw.base) return;
    const m = BL.draw.base.layout.meta;
    const cd = p.customdata;
    if (!Array.isArray(cd) || !cd.every(Number.isInteger)) return;
    let sel = null;
    if (p.curveNumber === m.labels && cd.length === 3) sel = { kind: "weight", l: cd[0], j: cd[1], i: cd[2] };
    else if (p.curveNumber === m.neurons && cd.length === 2) sel = { kind: "neuron", l: cd[0], k: cd[1] };
    if (!sel || !valid(sel, m.sizes)) return;
    I.selected = sel;
    render();
    BL.draw.repaint();
  };

  I.onCheck = function (answer) {
    I.fd = answer;
    render();
  };
})();
