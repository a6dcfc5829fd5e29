/* The training playground in the browser: Play / Pause, the settings draft, the
 * learning-rate lesson, and the vanishing-gradients charts and marks.
 *
 * Play is a loop here, not a timer: it asks the server for the next batch of steps
 * (play-request-store) only once the previous answer (play-reply-store) has
 * arrived and been drawn, so a slow server is never flooded and a pause takes
 * effect at the next answer. While playing, the diagram is simply repainted with
 * the new weights and the shown example's activations; the blue and red
 * animation is for single steps.
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const NU = () => window.dash_clientside.no_update;

  const PG = (BL.playground = {
    playing: false,
    nonce: 0,
    waiting: null, // {nonce, resolve, reject} while a batch is being computed
    good: null, // the lowest-loss state seen while playing (good-store)
    afterPause: [],
    applyNonce: 0,
    stepsPerSecond: 0, // measured while playing
  });

  // Steps per request by the animation-speed control; Instant also drops the pacing.
  const STEPS = { 0.5: 1, 1: 4, 3: 20, 0: 50 };
  const PACE_MS = 200; // at most five requests a second, so a class shares the server
  const GRAD_HIST = 120; // steps of gradient-norm history on the chart
  const MAX_LOSSES = 2000;
  const CRAWL_RATIO = 1e-3; // ‖ΔW‖/‖W‖ under which the loss visibly crawls
  const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  const NAMES = { sigmoid: "sigmoid", tanh: "tanh", relu: "ReLU", leaky_relu: "leaky ReLU", linear: "linear" };
  const MAX_SEED = 2147483647;
  const DEEP = { hidden: 10, neurons: 8, activation: "sigmoid" };
  const MAX_EDIT_LAYERS = 6;
  const SHOWN_LAYERS = 10;
  const REGRESSION = ["plane", "sine"];

  function setProps(id, props) {
    window.dash_clientside.set_props(id, props);
  }
  function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
  }
  function fmt(v, d) {
    return BL.fmt(v, d);
  }
  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  function clone(x) {
    return JSON.parse(JSON.stringify(x));
  }
  function pct(v) {
    return v === null || v === undefined || !isFinite(v) ? "–" : (100 * v).toFixed(1).replace(/\.0$/, "") + "%";
  }

  // ---------- Play / Pause ----------
  function showPlaying(on) {
    setProps("play-btn", {
      children: on ? "❚❚ Pause" : "▶ Play",
      className: "bl-btn bl-btn-play" + (on ? " is-playing" : ""),
    });
  }

  function request(n) {
    PG.nonce += 1;
    const nonce = PG.nonce;
    return new Promise(function (resolve, reject) {
      const timer = setTimeout(function () {
        if (PG.waiting && PG.waiting.nonce === nonce) PG.waiting = null;
        reject(new Error("The server did not answer in time, so training paused. Press Play to go on."));
      }, 20000);
      PG.waiting = {
        nonce: nonce,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      setProps("play-request-store", { data: { nonce: nonce, steps: n } });
    });
  }

  PG.onReply = function (reply) {
    const w = PG.waiting;
    if (!w || !reply || reply.nonce !== w.nonce) return;
    PG.waiting = null;
    if (reply.error) w.reject(new Error(reply.error));
    else w.resolve(reply);
  };

  function keepGood(reply) {
    const cand = reply.best || { net: reply.net, view: reply.view, loss: reply.view.train_loss };
    if (cand.loss === null || cand.loss === undefined) return;
    const g = PG.good;
    if (!g || g.net.run !== cand.net.run || g.net.step > reply.net.step || cand.loss < g.loss) {
      PG.good = cand;
      setProps("good-store", { data: cand });
    }
  }

  function adopt(reply) {
    const S = BL.state;
    const f = reply["for"];
    if (!S.net || f.run !== S.net.run || f.step !== S.net.step) return false; // a reset came first
    const old = S.view || {};
    const view = Object.assign({}, reply.view, {
      losses: (old.losses || []).concat(reply.losses).slice(-MAX_LOSSES),
      test_losses: (old.test_losses || []).concat(reply.test_losses).slice(-MAX_LOSSES),
      grad_hist: (old.grad_hist || []).concat(reply.grad_norms).slice(-GRAD_HIST),
      marks: reply.marks || old.marks,
      step: reply.net.step,
      run: reply.net.run,
    });
    keepGood(reply);
    S.net = reply.net;
    S.view = view;
    S.step = null;
    setProps("net-store", { data: reply.net });
    setProps("view-store", { data: view });
    const gd = BL.graph();
    if (gd) {
      const L = reply.shown.a.length - 1;
      BL.paint(gd, { weights: view.weights, shown: reply.shown, upTo: L, deltaFrom: null, gradFrom: null });
    }
    return true;
  }

  async function loop() {
    BL.clearOverlay();
    BL.clearSteps();
    let t0 = performance.now();
    let steps = 0;
    while (PG.playing) {
      const started = performance.now();
      const n = STEPS[BL.state.speed] || 4;
      let reply;
      try {
        reply = await request(n);
      } catch (e) {
        if (e.message !== "aborted") BL.status(e.message || String(e), "error");
        break;
      }
      if (!adopt(reply)) break;
      steps += reply.losses.length;
      PG.stepsPerSecond = (1000 * steps) / Math.max(1, performance.now() - t0);
      if (reply.diverged) {
        showDiverged(reply);
        break;
      }
      crawlNote(reply);
      const pace = BL.state.speed === 0 ? 0 : PACE_MS;
      await sleep(Math.max(0, pace - (performance.now() - started)));
    }
  }

  PG.play = async function () {
    if (PG.playing) return;
    PG.playing = true;
    showPlaying(true);
    hideLesson();
    hideNotice();
    BL.status("Training: press Pause at any moment, then step by hand from there.");
    while (!BL.idle()) await sleep(50); // let a single step finish its animation first
    if (!PG.playing) return finish();
    BL.playing = true; // the diagram at rest waits while Play draws
    try {
      await loop();
    } finally {
      finish();
    }
  };

  function finish() {
    PG.playing = false;
    BL.playing = false;
    showPlaying(false);
    BL.renderRest(true);
    const todo = PG.afterPause;
    PG.afterPause = [];
    todo.forEach((f) => f());
  }

  PG.pause = function () {
    if (!PG.playing) return;
    PG.playing = false; // the loop stops once the answer in flight is drawn
    showPlaying(false);
    const S = BL.state;
    if (S.net) BL.status("Paused at step " + S.net.step + ". Step by hand with the buttons, or press Play to go on.");
  };

  PG.toggle = function () {
    if (PG.playing) PG.pause();
    else PG.play();
  };

  // A button pressed while playing pauses first, then does what it says.
  const enqueue = BL.enqueue;
  BL.enqueue = function (action) {
    if (PG.playing) {
      PG.pause();
      PG.afterPause.push(() => enqueue(action));
      return;
    }
    enqueue(action);
  };
  const abort = BL.abort;
  BL.abort = function () {
    PG.playing = false;
    PG.afterPause = [];
    if (PG.waiting) {
      PG.waiting.reject(new Error("aborted"));
      PG.waiting = null;
    }
    hideLesson();
    abort();
  };

  // ---------- the learning-rate lesson ----------
  function hideLesson() {
    setProps("lr-lesson", { hidden: true });
  }

  function showDiverged(reply) {
    const d = reply.diverged;
    const lr = reply.lr;
    let text;
    if (d.refused) {
      text = "Training stopped at step " + d.step + ". " + d.reason;
    } else {
      text =
        "Training diverged at step " + d.step + ", so it paused. With η = " + fmt(lr, 3) +
        ", the update to W(" + d.layer + ") had size ‖ΔW‖ = " + fmt(d.update_norm, 3) +
        ", larger than the weights it changed (‖W‖ = " + fmt(d.weight_norm, 3) + ", so " + fmt(d.ratio, 2) +
        "× their size). The step jumped right over the valley instead of down into it, and the loss rose from " +
        fmt(d.loss_before, 3) + " to " + fmt(d.loss_after, 3) + ". Lower the learning rate (try η = " + fmt(lr / 10, 2) + ").";
    }
    const g = PG.good;
    const canGoBack = g && g.net.run === reply.net.run && g.net.step < reply.net.step;
    setProps("lr-lesson-text", { children: text });
    setProps("restore-btn", {
      children: canGoBack ? "Go back to step " + g.net.step + " (loss " + fmt(g.loss, 3) + ")" : "Go back",
      style: canGoBack ? {} : { display: "none" },
    });
    setProps("lr-lesson", { hidden: false, className: "bl-lr-lesson is-diverged" });
    BL.status("");
  }

  function crawlNote(reply) {
    const r = reply.largest_ratio;
    if (r === null || r === undefined || r >= CRAWL_RATIO || !reply.losses.length) return;
    const v = BL.state.view;
    const first = v.losses[Math.max(0, v.losses.length - 1 - reply.losses.length)];
    const last = v.losses[v.losses.length - 1];
    BL.status(
      "η = " + fmt(reply.lr, 2) + " is very small: each step changes the weights by at most " +
        fmt(100 * r, 2) + "% of their size, so the loss crawls (" + fmt(first, 4) + " → " + fmt(last, 4) +
        " over these " + reply.losses.length + " steps). Try a larger η.",
      "note"
    );
  }

  PG.restore = function () {
    const g = PG.good;
    const S = BL.state;
    if (!g || !S.view || !S.net || g.net.run !== S.net.run) return;
    const drop = S.view.step - g.net.step;
    const cut = (a) => (a && a.length ? a.slice(0, Math.max(1, a.length - drop)) : a);
    const view = Object.assign({}, g.view, {
      losses: cut(S.view.losses),
      test_losses: cut(S.view.test_losses),
      grad_hist: cut(S.view.grad_hist),
      marks: S.view.marks,
      step: g.net.step,
      run: g.net.run,
    });
    S.net = g.net;
    S.view = view;
    S.step = null;
    setProps("net-store", { data: g.net });
    setProps("view-store", { data: view });
    hideLesson();
    BL.status("Back at step " + g.net.step + " (loss " + fmt(g.loss, 4) + "). Lower η before you press Play again.", "note");
  };

  // ---------- manual steps keep the same histories ----------
  BL.extendView = function (view, old, step) {
    old = old || {};
    view.test_losses = (old.test_losses || []).concat([step.after.test_loss]).slice(-MAX_LOSSES);
    view.grad_hist = (old.grad_hist || []).concat([step.grad_norm]).slice(-GRAD_HIST);
    view.marks = step.marks || old.marks;
  };

  // ---------- saturated and dead units on the diagram ----------
  BL.decorators = BL.decorators || [];
  BL.decorators.push(function (data, layout) {
    const v = BL.state.view;
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

  // ---------- the settings draft ----------
  function isRegression(name) {
    return REGRESSION.indexOf(name) >= 0;
  }

  function hidden(config) {
    return config.sizes.slice(1, -1);
  }

  function withHidden(config, h) {
    return Object.assign({}, config, { sizes: [config.sizes[0]].concat(h, [config.sizes[config.sizes.length - 1]]) });
  }

  // What each control changes in the draft.
  function change(draft, id, value, idObj) {
    const d = clone(draft);
    const h = hidden(d);
    if (idObj) {
      const i = idObj.layer;
      if (i >= h.length) return d;
      if (idObj.type === "neurons-plus-btn") h[i] = Math.min(8, h[i] + 1);
      if (idObj.type === "neurons-minus-btn") h[i] = Math.max(1, h[i] - 1);
      return withHidden(d, h);
    }
    switch (id) {
      case "dataset-select": {
        if (typeof value !== "string") return d;
        const wasReg = isRegression(d.dataset);
        d.dataset = value;
        if (isRegression(value)) {
          d.loss = "mse";
          d.output_activation = "linear";
        } else {
          d.output_activation = "sigmoid";
          if (wasReg) d.loss = "bce";
        }
        return d;
      }
      case "noise-slider":
        if (typeof value === "number") d.noise = Math.round(value * 100) / 100;
        return d;
      case "split-slider":
        if (typeof value === "number") d.test_fraction = Math.round(value * 100) / 100;
        return d;
      case "regenerate-btn":
        d.seed = (d.seed + 1) % MAX_SEED;
        return d;
      case "layers-plus-btn":
        if (h.length < MAX_EDIT_LAYERS) h.push(h.length ? h[h.length - 1] : 4);
        return withHidden(d, h);
      case "layers-minus-btn":
        if (h.length) h.pop();
        return withHidden(d, h);
      case "activation-select":
        if (typeof value === "string") d.activation = value;
        return d;
      case "loss-select":
        if (value === "bce" && isRegression(d.dataset)) {
          BL.status("Fitting a number needs the squared-error loss: cross-entropy is for classes.", "note");
          return d;
        }
        if (typeof value === "string") d.loss = value;
        return d;
      case "batch-select": {
        const b = parseInt(value, 10);
        if (isFinite(b)) d.batch_size = b;
        return d;
      }
      case "residual-switch":
        d.residual = !!value;
        return d;
      case "norm-switch":
        d.normalization = !!value;
        return d;
      case "deep-preset-btn": {
        const deep = [];
        for (let i = 0; i < DEEP.hidden; i++) deep.push(DEEP.neurons);
        return Object.assign(withHidden(d, deep), { activation: DEEP.activation, residual: false, normalization: false });
      }
    }
    return d;
  }

  const WHAT = {
    dataset: "the data set",
    noise: "the noise",
    test_fraction: "the share of test points",
    seed: "the data",
    sizes: "the layers",
    activation: "the activation",
    loss: "the loss",
    output_activation: "the output",
    residual: "residual connections",
    normalization: "normalization",
  };

  function hideNotice() {
    setProps("reset-notice", { hidden: true });
  }

  PG.apply = function (draft) {
    PG.applyNonce += 1;
    PG.good = null;
    hideNotice();
    hideLesson();
    BL.abort();
    setProps("apply-store", { data: { nonce: PG.applyNonce, config: draft } });
  };

  function onDraft(draft, config, net) {
    if (!draft || !config) return;
    const diff = Object.keys(draft).filter((k) => !same(draft[k], config[k]));
    if (!diff.length) return hideNotice();
    if (diff.every((k) => k === "batch_size")) {
      hideNotice();
      setProps("config-store", { data: Object.assign({}, config, { batch_size: draft.batch_size }) });
      const data = BL.state.data;
      if (data) setProps("data-store", { data: Object.assign({}, data, { batch_size: draft.batch_size }) });
      BL.status("Mini-batch size " + draft.batch_size + ": the network keeps its weights.");
      return;
    }
    const trained = net && net.step > 0;
    if (!trained && !PG.playing) return PG.apply(draft);
    PG.pause();
    const what = diff.filter((k) => WHAT[k]).map((k) => WHAT[k]);
    const uniq = what.filter((w, i) => what.indexOf(w) === i);
    setProps("reset-notice-text", {
      children:
        "Changing " + uniq.join(" and ") + " starts a new network with fresh random weights: the " + net.step +
        " training step" + (net.step === 1 ? "" : "s") + " so far will be lost.",
    });
    setProps("reset-notice", { hidden: false });
    openSettings(); // the change waiting for confirmation stays in sight
  }

  // ---------- the settings fold (app/components/playground.py) ----------
  // The <details> element keeps its own open state, as the keyboard help does:
  // opening it is a DOM change, so Dash never re-renders the panel inside.
  function openSettings() {
    const fold = document.getElementById("settings-details");
    if (fold) fold.open = true;
  }
  PG.openSettings = openSettings;

  const LOSS_NAMES = { bce: "cross-entropy", mse: "squared error" };

  // One line for the folded panel, in the menu's own words for the data set.
  function summaryText(config) {
    const select = document.getElementById("dataset-select");
    const option = select && Array.from(select.options).find((o) => o.value === config.dataset);
    const h = hidden(config);
    const shape = h.length ? h.length + " hidden (" + h.join(", ") + ")" : "no hidden layer";
    const extras = (config.residual ? ", residual" : "") + (config.normalization ? ", layer norm" : "");
    return [
      option ? option.textContent : config.dataset,
      "noise " + Math.round(config.noise * 100) + "%",
      shape + ", σ = " + (NAMES[config.activation] || config.activation) + extras,
      LOSS_NAMES[config.loss] || config.loss,
      "mini-batch " + config.batch_size,
    ].join(" · ");
  }

  function controlValues(config) {
    return {
      "dataset-select": config.dataset,
      "noise-slider": config.noise,
      "split-slider": config.test_fraction,
      "activation-select": config.activation,
      "loss-select": config.loss,
      "batch-select": String(config.batch_size),
      "residual-switch": !!config.residual,
      "norm-switch": !!config.normalization,
    };
  }

  PG.keep = function () {
    const config = PG.config;
    if (!config) return;
    const values = controlValues(config);
    Object.keys(values).forEach((id) => setProps(id, { value: values[id] }));
    setProps("draft-store", { data: clone(config) });
    hideNotice();
  };

  // ---------- charts and words ----------
  function layerColour(l, L) {
    // layer 1 amber → output layer deep blue: the input side is where gradients vanish
    const a = [217, 119, 6];
    const b = [30, 58, 138];
    const t = L > 1 ? (l - 1) / (L - 1) : 1;
    const c = a.map((v, i) => Math.round(v + (b[i] - v) * t));
    return "rgb(" + c.join(",") + ")";
  }

  function gradFigure(view) {
    const hist = (view && view.grad_hist) || [];
    const traces = [];
    if (hist.length) {
      const L = hist[hist.length - 1].length;
      const start = view.step - hist.length + 1;
      const x = hist.map((_, i) => start + i);
      for (let l = 1; l <= L; l++) {
        traces.push({
          type: "scatter",
          mode: hist.length < 3 ? "lines+markers" : "lines",
          name: l === L ? "W(" + l + ") output" : "W(" + l + ")",
          x: x,
          y: hist.map((g) => (g && g[l - 1] > 0 && isFinite(g[l - 1]) ? g[l - 1] : null)),
          line: { color: layerColour(l, L), width: l === 1 || l === L ? 3 : 1.6 },
          marker: { size: 6, color: layerColour(l, L) },
          hovertemplate: "step %{x}: ‖∂L/∂W(" + l + ")‖ = %{y:.3g}<extra></extra>",
        });
      }
    }
    return {
      data: traces,
      layout: {
        margin: { l: 48, r: 8, t: 6, b: 28 },
        xaxis: { title: { text: "training step", font: { size: 11 }, standoff: 2 }, tickfont: { size: 10 }, showgrid: false, zeroline: false },
        yaxis: { type: "log", title: { text: "‖∂L/∂W(l)‖ (log)", font: { size: 11 }, standoff: 2 }, tickfont: { size: 10 }, gridcolor: "#e2e8f0", exponentformat: "power" },
        legend: { font: { size: 10 }, orientation: "v", x: 1.01, y: 1, tracegroupgap: 0 },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        font: { family: FONT, color: "#334155" },
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
    const setup =
      "Now: " + (L - 1) + " hidden layer" + (L === 2 ? "" : "s") + ", σ = " + (NAMES[config.activation] || config.activation) +
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
    // The first and last hidden-to-hidden matrices: same shape, so a fair comparison.
    const i = L >= 4 ? 1 : 0;
    const k = L >= 4 ? L - 2 : L - 1;
    const A = "W(" + (i + 1) + ")";
    const B = "W(" + (k + 1) + ")";
    const first = g[i];
    const last = g[k];
    if (!(first > 0) || !(last > 0)) return setup + units + "No gradient reaches the first layers at all.";
    const r = first / last;
    let words;
    if (r < 0.01) {
      words =
        "The gradient reaching " + A + " is " + fmt(1 / r, 2) + "× smaller than at " + B + ", " + (k - i) + " layers further on. " +
        "On its way back the error is multiplied by σ′ at every layer" + (config.activation === "sigmoid" ? " (at most 0.25 for the sigmoid)" : "") +
        ", so it fades, and the first layers hardly learn. Try ReLU, residual connections or normalization and watch the lines close up.";
    } else if (r < 0.1) {
      words = "The gradient at " + A + " is " + fmt(1 / r, 2) + "× smaller than at " + B + ": it still fades on the way back, but far less.";
    } else if (r <= 10) {
      words = "Gradients of a similar size reach every layer (" + A + " gets " + fmt(r, 2) + "× what " + B + " gets), so every layer learns at a similar pace.";
    } else {
      words = "The gradient at " + A + " is " + fmt(r, 2) + "× larger than at " + B + ": it grows on the way back (exploding gradients), so a smaller η is safer.";
    }
    return setup + words + " " + units;
  }

  function metricText(view) {
    const m = view && view.metric;
    if (!m) return ["Accuracy", "–"];
    if (m.name === "accuracy") return ["Accuracy", pct(m.train) + (m.test !== null ? " · test " + pct(m.test) : "")];
    return ["Error", fmt(m.train, 3) + (m.test !== null ? " · test " + fmt(m.test, 3) : "")];
  }

  function triggered() {
    const ctx = window.dash_clientside.callback_context;
    return (ctx && ctx.triggered) || [];
  }

  // ---------- clientside callbacks (app/callbacks/playground.py) ----------
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.playground = {
    onPlay: function () {
      PG.toggle();
    },
    onReply: function (reply) {
      PG.onReply(reply);
    },
    onRestore: function () {
      PG.restore();
    },
    onApply: function () {
      const draft = PG.draft;
      if (draft) PG.apply(draft);
    },
    onKeep: function () {
      PG.keep();
    },

    // config-store -> the controls and the draft show the settings in force
    syncControls: function (config) {
      if (!config) return Array(9).fill(NU());
      PG.config = config;
      setProps("settings-summary", { children: summaryText(config) });
      const v = controlValues(config);
      return [
        v["dataset-select"],
        v["noise-slider"],
        v["split-slider"],
        v["activation-select"],
        v["loss-select"],
        v["batch-select"],
        v["residual-switch"],
        v["norm-switch"],
        clone(config),
      ];
    },

    // any control -> the draft
    onControl: function () {
      const args = Array.prototype.slice.call(arguments);
      const draft0 = args[args.length - 2];
      const config = args[args.length - 3];
      let draft = draft0 || config;
      if (!draft) return NU();
      const values = {};
      window.dash_clientside.callback_context.inputs_list.forEach(function (inp) {
        if (!Array.isArray(inp)) values[inp.id] = inp.value;
      });
      triggered().forEach(function (t) {
        if (!t || !t.prop_id || t.value === undefined) return;
        const key = t.prop_id.slice(0, t.prop_id.lastIndexOf("."));
        let idObj = null;
        if (key.charAt(0) === "{") {
          try {
            idObj = JSON.parse(key);
          } catch (e) {
            return;
          }
        }
        draft = change(draft, idObj ? null : key, idObj ? null : values[key], idObj);
      });
      if (same(draft, draft0)) return NU();
      return draft;
    },

    // the draft -> apply at once, keep, or ask first
    onDraft: function (draft, config, net) {
      PG.draft = draft;
      onDraft(draft, config, net);
    },

    draftDisplay: function (draft) {
      if (!draft) return [NU(), NU(), NU(), NU(), NU(), NU(), NU()];
      const h = hidden(draft);
      const n = [];
      const box = [];
      for (let i = 0; i < SHOWN_LAYERS; i++) {
        n.push(i < h.length ? String(h[i]) : "");
        box.push("bl-neuron-box" + (i < h.length ? "" : " is-hidden"));
      }
      return [
        String(h.length),
        n,
        box,
        Math.round(draft.noise * 100) + "%",
        Math.round(draft.test_fraction * 100) + "%",
        h.length >= MAX_EDIT_LAYERS,
        h.length <= 0,
      ];
    },

    readMetric: function (view) {
      return metricText(view);
    },
    gradFigure: function (view) {
      return gradFigure(view);
    },
    vanishText: function (view, config) {
      return vanishText(view, config);
    },
  };
})();
