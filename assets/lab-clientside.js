/* Clientside callbacks (registered in app/callbacks/clientside.py). They run in
 * the browser, so drawing the data, the loss chart and the read-outs never costs
 * a server request. The page's state and its requests belong to BackpropLab.lab. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const NU = () => window.dash_clientside.no_update;
  const fmt = (v, d) => BL.util.fmt(v, d);
  // The charts' words and numbers grow with the diagram's in the presentation view, so
  // the back of the room reads them too.
  const chartPx = (px) => Math.round((px * BL.labels.px()) / BL.util.rules().numbers.label_px);

  let lastData = null; // the data plot's inputs, so new colours redraw it without a request
  let heldData = null; // the data plot's inputs while Play's view is held

  function pendingBatch(step, view) {
    // Ring the mini-batch only while its step is the one waiting to be applied.
    if (!step || !view || !step["for"]) return null;
    return step["for"].step === view.step && step["for"].run === view.run ? step.batch : null;
  }

  function rest() {
    BL.draw
      .whenGraph()
      .then(function () {
        BL.phases.renderRest(true);
      })
      .catch(function () {});
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.backprop = {
    lrText: function (lr_log) {
      if (typeof lr_log !== "number" || !isFinite(lr_log)) return NU();
      // Plain decimals (0.0001, not 1e-4): the slider's marks read the same way.
      return "η = " + String(Number(Math.pow(10, lr_log).toPrecision(3)));
    },

    onReset: function () {
      BL.lab.abort();
      BL.lab.status("");
    },

    syncSettings: function (lr_log, speed, example) {
      const S = BL.lab.state;
      const moved = Number.isInteger(example) && example !== S.example;
      BL.lab.sync({ lr_log: lr_log, speed: speed, example: example });
      if (moved) BL.phases.renderRest();
    },

    onFigure: function (figure) {
      // Only a figure from the server (page load, Reset) is a new base to draw on.
      if (BL.draw.setBase(figure)) rest();
    },

    onState: function (net_state, view, data) {
      BL.lab.sync({ net_state: net_state, view: view, data: data });
      rest();
    },

    onReply: function (reply) {
      BL.lab.onReply(reply);
    },

    onDiagramClick: function (clickData) {
      BL.util.emit("diagram-click", { clickData: clickData });
    },

    readouts: function (view) {
      // A view Play holds is drawn at its last frame (bl:drawn); its frames say the step.
      if (!view || BL.lab.held(view)) return [NU(), NU()];
      // With L2 the loss has two parts: the data's and the λ-term (λ/2)·Σw².
      const loss = view.l2_term !== undefined && view.l2_term !== null ? fmt(view.data_loss, 4) + " + λ-term " + fmt(view.l2_term, 3) : fmt(view.train_loss, 4);
      return [String(view.step), loss];
    },

    pickExample: function (clickData, data) {
      const p = clickData && clickData.points && clickData.points[0];
      const i = p && p.customdata;
      const n = data && data.X ? data.X.length : 0;
      if (!Number.isInteger(i) || i < 0 || i >= n) return NU();
      return i;
    },

    exampleLabel: function (example, data) {
      if (!data || !data.X || !data.X[example]) return "";
      const x = data.X[example];
      const y = data.Y[example];
      const k = BL.classes.count(data);
      const target = y.length === 1 ? fmt(y[0], 3) : "(" + y.map((v) => fmt(v, 3)).join(", ") + ")" + (k ? ", class " + (BL.classes.of(y) + 1) : "");
      return [
        "Showing example #" + (example + 1) + ": x = (" + fmt(x[0], 3) + ", " + fmt(x[1], 3) + "), target y = " + target,
        " · click a data point to pick another",
      ].join("");
    },

    batchLabel: function (data) {
      if (!data || !data.X) return "";
      return "A training step learns from a mini-batch of " + data.batch_size + " of these " + data.X.length + " training points (ringed once a step is computed). Shading: the network's prediction.";
    },

    dataFigure: function (data, view, example, step) {
      if (data && BL.lab.held(view)) heldData = [data, view, example, step];
      if (!data || !data.X || !view || BL.lab.held(view)) return NU();
      lastData = [data, view, example, step];
      const lo = data.task === "regression" ? -1 : 0; // regression targets lie in about [−1, 1]
      const X = data.X;
      const xs = X.map((p) => p[0]);
      const ys = X.map((p) => p[1]);
      const idx = X.map((_, i) => i);
      // Several classes: one colour per class; else the target's value on the shading's scale.
      const k = BL.classes.count(data);
      const colours = (Y) => (k ? Y.map((row) => BL.classes.colour(BL.classes.of(row))) : Y.map((row) => row[0]));
      const traces = [
        k ? BL.classes.surface(data, view) : {
          type: "heatmap",
          x: data.grid_x,
          y: data.grid_y,
          z: view.surface,
          zmin: lo,
          zmax: 1,
          colorscale: BL.palette.scale("surface"),
          opacity: 0.55,
          showscale: false,
          hoverinfo: "skip",
          zsmooth: "best",
        },
        {
          type: "scatter",
          mode: "markers",
          x: xs,
          y: ys,
          customdata: idx,
          marker: {
            size: 8,
            color: colours(data.Y),
            cmin: lo,
            cmax: 1,
            colorscale: BL.palette.scale("surface"),
            line: { color: "#1e293b", width: 0.8 },
          },
          hovertemplate: "x = (%{x:.3f}, %{y:.3f})<extra>click to follow</extra>",
          name: "training data",
          showlegend: false,
        },
      ];
      if (data.X_test && data.X_test.length) {
        // Held-out points: drawn as hollow diamonds, never ringed, never trained on.
        traces.push({
          type: "scatter",
          mode: "markers",
          x: data.X_test.map((p) => p[0]),
          y: data.X_test.map((p) => p[1]),
          marker: { size: 9, symbol: "diamond-open", color: colours(data.Y_test), cmin: lo, cmax: 1, colorscale: BL.palette.scale("surface"), line: { width: 2.2 } },
          hovertemplate: "test point (%{x:.3f}, %{y:.3f})<extra></extra>",
          name: "test data",
          showlegend: false,
        });
      }
      const batch = pendingBatch(step, view);
      if (batch) {
        traces.push({
          type: "scatter",
          mode: "markers",
          x: batch.map((i) => xs[i]),
          y: batch.map((i) => ys[i]),
          marker: { size: 14, color: "rgba(0,0,0,0)", line: { color: "#1e293b", width: 1.6 } },
          hoverinfo: "skip",
          showlegend: false,
        });
      }
      if (X[example]) {
        traces.push({
          type: "scatter",
          mode: "markers+text",
          x: [xs[example]],
          y: [ys[example]],
          text: ["#" + (example + 1)],
          textposition: "top center",
          textfont: { size: chartPx(12), color: "#1d4ed8", family: BL.util.rules().font },
          marker: { size: 18, color: "rgba(37,99,235,0.15)", line: { color: "#2563eb", width: 3 } },
          cliponaxis: false, // an example at the top edge keeps its name, in the margin above
          hoverinfo: "skip",
          showlegend: false,
        });
      }
      const axis = { zeroline: false, showgrid: false, ticks: "outside", tickfont: { size: chartPx(10) } };
      return {
        data: traces,
        layout: {
          margin: { l: chartPx(34), r: 8, t: chartPx(10), b: chartPx(28) },
          // Both axes keep their ranges: the square plot centres in whatever box the
          // card gives it, rather than stretching one axis past the data.
          xaxis: Object.assign({ constrain: "domain", range: [data.grid_x[0], data.grid_x[data.grid_x.length - 1]], title: { text: "x₁", standoff: 2, font: { size: chartPx(11) } } }, axis),
          yaxis: Object.assign({ constrain: "domain", range: [data.grid_y[0], data.grid_y[data.grid_y.length - 1]], title: { text: "x₂", standoff: 2, font: { size: chartPx(11) } }, scaleanchor: "x" }, axis),
          paper_bgcolor: "rgba(0,0,0,0)",
          plot_bgcolor: "#ffffff",
          font: { family: BL.util.rules().font, color: "#334155" },
          dragmode: false,
          hovermode: "closest",
          uirevision: "data",
        },
      };
    },

    lossFigure: function (view) {
      if (!view || !view.losses || BL.lab.held(view)) return NU();
      const start = view.step - view.losses.length + 1;
      const x = view.losses.map((_, i) => start + i);
      // Before training the chart has one point: axes of their own keep it in sight, off
      // the axis line and below the top edge, with room for the steps to come.
      const y0 = view.losses[0];
      const first = view.losses.length === 1 && isFinite(y0) && y0 > 0 ? { x: { range: [-0.5, start + 10] }, y: { range: [0, 1.25 * y0] } } : {};
      return {
        data: [
          {
            type: "scatter",
            mode: view.losses.length < 40 ? "lines+markers" : "lines",
            x: x,
            y: view.losses,
            line: { color: "#0f172a", width: 2 },
            marker: { size: 4, color: "#0f172a" },
            hovertemplate: "step %{x}: loss %{y:.4f}<extra></extra>",
            fill: "tozeroy",
            fillcolor: "rgba(15,23,42,0.06)",
            name: "training",
          },
        ].concat(testLossTrace(view)),
        layout: {
          margin: { l: chartPx(40), r: 8, t: 6, b: chartPx(20) },
          // the x axis is named by the card's title ("Loss over training steps"): in a chart
          // 105 px tall its own title ran over the step numbers
          xaxis: Object.assign({ tickfont: { size: chartPx(10) }, rangemode: "tozero", zeroline: false, showgrid: false }, first.x),
          yaxis: Object.assign({ title: { text: "loss", font: { size: chartPx(11) }, standoff: 2 }, tickfont: { size: chartPx(10) }, rangemode: "tozero", gridcolor: "#e2e8f0", zeroline: false }, first.y),
          paper_bgcolor: "rgba(0,0,0,0)",
          plot_bgcolor: "rgba(0,0,0,0)",
          font: { family: BL.util.rules().font, color: "#334155" },
          dragmode: false,
          showlegend: !!(view.test_losses && view.test_losses.length),
          legend: { orientation: "h", x: 1, xanchor: "right", y: 1.02, yanchor: "bottom", font: { size: chartPx(10) } },
        },
      };
    },
  };

  // Play's held view, drawn at its last frame: the read-outs at once, the data plot and
  // the loss chart each in a frame of its own (or once scrolled into view).
  document.addEventListener("bl:drawn", function (e) {
    const view = e.detail.view;
    const cb = window.dash_clientside.backprop;
    const set = (name, props) => BL.util.setProps(BL.util.id(name), props);
    const r = cb.readouts(view);
    set("STEP_COUNT", { children: r[0] });
    set("LOSS_VALUE", { children: r[1] });
    BL.frames.afterSeen(1, view, "DATA_GRAPH", function () {
      const d = heldData && heldData[1] === view ? heldData : lastData && [lastData[0], view, lastData[2], lastData[3]];
      if (d) set("DATA_GRAPH", { figure: cb.dataFigure.apply(null, d) });
    });
    BL.frames.afterSeen(2, view, "LOSS_GRAPH", () => set("LOSS_GRAPH", { figure: cb.lossFigure(view) }));
  });

  document.addEventListener("bl:palette", function () {
    if (!lastData) return;
    const figure = window.dash_clientside.backprop.dataFigure.apply(null, lastData);
    BL.util.setProps(BL.util.id("DATA_GRAPH"), { figure: figure });
  });

  /* Between Play's answers each frame moves the step count and the loss read-out on
   * to its step (the answer's losses are one a step). The loss chart waits for the
   * answer's view, at its last frame: every change of its lines is a whole Plotly
   * redraw (axes and all, about 14 ms here and 70 ms on a four times slower laptop),
   * and four more a second halved the frame rate of a slow machine. */
  document.addEventListener("bl:frame", function (e) {
    const reply = e.detail.reply;
    const frame = e.detail.frame;
    if (e.detail.last) return;
    const losses = reply.losses.slice(0, frame.step - reply["for"].step);
    BL.util.setProps(BL.util.id("STEP_COUNT"), { children: String(frame.step) });
    if (losses.length && BL.lab.state.view.l2_term == null) BL.util.setProps(BL.util.id("LOSS_VALUE"), { children: fmt(losses[losses.length - 1], 4) });
  });

  // The test points' loss, aligned with the training curve from the latest step back.
  function testLossTrace(view) {
    const t = view.test_losses;
    if (!t || !t.length) return [];
    const n = Math.min(t.length, view.losses.length);
    const tail = t.slice(-n);
    return [
      {
        type: "scatter",
        mode: n < 40 ? "lines+markers" : "lines",
        x: tail.map((_, i) => view.step - n + 1 + i),
        y: tail,
        line: { color: "#d97706", width: 2, dash: "dot" },
        marker: { size: 4, color: "#d97706" },
        hovertemplate: "step %{x}: test loss %{y:.4f}<extra></extra>",
        name: "test",
      },
    ];
  }
})();
