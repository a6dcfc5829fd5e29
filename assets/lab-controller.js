/* The phase machine: what each button does, in the browser.
 *
 * The server answers one request per training step (request-store -> step-store)
 * with every number of that step. The buttons then reveal it piece by piece:
 *   1 forward, 2 loss, 3 backward, 4 update (then the new weights are adopted).
 * Actions queue up, so pressing Train step five times plays five steps in order.
 * A step is only reused while the network, the example and η are unchanged.
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  const S = (BL.state = {
    net: null, // net-store
    view: null, // view-store
    data: null, // data-store
    example: 0,
    lrLog: 0,
    speed: 1,
    step: null, // the last step-store that arrived
    done: 0, // phases of `step` already shown (0..4)
    doneKey: null,
    nonce: 0,
    waiting: null, // {nonce, resolve, reject} while a step is being computed
  });

  const BASE_MS = { layer: 650, loss: 600, update: 900 };
  const TARGET = { forward: 2, backward: 3, update: 4, train: 4 };
  const MAX_QUEUE = 20;

  function setProps(id, props) {
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }

  // How long a phase plays at the chosen speed (0: Instant); sub-step playback uses it too.
  function ms(kind) {
    return S.speed > 0 ? BASE_MS[kind] / S.speed : 0;
  }
  BL.ms = ms;

  function status(text, kind) {
    setProps("status-msg", {
      children: text,
      className: "bl-status" + (kind ? " is-" + kind : ""),
    });
  }
  BL.status = status;

  function currentKey() {
    if (!S.net) return null;
    return [S.net.run, S.net.step, S.example, S.lrLog].join(":");
  }

  // Which network, example and η a computed step belongs to.
  function stepKey(step) {
    const f = step && step["for"];
    return f ? [f.run, f.step, f.example, f.lr_log].join(":") : null;
  }
  BL.stepKey = stepKey;

  // ---------- algorithm step list ----------
  function light(active, doneUpTo) {
    for (let n = 1; n <= 4; n++) {
      let cls = "bl-step bl-step-" + n;
      if (n === active) cls += " is-active";
      else if (n <= doneUpTo) cls += " is-done";
      setProps("algo-step-" + n, { className: cls });
    }
  }

  function details(step, upTo) {
    const fmt = BL.fmt;
    const sh = step && step.shown;
    const L = sh ? sh.a.length - 1 : 0;
    const d = [
      upTo >= 1 && sh ? "Prediction ŷ = " + sh.a[L].map((v) => fmt(v, 4)).join(", ") + " for example #" + (sh.index + 1) : "",
      upTo >= 2 && step ? "Mini-batch loss L = " + fmt(step.batch_loss, 4) + " · this example: " + fmt(sh.loss, 4) : "",
      upTo >= 3 && step ? "‖∂L/∂W‖ by layer: " + step.grad_norm.map((v) => fmt(v, 3)).join(", ") : "",
      upTo >= 4 && step
        ? step.diverged
          ? "Not applied: " + step.reason
          : "w ← w − η·∂L/∂w with η = " + fmt(step.lr, 3) + " and the mini-batch's mean gradient"
        : "",
    ];
    d.forEach(function (text, i) {
      setProps("algo-detail-" + (i + 1), { children: text });
    });
  }

  BL.light = light;
  BL.details = details;

  /* Sub-steps of a step with L layers: 1..L the forward pass layer by layer, L+1
   * the loss, L+2..2L+1 the backward pass from layer L down to 1, 2L+2 the update.
   * Listeners (assets/substeps.js) hear how many are complete and which one plays. */
  function tell(step, done, playing) {
    if (BL.onProgress) BL.onProgress(step, done, playing || 0);
  }

  // ---------- the diagram at rest ----------
  // keepSteps: after an update the step list keeps showing what just happened.
  BL.renderRest = function (keepSteps) {
    const gd = BL.graph();
    // While actions are queued the next one repaints anyway; pump() repaints at the end.
    if (!gd || !S.view || BL.playing || busy) return;
    BL.clearOverlay();
    BL.paint(gd, { weights: S.view.weights, shown: null, upTo: -1, deltaFrom: null, gradFrom: null });
    if (!keepSteps) BL.clearSteps();
    if (BL.onRest) BL.onRest();
  };

  BL.clearSteps = function () {
    light(0, 0);
    details(null, 0);
  };

  // ---------- talking to the server ----------
  function requestStep() {
    S.nonce += 1;
    const nonce = S.nonce;
    return new Promise(function (resolve, reject) {
      const timer = setTimeout(function () {
        if (S.waiting && S.waiting.nonce === nonce) S.waiting = null;
        reject(new Error("The server did not answer in time. Press the button again."));
      }, 20000);
      S.waiting = {
        nonce: nonce,
        resolve: function (v) {
          clearTimeout(timer);
          resolve(v);
        },
        reject: function (e) {
          clearTimeout(timer);
          reject(e);
        },
      };
      setProps("request-store", { data: { nonce: nonce } });
    });
  }

  BL.onReply = function (step, reply) {
    if (step) S.step = step;
    const w = S.waiting;
    if (!w || !reply || reply.nonce !== w.nonce) return;
    S.waiting = null;
    if (reply.error) w.reject(new Error(reply.error));
    else w.resolve(S.step);
  };

  async function ensureStep() {
    const key = currentKey();
    if (S.step && stepKey(S.step) === key) return S.step;
    S.done = 0;
    S.doneKey = key;
    const step = await requestStep();
    if (stepKey(step) !== currentKey()) throw new Error("The settings changed meanwhile; press the button again.");
    return step;
  }

  // ---------- the four phases ----------
  // What the diagram shows once phase p (1..4) of `step` is complete.
  function lookAfter(step, p) {
    const sh = step.shown;
    const L = sh.a.length - 1;
    const weights = p >= 4 && !step.diverged ? step.after.weights : step.weights_before;
    if (p >= 4) return { weights: weights, shown: null, upTo: -1, deltaFrom: null, gradFrom: null };
    return { weights: weights, shown: sh, upTo: L, deltaFrom: p >= 3 ? 1 : null, gradFrom: p >= 3 ? 1 : null };
  }

  async function phaseForward(gd, step) {
    const sh = step.shown;
    const L = sh.a.length - 1;
    light(1, 0);
    BL.clearOverlay();
    const look = { weights: step.weights_before, shown: sh, upTo: 0, deltaFrom: null, gradFrom: null };
    BL.paint(gd, look);
    for (let l = 1; l <= L; l++) {
      tell(step, l - 1, l);
      await BL.pulse(gd, l, "forward", null, ms("layer"));
      look.upTo = l; // each neuron's value appears as the signal reaches it
      BL.paint(gd, look);
    }
    details(step, 1);
    tell(step, L);
  }

  async function phaseLoss(gd, step) {
    const L = step.shown.a.length - 1;
    light(2, 1);
    tell(step, L, L + 1);
    await BL.ring(gd, ms("loss"));
    details(step, 2);
    tell(step, L + 1);
  }

  async function phaseBackward(gd, step) {
    const sh = step.shown;
    const L = sh.a.length - 1;
    light(3, 2);
    BL.persist = [];
    const look = { weights: step.weights_before, shown: sh, upTo: L, deltaFrom: L, gradFrom: null };
    BL.paint(gd, look);
    let gmax = 0;
    BL.flatEdges(sh.grad_w).forEach(function (g) {
      gmax = Math.max(gmax, Math.abs(g));
    });
    for (let l = L; l >= 1; l--) {
      const strength = BL.flatEdges([sh.grad_w[l - 1]]).map(function (g) {
        return gmax > 0 ? Math.abs(g) / gmax : 0;
      });
      tell(step, 2 * L + 1 - l, 2 * L + 2 - l);
      await BL.pulse(gd, l, "backward", strength, ms("layer"));
      BL.persistGradients(gd, l, sh.grad_w, gmax);
      BL.redrawOverlay();
      look.gradFrom = l;
      look.deltaFrom = Math.max(1, l - 1);
      BL.paint(gd, look);
    }
    details(step, 3);
    tell(step, 2 * L + 1);
  }

  async function phaseUpdate(gd, step) {
    const L = step.shown.a.length - 1;
    light(4, 3);
    tell(step, 2 * L + 1, 2 * L + 2);
    if (!step.diverged) {
      BL.paint(gd, { weights: step.weights_before, shown: null, upTo: -1, deltaFrom: null, gradFrom: null, hideEdges: true });
      await BL.morphWeights(gd, step.weights_before, step.after.weights, ms("update"));
    }
    details(step, 4);
    tell(step, 2 * L + 2);
  }

  const PHASES = [null, phaseForward, phaseLoss, phaseBackward, phaseUpdate];

  function adopt(step) {
    if (step.diverged) {
      status("This step diverged (" + step.reason + "), so the weights were left as they were. Try a smaller learning rate.", "warn");
      return;
    }
    if (!noted) {
      status(
        "Step " + step.net.step + " applied: the loss on all training points went from " +
          BL.fmt(S.view.train_loss, 4) + " to " + BL.fmt(step.after.train_loss, 4) + "."
      );
    }
    if (BL.onAdopt) BL.onAdopt(step, S.net); // S.net: the network the step started from
    const losses = (S.view.losses || []).concat([step.after.train_loss]).slice(-2000);
    const view = Object.assign({}, step.after, { losses: losses, step: step.net.step, run: step.net.run });
    if (BL.extendView) BL.extendView(view, S.view, step); // test loss, gradient history
    S.net = step.net;
    S.view = view;
    S.step = null;
    S.done = 0;
    needsRest = true;
    setProps("net-store", { data: step.net });
    setProps("view-store", { data: view });
  }

  async function run(action) {
    const gd = await BL.whenGraph();
    const step = await ensureStep();
    const key = stepKey(step);
    if (S.doneKey !== key) {
      S.done = 0;
      S.doneKey = key;
    }
    const target = TARGET[action];
    let from = S.done;
    if (action === "forward") from = 0; // replay the forward pass
    if (action === "backward" && S.done >= 3) from = 2; // replay the backward pass
    noted = (action === "backward" && S.done < 2) || (action === "update" && S.done < 3);
    if (action === "backward" && S.done < 2) {
      status("The backward pass needs the activations of a forward pass, so the forward pass ran first.", "note");
    } else if (action === "update" && S.done < 3) {
      status(
        "The update needs the gradients, so the " + (S.done < 2 ? "forward and backward passes" : "backward pass") + " ran first.",
        "note"
      );
    } else if (action === "train") {
      status("Training step " + (S.net.step + 1) + ": forward, loss, backward and update on a mini-batch of " + step.batch.length + " points.");
    } else {
      status("");
    }
    BL.playing = true;
    try {
      if (S.speed > 0) {
        for (let p = from + 1; p <= target; p++) {
          await PHASES[p](gd, step);
          S.done = Math.max(S.done, p);
        }
      } else {
        // Instant: straight to the end state, one redraw.
        S.done = Math.max(S.done, target);
        if (target < 4) BL.paint(gd, lookAfter(step, target));
        details(step, target);
        const L = step.shown.a.length - 1;
        tell(step, [0, L, L + 1, 2 * L + 1, 2 * L + 2][target]);
      }
      light(0, target);
    } finally {
      BL.playing = false;
    }
    if (target === 4) adopt(step);
  }

  let queue = [];
  let busy = false;
  let needsRest = false; // weights were adopted while busy: draw them once idle
  let noted = false; // the running action explained itself; keep that on screen

  // An action is a button's name, or a function (a sub-step) that plays in turn.
  BL.enqueue = function (action) {
    if (typeof action !== "function" && !(action in TARGET)) return;
    if (queue.length >= MAX_QUEUE) return;
    queue.push(action);
    pump();
  };

  async function pump() {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const action = queue.shift();
      try {
        await (typeof action === "function" ? action() : run(action));
      } catch (e) {
        if (e && e.message !== "aborted") {
          queue = [];
          status(e.message || String(e), "error");
        }
      }
    }
    busy = false;
    if (needsRest) {
      needsRest = false;
      BL.renderRest(true);
    }
  }

  BL.ensureStep = ensureStep;
  BL.adoptStep = function (step) {
    noted = false;
    adopt(step);
  };

  // Reset: drop queued actions and stop the animation where it is.
  BL.abort = function () {
    queue = [];
    BL.token += 1;
    BL.playing = false;
    if (S.waiting) {
      S.waiting.reject(new Error("aborted"));
      S.waiting = null;
    }
    S.step = null;
    S.done = 0;
    BL.clearSteps();
  };

  BL.idle = function () {
    return !busy && !BL.playing && queue.length === 0;
  };
})();
