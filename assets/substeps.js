/* Sub-step playback and the history of recent training steps (BackpropLab.substeps).
 *
 * A training step of a network with L layers plays in 2L + 2 pieces: the forward
 * pass layer by layer (1..L), the loss (L+1), the backward pass from layer L down
 * to layer 1 (L+2..2L+1) and the update (2L+2). `substeps.view` says which step is
 * on show and how many of its pieces are done; the inspector (assets/inspector.js)
 * shows exactly those numbers. Steps of the past are kept in the browser, a
 * bounded list, and can be scrubbed through and replayed without the server.
 *
 *   substeps.view      {source: "rest" | "live" | "history", step, net_state, index, done, playing}
 *   substeps.history   [{step, net_state}] the recent single steps, oldest first
 *   substeps.latestAtEnd()   the newest step of the history, complete, is on show
 *   substeps.press(name)  a press of Next, Previous, Replay or Back to now (lab-buttons.js)
 *   substeps.onSlider(value)   the history slider moved (app/callbacks/inspector.py)
 * It hears bl:progress, bl:adopt and bl:rest, and sends bl:show when what is on show
 * changed. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;
  const historyLength = () => BL.util.rules().history.steps;

  // source: "rest" (nothing computed for the network as it is), "live" (the step
  // the buttons are playing), "history" (a past step, shown read-only).
  const SV = (BL.substeps = {
    view: { source: "rest", step: null, net_state: null, index: -1, done: 0, playing: 0 },
    history: [],
  });

  // ---------- pieces of a step ----------
  function layers(step) {
    return step.shown.a.length - 1;
  }
  function pieces(step) {
    return 2 * layers(step) + 2;
  }

  // The algorithm step (1 forward, 2 loss, 3 backward, 4 update) of piece n.
  function algoOf(step, n) {
    const L = layers(step);
    if (n <= 0) return 0;
    if (n <= L) return 1;
    if (n === L + 1) return 2;
    if (n <= 2 * L + 1) return 3;
    return 4;
  }

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

  const SUP = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };
  function sup(l) {
    return "⁽" + String(l).split("").map((c) => SUP[c] || c).join("") + "⁾";
  }

  /* What piece n does, in the page's notation: a title and the equation. */
  function describe(step, n) {
    const L = layers(step);
    const fmt = BL.util.fmt;
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
        eq: step.refused
          ? "not applied: " + step.reason
          : "W ← W − η·∂L/∂W with η = " + fmt(step.lr, 3) + " and the mini-batch's mean gradient",
      };
    }
    return { title: "", eq: "" };
  }

  // ---------- drawing a piece ----------
  // The diagram after n pieces, drawn in one go (no animation).
  function drawStatic(gd, step, n) {
    const L = layers(step);
    BL.anim.clearOverlay();
    if (n >= 2 * L + 2) {
      const weights = step.refused ? step.weights_before : step.after.weights;
      BL.draw.paint(gd, { weights: weights, shown: null, upTo: -1, deltaFrom: null, gradFrom: null });
      return;
    }
    const look = { weights: step.weights_before, shown: step.shown, upTo: Math.min(n, L), deltaFrom: null, gradFrom: null };
    if (n >= L + 2) {
      const l = backLayer(step, n);
      look.gradFrom = l;
      look.deltaFrom = Math.max(1, l - 1);
      const gmax = BL.anim.gradMax(step.shown.grad_w);
      for (let k = L; k >= l; k--) BL.anim.persistGradients(gd, k, step.shown.grad_w, gmax);
      BL.anim.redrawOverlay();
    }
    BL.draw.paint(gd, look);
  }

  async function animatePiece(gd, step, n) {
    const L = layers(step);
    if (n <= L) return BL.anim.pulse(gd, n, "forward", null, BL.phases.ms("layer"));
    if (n === L + 1) return BL.anim.ring(gd, BL.phases.ms("loss"));
    if (n <= 2 * L + 1) {
      const l = backLayer(step, n);
      const strength = BL.anim.strengths(step.shown.grad_w, l, BL.anim.gradMax(step.shown.grad_w));
      if (l === L) BL.draw.paint(gd, Object.assign({}, BL.draw.lastLook, { deltaFrom: L })); // δ(L) comes from the loss
      return BL.anim.pulse(gd, l, "backward", strength, BL.phases.ms("layer"));
    }
    if (step.refused) return;
    BL.draw.paint(gd, { weights: step.weights_before, shown: null, upTo: -1, deltaFrom: null, gradFrom: null, hideEdges: true });
    return BL.anim.morphWeights(gd, step.weights_before, step.after.weights, BL.phases.ms("update"));
  }

  function lights(step, n, playing) {
    const active = playing ? algoOf(step, playing) : algoOf(step, n);
    BL.phases.light(active, Math.max(0, active - 1));
    BL.phases.details(step, phasesDone(step, playing ? playing - 1 : n));
  }

  async function playPiece(gd, step, n) {
    const V = SV.view;
    drawStatic(gd, step, n - 1);
    V.playing = n;
    lights(step, n - 1, n);
    notify();
    try {
      await animatePiece(gd, step, n);
    } finally {
      V.playing = 0;
    }
    V.done = n;
    drawStatic(gd, step, n);
    lights(step, n, 0);
    notify();
  }

  // ---------- what is on show ----------
  function setView(v) {
    Object.assign(SV.view, { source: "rest", step: null, net_state: null, index: -1, done: 0, playing: 0 }, v);
  }

  function latestAtEnd() {
    const V = SV.view;
    return V.source === "history" && V.index === SV.history.length - 1 && V.done >= pieces(V.step);
  }

  SV.latestAtEnd = latestAtEnd;

  async function showHistory(index, done) {
    const h = SV.history[index];
    if (!h) return;
    setView({ source: "history", step: h.step, net_state: h.net_state, index: index, done: done });
    const gd = await BL.draw.whenGraph();
    drawStatic(gd, h.step, done);
    if (done > 0) lights(h.step, done, 0);
    else BL.phases.clearSteps();
    syncSlider();
    notify();
  }

  // ---------- the buttons ----------
  function say(text) {
    U().setProps(U().id("SUBSTEP_CAPTION"), { children: text });
  }

  function next() {
    BL.lab.enqueue(async function () {
      const V = SV.view;
      const gd = await BL.draw.whenGraph();
      if (V.source === "history" && !latestAtEnd()) {
        if (V.done < pieces(V.step)) await playPiece(gd, V.step, V.done + 1);
        else await showHistory(V.index + 1, 0);
        return;
      }
      const S = BL.lab.state;
      const step = await BL.lab.step();
      const done = V.source === "live" && BL.lab.stepKey(V.step) === BL.lab.stepKey(step) ? V.done : 0;
      setView({ source: "live", step: step, net_state: S.net_state, done: done });
      const n = Math.min(done + 1, pieces(step));
      await playPiece(gd, step, n);
      S.done = phasesDone(step, n);
      S.doneKey = BL.lab.stepKey(step);
      if (n === pieces(step)) BL.phases.adopt(step);
    });
  }

  function prev() {
    BL.lab.enqueue(async function () {
      const V = SV.view;
      if ((V.source === "live" || V.source === "history") && V.done > 0) {
        const gd = await BL.draw.whenGraph();
        V.done -= 1;
        if (V.source === "live") BL.lab.state.done = phasesDone(V.step, V.done);
        drawStatic(gd, V.step, V.done);
        if (V.done > 0) lights(V.step, V.done, 0);
        else BL.phases.clearSteps();
        notify();
        return;
      }
      if (V.source === "history" && V.index > 0) return showHistory(V.index - 1, pieces(SV.history[V.index - 1].step));
      if (V.source !== "history" && SV.history.length) {
        const last = SV.history.length - 1;
        return showHistory(last, pieces(SV.history[last].step));
      }
      say("This is the start: there is nothing earlier to go back to. Press Next piece to begin a step.");
    });
  }

  function replay() {
    BL.lab.enqueue(async function () {
      const V = SV.view;
      const index = V.source === "history" ? V.index : SV.history.length - 1;
      if (index < 0) return;
      await showHistory(index, 0);
      const gd = await BL.draw.whenGraph();
      const step = SV.history[index].step;
      for (let n = 1; n <= pieces(step); n++) await playPiece(gd, step, n);
    });
  }

  function backToNow() {
    if (!BL.lab.idle()) return;
    setView({});
    BL.phases.renderRest(true);
  }

  const BUTTONS = { next: next, prev: prev, replay: replay, live: backToNow };

  Object.assign(SV, {
    // One press of a button (assets/lab-buttons.js counts them): "next", "prev",
    // "replay" or "live".
    press: function (name) {
      if (BUTTONS[name]) BUTTONS[name]();
    },
    onSlider: function (value) {
      const V = SV.view;
      if (!Number.isInteger(value) || value < 0 || value >= SV.history.length) return;
      if (V.source === "history" && V.index === value) return;
      BL.lab.enqueue(function () {
        return showHistory(value, pieces(SV.history[value].step));
      });
    },
  });

  // ---------- what the phase machine reports ----------
  document.addEventListener("bl:progress", function (e) {
    const d = e.detail;
    setView({ source: "live", step: d.step, net_state: BL.lab.state.net_state, done: d.done, playing: d.playing });
    notify();
  });

  // A single step was applied: it joins the history (Play's batches do not).
  document.addEventListener("bl:adopt", function (e) {
    const step = e.detail.step;
    const before = e.detail.before.net_state;
    // A value typed in made a new network at the same step count: the step on show
    // no longer led to it, so its numbers go (bl:rest would otherwise keep them).
    if (!step && e.detail.reply && e.detail.reply.edited) setView({});
    if (!step) return;
    SV.history.push({ step: step, net_state: before });
    if (SV.history.length > historyLength()) SV.history.splice(0, SV.history.length - historyLength());
    setView({ source: "history", step: step, net_state: before, index: SV.history.length - 1, done: pieces(step) });
    syncSlider();
    notify();
  });

  // The diagram went back to rest: keep the step just applied on show if it is the
  // one that led here (same run, same example); otherwise nothing is computed.
  document.addEventListener("bl:rest", function () {
    const S = BL.lab.state;
    if (!S.net_state) return;
    const run = S.net_state.run;
    if (SV.history.length && SV.history[0].net_state.run !== run) {
      SV.history = [];
      syncSlider();
    }
    const last = SV.history[SV.history.length - 1];
    const V = SV.view;
    const keep =
      last &&
      V.source === "history" &&
      V.index === SV.history.length - 1 &&
      last.step.net_state.step === S.net_state.step &&
      last.step["for"].example === S.example;
    if (!keep) setView({});
    notify();
  });

  // ---------- read-outs ----------
  function syncSlider() {
    const n = SV.history.length;
    const V = SV.view;
    const value = V.source === "history" ? V.index : Math.max(0, n - 1);
    U().setProps(U().id("HISTORY_SLIDER"), { min: 0, max: Math.max(1, n - 1), value: value, disabled: n < 2 });
    U().setProps(U().id("HISTORY_REPLAY_BTN"), { disabled: n === 0 });
  }

  function historyLabel() {
    const V = SV.view;
    const n = SV.history.length;
    if (!n) return "No step taken yet: the last " + historyLength() + " steps are kept here.";
    if (V.source !== "history") return n + " recent step" + (n > 1 ? "s" : "") + " kept; drag to look back.";
    const f = V.step["for"];
    return "Step " + (f.step + 1) + " (example #" + (f.example + 1) + ") · " + (V.index + 1) + " of " + n + " kept";
  }

  function caption() {
    const V = SV.view;
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
    const V = SV.view;
    const n = V.playing || V.done;
    const a = V.step && n ? algoOf(V.step, n) : 0;
    const fwd = document.querySelector(".bl-card-forward");
    const bwd = document.querySelector(".bl-card-backward");
    if (fwd) fwd.classList.toggle("is-now", a === 1);
    if (bwd) bwd.classList.toggle("is-now", a === 3);
  }

  function notify() {
    const V = SV.view;
    U().setProps(U().id("SUBSTEP_CAPTION"), {
      children: caption(),
      className: "bl-substep-caption" + (V.step && (V.playing || V.done) ? " is-algo-" + algoOf(V.step, V.playing || V.done) : ""),
    });
    U().setProps(U().id("HISTORY_LABEL"), { children: historyLabel() });
    U().setProps(U().id("HISTORY_LIVE_BTN"), { disabled: V.source !== "history" || latestAtEnd() });
    markCards();
    U().emit("show");
  }
})();
