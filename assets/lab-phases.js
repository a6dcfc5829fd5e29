/* The four buttons' phases, in the browser (BackpropLab.phases).
 *
 * The server answers a single step with every number of it (BackpropLab.lab.step()).
 * The buttons then reveal it piece by piece: 1 forward, 2 loss, 3 backward,
 * 4 update (then the new network is adopted). Each press is one queued action, so
 * pressing Train step five times plays five steps in order. A step is only reused
 * while the network, the example and η are unchanged.
 *
 *   phases.press(action)      "forward" | "backward" | "update" | "train": queue it
 *   phases.ms(kind)           how long a phase plays at the chosen speed ("layer",
 *                             "loss", "update"); sub-step playback uses it too
 *   phases.light(active, doneUpTo), phases.details(step, upTo), phases.clearSteps()
 *                             the algorithm's step list beside the diagram
 *   phases.renderRest(keepSteps)   the diagram at rest (no example on show)
 *   phases.adopt(step, noted)      a single step's end: say what changed, then lab.adopt
 * It sends bl:progress {step, done, playing}: pieces of the step complete and playing
 * (assets/substeps.js counts them), bl:rest when the diagram went back to rest, and
 * bl:press {action} as a queued press starts playing, from the state on show (a
 * class shares it: assets/class-session.js). */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;
  const lab = () => BL.lab;

  const BASE_MS = { layer: 650, loss: 600, update: 900 };
  const TARGET = { forward: 2, backward: 3, update: 4, train: 4 };
  let noted = false; // the running action explained itself; keep that on screen

  function ms(kind) {
    const speed = lab().state.speed;
    return speed > 0 ? BASE_MS[kind] / speed : 0;
  }

  function layers(step) {
    return step.shown.a.length - 1;
  }

  // ---------- the algorithm's step list ----------
  function light(active, doneUpTo) {
    for (let n = 1; n <= 4; n++) {
      let cls = "bl-step bl-step-" + n;
      if (n === active) cls += " is-active";
      else if (n <= doneUpTo) cls += " is-done";
      U().setProps(U().id("ALGO_STEP").replace("{}", n), { className: cls });
    }
  }

  // A deep network's list would fill its card and push the next step off a laptop's
  // screen: its two ends tell the story, and the gradient chart has every layer.
  function normsText(norms) {
    const fmt = U().fmt;
    const n = norms.length;
    if (n <= 4) return "‖∂L/∂W‖ by layer: " + norms.map((v) => fmt(v, 3)).join(", ");
    return "‖∂L/∂W(1)‖ = " + fmt(norms[0], 3) + " … ‖∂L/∂W(" + n + ")‖ = " + fmt(norms[n - 1], 3);
  }

  function details(step, upTo) {
    const fmt = U().fmt;
    const sh = step && step.shown;
    const L = sh ? sh.a.length - 1 : 0;
    const d = [
      upTo >= 1 && sh ? "Prediction ŷ = " + sh.a[L].map((v) => fmt(v, 4)).join(", ") + " for example #" + (sh.index + 1) : "",
      upTo >= 2 && step ? "Mini-batch loss L = " + fmt(step.batch_loss, 4) + " · this example: " + fmt(sh.loss, 4) : "",
      upTo >= 3 && step ? normsText(step.grad_norm) : "",
      upTo >= 4 && step
        ? step.refused
          ? "Not applied: " + step.reason
          : "w ← w − η·∂L/∂w with η = " + fmt(step.lr, 3) + " and the mini-batch's mean gradient"
        : "",
    ];
    d.forEach(function (text, i) {
      U().setProps(U().id("ALGO_DETAIL").replace("{}", i + 1), { children: text });
    });
  }

  function clearSteps() {
    light(0, 0);
    details(null, 0);
  }

  /* Sub-steps of a step with L layers: 1..L the forward pass layer by layer, L+1
   * the loss, L+2..2L+1 the backward pass from layer L down to 1, 2L+2 the update. */
  function tell(step, done, playing) {
    U().emit("progress", { step: step, done: done, playing: playing || 0 });
  }

  // ---------- the diagram at rest ----------
  // keepSteps: after an update the step list keeps showing what just happened.
  function renderRest(keepSteps) {
    const gd = BL.draw.graph();
    const S = lab().state;
    // While actions run or wait, the last one repaints (bl:idle brings us back here).
    if (!gd || !S.view || !lab().idle()) return;
    BL.anim.clearOverlay();
    BL.draw.paint(gd, { weights: S.view.weights, shown: null, upTo: -1, deltaFrom: null, gradFrom: null });
    if (!keepSteps) clearSteps();
    U().emit("rest");
  }

  // ---------- the four phases ----------
  // What the diagram shows once phase p (1..4) of `step` is complete.
  function lookAfter(step, p) {
    const weights = p >= 4 && !step.refused ? step.after.weights : step.weights_before;
    if (p >= 4) return { weights: weights, shown: null, upTo: -1, deltaFrom: null, gradFrom: null };
    const L = layers(step);
    return { weights: weights, shown: step.shown, upTo: L, deltaFrom: p >= 3 ? 1 : null, gradFrom: p >= 3 ? 1 : null };
  }

  async function phaseForward(gd, step) {
    const L = layers(step);
    light(1, 0);
    BL.anim.clearOverlay();
    const look = { weights: step.weights_before, shown: step.shown, upTo: 0, deltaFrom: null, gradFrom: null };
    BL.draw.paint(gd, look);
    for (let l = 1; l <= L; l++) {
      tell(step, l - 1, l);
      await BL.anim.pulse(gd, l, "forward", null, ms("layer"));
      look.upTo = l; // each neuron's value appears as the signal reaches it
      BL.draw.paint(gd, look);
    }
    details(step, 1);
    tell(step, L);
  }

  async function phaseLoss(gd, step) {
    const L = layers(step);
    light(2, 1);
    tell(step, L, L + 1);
    await BL.anim.ring(gd, ms("loss"));
    details(step, 2);
    tell(step, L + 1);
  }

  async function phaseBackward(gd, step) {
    const sh = step.shown;
    const L = layers(step);
    light(3, 2);
    BL.anim.startPersist();
    const look = { weights: step.weights_before, shown: sh, upTo: L, deltaFrom: L, gradFrom: null };
    BL.draw.paint(gd, look);
    const gmax = BL.anim.gradMax(sh.grad_w);
    for (let l = L; l >= 1; l--) {
      tell(step, 2 * L + 1 - l, 2 * L + 2 - l);
      await BL.anim.pulse(gd, l, "backward", BL.anim.strengths(sh.grad_w, l, gmax), ms("layer"));
      BL.anim.persistGradients(gd, l, sh.grad_w, gmax);
      BL.anim.redrawOverlay();
      look.gradFrom = l;
      look.deltaFrom = Math.max(1, l - 1);
      BL.draw.paint(gd, look);
    }
    details(step, 3);
    tell(step, 2 * L + 1);
  }

  async function phaseUpdate(gd, step) {
    const L = layers(step);
    light(4, 3);
    tell(step, 2 * L + 1, 2 * L + 2);
    if (!step.refused) {
      BL.draw.paint(gd, { weights: step.weights_before, shown: null, upTo: -1, deltaFrom: null, gradFrom: null, hideEdges: true });
      await BL.anim.morphWeights(gd, step.weights_before, step.after.weights, ms("update"));
    }
    details(step, 4);
    tell(step, 2 * L + 2);
  }

  const PHASES = [null, phaseForward, phaseLoss, phaseBackward, phaseUpdate];

  // A single step played to its end: say what it changed, then apply it.
  function adopt(step, quiet) {
    const S = lab().state;
    if (step.refused) {
      lab().status("This step diverged (" + step.reason + "), so the weights were left as they were. Try a smaller learning rate.", "warn");
      return;
    }
    if (!quiet) {
      lab().status(
        "Step " + step.net_state.step + " applied: the loss on all training points went from " +
          U().fmt(S.view.train_loss, 4) + " to " + U().fmt(step.after.train_loss, 4) + "."
      );
    }
    lab().adopt(step.reply);
  }

  function explain(action, step) {
    const S = lab().state;
    noted = (action === "backward" && S.done < 2) || (action === "update" && S.done < 3);
    if (action === "backward" && S.done < 2) {
      lab().status("The backward pass needs the activations of a forward pass, so the forward pass ran first.", "note");
    } else if (action === "update" && S.done < 3) {
      const missing = S.done < 2 ? "forward and backward passes" : "backward pass";
      lab().status("The update needs the gradients, so the " + missing + " ran first.", "note");
    } else if (action === "train") {
      lab().status("Training step " + (S.net_state.step + 1) + ": forward, loss, backward and update on a mini-batch of " + step.batch.length + " points.");
    } else {
      lab().status("");
    }
  }

  async function run(action) {
    const S = lab().state;
    U().emit("press", { action: action });
    const gd = await BL.draw.whenGraph();
    const step = await lab().step();
    const key = lab().stepKey(step);
    if (S.doneKey !== key) {
      S.done = 0;
      S.doneKey = key;
    }
    const target = TARGET[action];
    let from = S.done;
    if (action === "forward") from = 0; // replay the forward pass
    if (action === "backward" && S.done >= 3) from = 2; // replay the backward pass
    explain(action, step);
    if (S.speed > 0) {
      for (let p = from + 1; p <= target; p++) {
        await PHASES[p](gd, step);
        S.done = Math.max(S.done, p);
      }
    } else {
      // Instant: straight to the end state, one redraw.
      S.done = Math.max(S.done, target);
      if (target < 4) BL.draw.paint(gd, lookAfter(step, target));
      details(step, target);
      const L = layers(step);
      tell(step, [0, L, L + 1, 2 * L + 1, 2 * L + 2][target]);
    }
    light(0, target);
    if (target === 4) adopt(step, noted);
  }

  // ---------- what the page tells us ----------
  document.addEventListener("bl:idle", function (e) {
    if (e.detail && e.detail.adopted) renderRest(true);
  });
  document.addEventListener("bl:abort", clearSteps);
  // A value typed in: the numbers the steps showed belong to the network before it.
  document.addEventListener("bl:adopt", function (e) {
    if (e.detail && e.detail.reply && e.detail.reply.edited) clearSteps();
  });
  document.addEventListener("bl:palette", function () {
    renderRest(true);
  });
  // Play repaints the diagram with each frame's network and the shown example; the
  // connections move on the canvas meanwhile (cheap), and are Plotly's again at rest.
  document.addEventListener("bl:play-start", function () {
    BL.anim.clearOverlay();
    clearSteps();
  });
  document.addEventListener("bl:frame", function (e) {
    const gd = BL.draw.graph();
    const frame = e.detail.frame;
    if (!gd) return;
    const L = frame.shown.a.length - 1;
    BL.draw.paint(gd, { weights: frame.weights, shown: frame.shown, upTo: L, deltaFrom: null, gradFrom: null, hideEdges: true, frame: true });
    BL.anim.edges(gd, frame.weights);
  });

  BL.phases = {
    press: function (action) {
      if (!(action in TARGET)) return false;
      return lab().enqueue(() => run(action));
    },
    ms: ms,
    light: light,
    details: details,
    clearSteps: clearSteps,
    renderRest: renderRest,
    adopt: function (step) {
      adopt(step, false);
    },
  };
})();
