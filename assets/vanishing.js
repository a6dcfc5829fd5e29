/* The vanishing-gradients lab and the accuracy read-out (BackpropLab has no member
 * for this file: it only answers clientside callbacks and marks the diagram).
 *
 * The chart draws the gradient's size per weight, the root-mean-square of ∂L/∂W(l)
 * (the engine's grad_rms), per layer over the recent steps (view.grad_hist); the
 * text says in words what the chart shows, and saturated and dead units get a ring
 * on the diagram (bl:paint). Clientside callbacks (app/callbacks/playground.py):
 * playground.readMetric, gradFigure, vanishText. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const fmt = (v, d) => BL.util.fmt(v, d);

  function pct(v) {
    return v === null || v === undefined || !isFinite(v) ? "–" : (100 * v).toFixed(1).replace(/\.0$/, "") + "%";
  }

  // ---------- saturated and dead units on the diagram ----------
  document.addEventListener("bl:paint", function (e) {
    const data = e.detail.data;
    const layout = e.detail.layout;
    const v = BL.lab.state.drawn || BL.lab.state.view; // the view on screen
    const m = layout.meta;
    const marks = v && v.marks;
    if (!marks || !m || marks.saturated.length !== m.sizes.length - 1) return;
    const nd = data[m.neurons];
    const base = nd.marker.line || {};
    const color = [];
    const width = [];
    const opacity = [];
    m.sizes.forEach(function (n, l) {
      for (let j = 0; j < n; j++) {
        const sat = l > 0 && marks.saturated[l - 1][j];
        const dead = l > 0 && marks.dead[l - 1][j];
        color.push(dead ? "#111827" : sat ? "#d97706" : base.color || "#334155");
        width.push(dead || sat ? 4 : base.width || 1.5);
        opacity.push(dead ? 0.45 : 1);
      }
    });
    nd.marker = Object.assign({}, nd.marker, { line: { color: color, width: width }, opacity: opacity });
  });

  // ---------- charts and words ----------
  function layerColour(l, L) {
    // layer 1 amber → output layer deep blue: the input side is where gradients vanish
    const a = [217, 119, 6];
    const b = [30, 58, 138];
    const t = L > 1 ? (l - 1) / (L - 1) : 1;
    const c = a.map((v, i) => Math.round(v + (b[i] - v) * t));
    return "rgb(" + c.join(",") + ")";
  }

  /* One line per layer, but three legend entries: W(1), the layers between (one
   * group, toggled together) and the output layer. Eleven entries did not fit beside
   * the chart and scrolled; the hover still names each line. */
  function legendOf(l, L) {
    if (l === 1) return { name: "W(1) first layer", legendgroup: "first", showlegend: true };
    if (l === L) return { name: "W(" + L + ") output layer", legendgroup: "last", showlegend: true };
    const name = L === 3 ? "W(2)" : L === 4 ? "W(2), W(3)" : "W(2) … W(" + (L - 1) + ")";
    return { name: name, legendgroup: "between", showlegend: l === 2 };
  }

  function gradFigure(view) {
    const hist = (view && view.grad_hist) || [];
    const traces = [];
    if (hist.length) {
      const L = hist[hist.length - 1].length;
      const start = view.step - hist.length + 1;
      const x = hist.map((_, i) => start + i);
      for (let l = 1; l <= L; l++) {
        traces.push(
          Object.assign(legendOf(l, L), {
            type: "scatter",
            mode: hist.length < 3 ? "lines+markers" : "lines",
            x: x,
            y: hist.map((g) => (g && g[l - 1] > 0 && isFinite(g[l - 1]) ? g[l - 1] : null)),
            line: { color: layerColour(l, L), width: l === 1 || l === L ? 3 : 1.6 },
            marker: { size: 6, color: layerColour(l, L) },
            hovertemplate: "step %{x}: RMS of ∂L/∂W(" + l + ") = %{y:.3g}<extra></extra>",
          })
        );
      }
    }
    return {
      data: traces,
      layout: {
        margin: { l: 48, r: 8, t: 6, b: 28 },
        xaxis: { title: { text: "training step", font: { size: 11 }, standoff: 2 }, tickfont: { size: 10 }, showgrid: false, zeroline: false },
        yaxis: { type: "log", title: { text: "RMS of ∂L/∂W(l) (log)", font: { size: 11 }, standoff: 2 }, tickfont: { size: 10 }, gridcolor: "#e2e8f0", exponentformat: "power" },
        // Above the plot, in a row that wraps: readable at any width, never scrolled.
        legend: { font: { size: 11 }, orientation: "h", x: 0, xanchor: "left", y: 1.02, yanchor: "bottom", traceorder: "normal" },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        font: { family: BL.util.rules().font, color: "#334155" },
        dragmode: false,
        showlegend: true,
        uirevision: "grad",
      },
    };
  }

  function vanishText(view, config) {
    const hist = (view && view.grad_hist) || [];
    const g = hist[hist.length - 1];
    if (!g || !config) return "";
    const L = g.length;
    const on = (b) => (b ? "on" : "off");
    const names = BL.util.rules().activation_names;
    const setup =
      "Now: " + (L - 1) + " hidden layer" + (L === 2 ? "" : "s") + ", σ = " + (names[config.activation] || config.activation) +
      ", residual " + on(config.residual) + ", normalization " + on(config.normalization) + ". ";
    let count = 0;
    let sat = 0;
    let dead = 0;
    const marks = view.marks;
    if (marks) {
      marks.saturated.slice(0, -1).forEach((layer, i) =>
        layer.forEach((s, j) => {
          count += 1;
          if (s) sat += 1;
          if (marks.dead[i][j]) dead += 1;
        })
      );
    }
    const units =
      (sat ? sat + " of " + count + " hidden units are saturated (amber rings): their σ′ is almost 0, so they pass almost no error back. " : "") +
      (dead ? dead + " of " + count + " ReLUs are dead (faded): they output 0 for every point, so no gradient flows through them. " : "");
    if (L < 3) return setup + units + "With so few layers the error has little distance to fade over. Press the deep preset to see what happens in a deep network.";
    // The first and the output layer, per weight: W(1) and W(L) differ in shape, so
    // their root-mean-squares compare fairly where their norms would not.
    const A = "W(1)";
    const B = "W(" + L + ")";
    const what = "Compared per weight (the root-mean-square of ∂L/∂W(l), the thick lines): ";
    const first = g[0];
    const last = g[L - 1];
    if (!(first > 0) || !(last > 0)) return setup + units + "No gradient reaches the first layer at all.";
    const r = first / last;
    let words;
    if (r < 0.01) {
      words =
        "the gradient reaching " + A + ", the first layer, is " + fmt(1 / r, 2) + "× smaller than at " + B + ", the output layer, " + (L - 1) + " layers further on. " +
        "On its way back the error is multiplied by σ′ at every layer" + (config.activation === "sigmoid" ? " (at most 0.25 for the sigmoid)" : "") +
        ", so it fades, and the first layers hardly learn. Try ReLU, residual connections or normalization and watch the lines close up.";
    } else if (r < 0.1) {
      words = "the gradient at " + A + ", the first layer, is " + fmt(1 / r, 2) + "× smaller than at " + B + ", the output layer: it still fades on the way back, but far less.";
    } else if (r <= 10) {
      words = "gradients of a similar size reach every layer (" + A + ", the first layer, gets " + fmt(r, 2) + "× what " + B + ", the output layer, gets), so every layer learns at a similar pace.";
    } else {
      words = "the gradient at " + A + ", the first layer, is " + fmt(r, 2) + "× larger than at " + B + ", the output layer: it grows on the way back (exploding gradients), so a smaller η is safer.";
    }
    return setup + what + words + " " + units;
  }

  function metricText(view) {
    const m = view && view.metric;
    if (!m) return ["Accuracy", "–"];
    if (m.name === "accuracy") return ["Accuracy", pct(m.train) + (m.test !== null ? " · test " + pct(m.test) : "")];
    return ["Error", fmt(m.train, 3) + (m.test !== null ? " · test " + fmt(m.test, 3) : "")];
  }

  window.dash_clientside = window.dash_clientside || {};
  // A view Play holds is drawn at its last frame (bl:drawn), the chart in a frame of its own.
  const held = (view) => !!(BL.lab && BL.lab.held(view));
  const NU = () => window.dash_clientside.no_update;
  let config = null; // the settings the words were last asked with
  window.dash_clientside.playground = Object.assign(window.dash_clientside.playground || {}, {
    readMetric: (view) => (held(view) ? [NU(), NU()] : metricText(view)),
    gradFigure: (view) => (held(view) ? NU() : gradFigure(view)),
    vanishText: (view, cfg) => ((config = cfg), held(view) ? NU() : vanishText(view, cfg)),
  });
  document.addEventListener("bl:drawn", function (e) {
    const view = e.detail.view;
    const set = (name, props) => BL.util.setProps(BL.util.id(name), props);
    const m = metricText(view);
    set("ACCURACY_LABEL", { children: m[0] });
    set("ACCURACY_VALUE", { children: m[1] });
    set("VANISH_TEXT", { children: vanishText(view, config) });
    BL.frames.afterSeen(3, view, "GRAD_NORM_GRAPH", () => set("GRAD_NORM_GRAPH", { figure: gradFigure(view) }));
  });
})();
