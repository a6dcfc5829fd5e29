/* Sub-step playback and the history of recent training steps.
 *
 * A training step of a network with L layers plays in 2L + 2 pieces: the forward
 * pass layer by layer (1..L), the loss (L+1), the backward pass from layer L down
 * to layer 1 (L+2..2L+1) and the update (2L+2). `BL.view` says which step is on
 * show and how many of its pieces are done; the inspector (assets/inspector.js)
 * shows exactly those numbers. Steps of the past are kept in the browser, a
 * bounded list, and can be scrubbed through and replayed without the server.
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  const HISTORY = 20; // steps kept; MAX_HISTORY in app/components/inspector.py

  // source: "rest" (nothing computed for the network as it is), "live" (the step
  // the buttons are playing), "history" (a past step, shown read-only).
  BL.view = { source: "rest", step: null, net: null, index: -1, done: 0, playing: 0 };
  BL.history = [];

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) window.dash_clientside.set_props(id, props);
  }

  // lab-controller.js loads first and owns these, so both play at the same pace
  // and agree on which step is which.
  const ms = BL.ms;
  const stepKey = BL.stepKey;

  // ---------- pieces of a step ----------
  function layers(step) {
    return step.shown.a.length - 1;
  }
  function pieces(step) {
    return 2 * layers(step) + 2;
  }
  BL.pieces = pieces;

  // The algorithm step (1 forward, 2 loss, 3 backward, 4 update) of piece n.
  function algoOf(step, n) {
    const L = layers(step);
    if (n <= 0) return 0;
    if (n <= L) return 1;
    if (n === L + 1) return 2;
    if (n <= 2 * L + 1) return 3;
    return 4;
  }
  BL.algoOf = algoOf;

  // Whole phases complete after n pieces, in the phase machine's terms.
  function phasesDone(step, n) {
    const L = layers(step);
    if (n >= 2 * L + 2) return 4;
    if (n >= 2 * L + 1) return 3;
    if (n >= L + 1) return 2;
    if (n >= L) return 1;
    return 0;
  }

  // The layer a backward piece works on.
  function backLayer(step, n) {
    return 2 * layers(step) + 2 - n;
  }
  BL.backLayer = backLayer;

  const SUP = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
  function sup(l) {
    return "⁽" + String(l).split("").map((c) => SUP[c] || c).join("") + "⁾";
  }

  /* What piece n does, in the page's notation: a title and the equation. */
  function describe(step, n) {
    const L = layers(step);
    const fmt = BL.fmt;
    if (n >= 1 && n <= L) {
      return {
        title: "Forward pass, layer " + n + " of " + L,
        eq: "z" + sup(n) + " = W" + sup(n) + "·a" + sup(n - 1) + " + b" + sup(n) + ",  a" + sup(n) + " = σ(z" + sup(n) + ")",
      };
    }
    if (n === L + 1) {
      return {
        title: "Loss",
        eq: "L = " + fmt(step.shown.loss, 4) + " for this example (mini-batch mean " + fmt(step.batch_loss, 4) + ")",
      };
    }
    if (n > L + 1 && n <= 2 * L + 1) {
      const l = backLayer(step, n);
      let eq = (l === L ? "δ" + sup(L) + " from the loss,  " : "") + "∂L/∂W" + sup(l) + " = δ" + sup(l) + "·a" + sup(l - 1) + "ᵀ";
      if (l > 1) eq += ",  δ" + sup(l - 1) + " = (W" + sup(l) + ")ᵀδ" + sup(l) + " ⊙ σ′(z" + sup(l - 1) + ")";
      return { title: "Backward pass, layer " + l, eq: eq };
    }
    if (n === 2 * L + 2) {
      return {
        title: "Update",
        eq: step.diverged
          ? "not applied: " + step.reason
          : "W ← W − η·∂L/∂W with η = " + fmt(step.lr, 3) + " and the mini-batch's mean gradient",
      };
    }
    return { title: "", eq: "" };
  }
  BL.describe = describe;

  // ---------- drawing a piece ----------
  function gmaxOf(step) {
    let g = 0;
    BL.flatEdges(step.shown.grad_w).forEach(function (v) {
      g = Math.max(g, Math.abs(v));
    });
    return g;
  }

  // The diagram after n pieces, drawn in one go (no animation).
  function drawStatic(gd, step, n) {
    const L = layers(step);
    BL.clearOverlay();
    if (n >= 2 * L + 2) {
      const weights = step.diverged ? step.weights_before : step.after.weights;
      BL.paint(gd, { weights: weights, shown: null, upTo: -1, deltaFrom: null, gradFrom: null });
      return;
    }
    const look = { weights: step.weights_before, shown: step.shown, upTo: Math.min(n, L), deltaFrom: null, gradFrom: null };
    if (n >= L + 2) {
      const l = backLayer(step, n);
      look.gradFrom = l;
      look.deltaFrom = Math.max(1, l - 1);
      const gmax = gmaxOf(step);
      for (let k = L; k >= l; k--) BL.persistGradients(gd, k, step.shown.grad_w, gmax);
      BL.redrawOverlay();
    }
    BL.paint(gd, look);
  }

  async function animatePiece(gd, step, n) {
    const L = layers(step);
    if (n <= L) return BL.pulse(gd, n, "forward", null, ms("layer"));
    if (n === L + 1) return BL.ring(gd, ms("loss"));
    if (n <= 2 * L + 1) {
      const l = backLayer(step, n);
      const gmax = gmaxOf(step);
      if (l === L) BL.paint(gd, Object.assign({}, BL.lastLook, { deltaFrom: L })); // δ(L) comes from the loss
      const strength = BL.flatEdges([step.shown.grad_w[l - 1]]).map((g) => (gmax > 0 ? Math.abs(g) / gmax : 0));
      return BL.pulse(gd, l, "backward", strength, ms("layer"));
    }
    if (step.diverged) return;
    BL.paint(gd, { weights: step.weights_before, shown: null, upTo: -1, deltaFrom: null, gradFrom: null, hideEdges: true });
    return BL.morphWeights(gd, step.weights_before, step.after.weights, ms("update"));
  }

  function lights(step, n, playing) {
    const active = playing ? algoOf(step, playing) : algoOf(step, n);
    BL.light(active, Math.max(0, active - 1));
    BL.details(step, phasesDone(step, playing ? playing - 1 : n));
  }

  async function playPiece(gd, step, n) {
    const V = BL.view;
    drawStatic(gd, step, n - 1);
    V.playing = n;
    lights(step, n - 1, n);
    notify();
    BL.playing = true;
    try {
      await animatePiece(gd, step, n);
    } finally {
      BL.playing = false;
      V.playing = 0;
    }
    V.done = n;
    drawStatic(gd, step, n);
    lights(step, n, 0);
    notify();
  }

  // ---------- what is on show ----------
  function setView(v) {
    Object.assign(BL.view, { source: "rest", step: null, net: null, index: -1, done: 0, playing: 0 }, v);
  }

  function latestAtEnd() {
    const V = BL.view;
    return V.source === "history" && V.index === BL.history.length - 1 && V.done >= pieces(V.step);
  }

  BL.latestAtEnd = latestAtEnd;

  async function showHistory(index, done) {
    const h = BL.history[index];
    if (!h) return;
    setView({ source: "history", step: h.step, net: h.net, index: index, done: done });
    const gd = await BL.whenGraph();
    drawStatic(gd, h.step, done);
    if (done > 0) lights(h.step, done, 0);
    else BL.clearSteps();
    syncSlider();
    notify();
  }

  // ---------- the buttons ----------
  function say(text) {
    setProps("substep-caption", { children: text });
  }

  function next() {
    BL.enqueue(async function () {
      const V = BL.view;
      const gd = await BL.whenGraph();
      if (V.source === "history" && !latestAtEnd()) {
        if (V.done < pieces(V.step)) await playPiece(gd, V.step, V.done + 1);
        else await showHistory(V.index + 1, 0);
        return;
      }
      const S = BL.state;
      const step = await BL.ensureStep();
      const done = V.source === "live" && stepKey(V.step) === stepKey(step) ? V.done : 0;
      setView({ source: "live", step: step, net: S.net, done: done });
      const n = Math.min(done + 1, pieces(step));
      await playPiece(gd, step, n);
      S.done = phasesDone(step, n);
      S.doneKey = stepKey(step);
      if (n === pieces(step)) BL.adoptStep(step);
    });
  }

  function prev() {
    BL.enqueue(async function () {
      const V = BL.view;
      if ((V.source === "live" || V.source === "history") && V.done > 0) {
        const gd = await BL.whenGraph();
        V.done -= 1;
        if (V.source === "live") BL.state.done = phasesDone(V.step, V.done);
        drawStatic(gd, V.step, V.done);
        if (V.done > 0) lights(V.step, V.done, 0);
        else BL.clearSteps();
        notify();
        return;
      }
      if (V.source === "history" && V.index > 0) return showHistory(V.index - 1, pieces(BL.history[V.index - 1].step));
      if (V.source !== "history" && BL.history.length) {
        const last = BL.history.length - 1;
        return showHistory(last, pieces(BL.history[last].step));
      }
      say("This is the start: there is nothing earlier to go back to. Press Next piece to begin a step.");
    });
  }

  function replay() {
    BL.enqueue(async function () {
      const V = BL.view;
      const index = V.source === "history" ? V.index : BL.history.length - 1;
      if (index < 0) return;
      await showHistory(index, 0);
      const gd = await BL.whenGraph();
      const step = BL.history[index].step;
      for (let n = 1; n <= pieces(step); n++) await playPiece(gd, step, n);
    });
  }

  function backToNow() {
    if (!BL.idle()) return;
    setView({});
    BL.renderRest(true);
  }

  BL.substeps = {
    onButton: function (propId) {
      const id = String(propId || "").split(".")[0];
      if (id === "substep-next-btn") next();
      else if (id === "substep-prev-btn") prev();
      else if (id === "history-replay-btn") replay();
      else if (id === "history-live-btn") backToNow();
    },
    onSlider: function (value) {
      const V = BL.view;
      if (!Number.isInteger(value) || value < 0 || value >= BL.history.length) return;
      if (V.source === "history" && V.index === value) return;
      BL.enqueue(function () {
        return showHistory(value, pieces(BL.history[value].step));
      });
    },
  };

  // ---------- what the phase machine reports ----------
  BL.onProgress = function (step, done, playing) {
    const S = BL.state;
    setView({ source: "live", step: step, net: S.net, done: done, playing: playing });
    notify();
  };

  BL.onAdopt = function (step, netBefore) {
    BL.history.push({ step: step, net: netBefore });
    if (BL.history.length > HISTORY) BL.history.splice(0, BL.history.length - HISTORY);
    setView({ source: "history", step: step, net: netBefore, index: BL.history.length - 1, done: pieces(step) });
    syncSlider();
    notify();
  };

  // The diagram went back to rest: keep the step just applied on show if it is the
  // one that led here (same run, same example); otherwise nothing is computed.
  BL.onRest = function () {
    const S = BL.state;
    if (!S.net) return;
    const run = S.net.run;
    if (BL.history.length && BL.history[0].net.run !== run) {
      BL.history = [];
      syncSlider();
    }
    const last = BL.history[BL.history.length - 1];
    const V = BL.view;
    const keep =
      last &&
      V.source === "history" &&
      V.index === BL.history.length - 1 &&
      last.step.net.step === S.net.step &&
      last.step["for"].example === S.example;
    if (!keep) setView({});
    notify();
  };

  // ---------- read-outs ----------
  function syncSlider() {
    const n = BL.history.length;
    const V = BL.view;
    const value = V.source === "history" ? V.index : Math.max(0, n - 1);
    setProps("history-slider", { min: 0, max: Math.max(1, n - 1), value: value, disabled: n < 2 });
    setProps("history-replay-btn", { disabled: n === 0 });
  }

  function historyLabel() {
    const V = BL.view;
    const n = BL.history.length;
    if (!n) return "No step taken yet: the last " + HISTORY + " steps are kept here.";
    if (V.source !== "history") return n + " recent step" + (n > 1 ? "s" : "") + " kept; drag to look back.";
    const f = V.step["for"];
    return "Step " + (f.step + 1) + " (example #" + (f.example + 1) + ") · " + (V.index + 1) + " of " + n + " kept";
  }

  function caption() {
    const V = BL.view;
    if (!V.step) return "Press Next piece to play a training step one layer at a time, or click a neuron or a connection to inspect it.";
    const E = pieces(V.step);
    const where = V.source === "history" && !latestAtEnd() ? "Replaying step " + (V.step["for"].step + 1) + " · " : "";
    if (V.playing) {
      const d = describe(V.step, V.playing);
      return where + "Piece " + V.playing + " of " + E + ", now: " + d.title + " — " + d.eq;
    }
    if (V.done === 0) return where + "Step ready for example #" + (V.step["for"].example + 1) + ". Press Next piece to start the forward pass.";
    const d = describe(V.step, V.done);
    const then = V.done < E ? " · Next: " + describe(V.step, V.done + 1).title.toLowerCase() : " · The step is complete.";
    return where + "Piece " + V.done + " of " + E + " done: " + d.title + " — " + d.eq + then;
  }

  // The theory cards above light up with the equation being applied.
  function markCards() {
    const V = BL.view;
    const n = V.playing || V.done;
    const a = V.step && n ? algoOf(V.step, n) : 0;
    const fwd = document.querySelector(".bl-card-forward");
    const bwd = document.querySelector(".bl-card-backward");
    if (fwd) fwd.classList.toggle("is-now", a === 1);
    if (bwd) bwd.classList.toggle("is-now", a === 3);
  }

  function notify() {
    const V = BL.view;
    setProps("substep-caption", {
      children: caption(),
      className: "bl-substep-caption" + (V.step && (V.playing || V.done) ? " is-algo-" + algoOf(V.step, V.playing || V.done) : ""),
    });
    setProps("history-label", { children: historyLabel() });
    setProps("history-live-btn", { disabled: V.source !== "history" || latestAtEnd() });
    markCards();
    if (BL.inspector) BL.inspector.render();
  }
  BL.notify = notify;
})();
