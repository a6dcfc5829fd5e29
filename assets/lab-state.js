/* The page's state and its requests: the one owner (BackpropLab.lab).
 *
 * Every training step travels one road. A module asks for steps here; this module puts
 * {"nonce", "steps"} into request-store (or {"nonce", "steps": 0, "edit"} for a value typed
 * in), the server answers in reply-store (app/callbacks, one callback), and the answer is
 * adopted here, by one function, whether it is a single step (Train step, the phase
 * buttons, Next piece) or a batch of Play. Actions wait in one queue, played in turn.
 *
 * Interface (everything else is private):
 *   lab.state              read-only for other modules: net_state (net-store), view, data,
 *                          example, lr_log (log10 η), speed, step (the single step
 *                          computed for this network, example and η, not yet applied),
 *                          done / doneKey (phases of `step` already shown: written by
 *                          the phases and sub-steps that play it), playing, drawn (the
 *                          view on screen: while Play's frames play, the one before)
 *   lab.held(view)         `view` is current but drawn only at Play's last frame (below);
 *                          view-store gets Play's view once Play stops (not every answer)
 *   lab.sync(values)       the stores and controls Dash hands over (page load, Reset,
 *                          settings, a link): {net_state, view, data, lr_log, speed, example}
 *   lab.step()             Promise of `state.step`, asked from the server if need be
 *   lab.adopt(reply)       make a reply's network the current one (false if stale)
 *   lab.onReply(reply)     reply-store arrived (clientside callback)
 *   lab.enqueue(action)    an async function to play in turn; true if queued, false if
 *                          refused (the queue is full: the status line says so)
 *   lab.play(), pause(), toggle()   Play: a queued action that asks for steps until paused
 *   lab.goBack(good)       return to a network seen earlier in this run ("Go back")
 *   lab.edit(change)       set one weight or bias, {param: "W" | "b", layer, row, col, value}
 *                          (counted from 0; col null for b): Promise of the reply
 *   lab.abort()            Reset or a new set-up: drop the queue and any answer awaited
 *   lab.idle()             nothing playing, running or waiting
 *   lab.status(text, kind) the status line under the toolbar
 *   lab.adoptShared(shared) a class's network (assets/class-session.js): its settings,
 *                          network, view, data, example and η become this page's
 * Events it sends (document, "bl:<name>", see BackpropLab.util.emit):
 *   bl:playing {on}        Play switched on or off
 *   bl:play-start          Play's loop begins (after any step that was still playing)
 *   bl:adopt {reply, step, before, view}   a reply's network became current; step:
 *                          the single step it ended, if it was one (else null);
 *                          before: {net_state, view} the page left
 *   bl:played {reply, before}   Play adopted a batch (the lessons look at it)
 *   bl:frame {reply, frame, last}   Play shows one of the batch's frames ({step, weights,
 *                          biases, shown: {a, z}}); at the last the whole view is drawn
 *   bl:drawn {view}        a held view is to be drawn now (its callbacks drew nothing)
 *   bl:idle {adopted}      the queue ran empty; adopted: a step was applied meanwhile
 *   bl:abort               queued actions and animations were dropped
 *   bl:shared {shared}     a class's network became this page's (adoptShared)
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;

  const MAX_QUEUE = 20; // presses waiting at most; more are refused, with a sentence
  const TIMEOUT_MS = 20000;
  const LATE_STEP = "The server did not answer in time. Press the button again.";
  const LATE_PLAY = "The server did not answer in time, so training paused. Press Play to go on.";
  const ABORTED = "aborted"; // the message of a promise dropped by abort(): not shown

  const S = {
    net_state: null,
    view: null,
    data: null,
    example: 0,
    lr_log: 0,
    speed: 1,
    step: null,
    done: 0,
    doneKey: null,
    playing: false,
    drawn: null,
  };

  let made = null; // request-store -> reply-store, made at first use: lab-util.js may load later
  const exchange = () => made || (made = U().exchange("REQUEST_STORE", TIMEOUT_MS));
  let queue = [];
  let busy = false; // an action is running
  let adopted = false; // a step was applied while busy: the diagram goes to rest once idle
  let held = null; // a view adopted by Play whose drawing waits for its last frame
  let unwritten = null; // Play's view, not in view-store until Play stops: Dash's callbacks on it run once

  function status(text, kind) {
    U().setProps(U().id("STATUS"), { children: text, className: "bl-status" + (kind ? " is-" + kind : "") });
  }

  function sync(values) {
    const v = values || {};
    // A single step belongs to the data it was computed on: new data (an edit of
    // the user's own) asks for a new one, and the old mini-batch is no longer ringed.
    if ("data" in v && v.data !== S.data && S.step) {
      S.step = null;
      S.done = 0;
      U().setProps(U().id("STEP_STORE"), { data: null });
    }
    const stale = (w) => unwritten && w && w.run === unwritten.run && w.step <= unwritten.step; // view-store behind Play
    ["net_state", "view", "data"].forEach(function (k) {
      if (k in v && !(k === "view" && stale(v.view))) S[k] = v[k];
    });
    if ("view" in v && !held) S.drawn = S.view;
    if (typeof v.lr_log === "number" && isFinite(v.lr_log)) S.lr_log = v.lr_log;
    if (typeof v.speed === "number" && isFinite(v.speed)) S.speed = v.speed;
    if (Number.isInteger(v.example)) S.example = v.example;
  }

  // ---------- the one request ----------
  // edit: a value typed in ({param, layer, row, col, value}), asked with steps = 0.
  function request(steps, late, edit) {
    return exchange().send(edit ? { steps: steps, edit: edit } : { steps: steps }, late);
  }

  function onReply(reply) {
    exchange().answer(reply);
  }

  // Which network, example and η a single step belongs to.
  function stepKey(step) {
    const f = step && step["for"];
    return f ? [f.run, f.step, f.example, f.lr_log].join(":") : null;
  }

  function currentKey() {
    return S.net_state ? [S.net_state.run, S.net_state.step, S.example, S.lr_log].join(":") : null;
  }

  /* A single step as the animation, the inspector and the sub-steps read it: the
   * trace of the step (the shown example before it, the mini-batch, the gradients)
   * with what it led to (`after`: the view; `net_state`: the new network). */
  function stepOf(reply) {
    return Object.assign({}, reply.trace, {
      for: reply["for"],
      lr: reply.lr,
      after: reply.view,
      net_state: reply.net_state,
      reply: reply,
    });
  }

  async function step() {
    const key = currentKey();
    if (S.step && stepKey(S.step) === key) return S.step;
    S.done = 0;
    S.doneKey = key;
    const s = stepOf(await request(1, LATE_STEP));
    if (stepKey(s) !== currentKey()) throw new Error("The settings changed meanwhile; press the button again.");
    S.step = s;
    // The data plot rings the step's mini-batch until it is applied.
    U().setProps(U().id("STEP_STORE"), { data: { for: s["for"], batch: s.batch } });
    return s;
  }

  // ---------- the one adopt path ----------
  function mergeView(old, reply) {
    const H = U().rules().history;
    old = old || {};
    return Object.assign({}, reply.view, {
      losses: (old.losses || []).concat(reply.losses).slice(-H.losses),
      test_losses: (old.test_losses || []).concat(reply.test_losses).slice(-H.losses),
      grad_hist: (old.grad_hist || []).concat(reply.grad_rms).slice(-H.grad_norms),
      marks: reply.marks || old.marks,
      step: reply.net_state.step,
      run: reply.net_state.run,
    });
  }

  // hold: Play draws the view at its last frame (release); the stores are current at once.
  function setCurrent(net_state, view, hold) {
    S.net_state = net_state;
    S.view = view;
    S.step = null;
    S.done = 0;
    held = hold ? view : null;
    if (!hold) S.drawn = view;
    unwritten = hold ? view : null; // net-store is read by the next request; view-store waits
    U().setProps(U().id("NET_STORE"), { data: net_state });
    if (!hold) U().setProps(U().id("VIEW_STORE"), { data: view });
  }

  function adopt(reply, hold) {
    const f = reply && reply["for"];
    if (!f || !S.net_state || f.run !== S.net_state.run || f.step !== S.net_state.step) return false; // a reset came first
    const before = { net_state: S.net_state, view: S.view };
    const step = S.step && S.step.reply === reply ? S.step : null;
    const view = mergeView(S.view, reply);
    setCurrent(reply.net_state, view, hold);
    if (busy) adopted = true;
    U().emit("adopt", { reply: reply, step: step, before: before, view: view });
    return true;
  }

  // Back to a state seen earlier in this run: its network and view, the curves cut there.
  function goBack(good) {
    if (!good || !S.view || !S.net_state || good.net_state.run !== S.net_state.run) return false;
    const drop = S.view.step - good.net_state.step;
    const cut = (a) => (a && a.length ? a.slice(0, Math.max(1, a.length - drop)) : a);
    const view = Object.assign({}, good.view, {
      losses: cut(S.view.losses),
      test_losses: cut(S.view.test_losses),
      grad_hist: cut(S.view.grad_hist),
      marks: S.view.marks,
      step: good.net_state.step,
      run: good.net_state.run,
    });
    setCurrent(good.net_state, view);
    return true;
  }

  /* A weight or bias typed in: the server checks and sets it and answers with nothing
   * trained (the same step count); the answer is adopted like a step's. The promise
   * gives the reply, or fails with the server's sentence (also on the status line). */
  function edit(change) {
    return new Promise(function (resolve, reject) {
      const queued = enqueue(async function () {
        try {
          const reply = await request(0, LATE_STEP, change);
          if (!adopt(reply)) throw new Error("The network changed meanwhile; type the value again.");
          resolve(reply);
        } catch (e) {
          reject(e); // the server's sentence is on the status line already
        }
      });
      if (!queued) reject(new Error("This press was not queued: too many actions are waiting."));
    });
  }

  // ---------- the queue ----------
  function enqueue(action) {
    if (typeof action !== "function") return false;
    if (S.playing) pause(); // a button pressed while playing pauses first, then acts
    if (queue.length >= MAX_QUEUE) {
      status("This press was not queued: " + MAX_QUEUE + " actions are waiting already. Let them play first.", "warn");
      return false;
    }
    queue.push(action);
    pump();
    return true;
  }

  async function pump() {
    if (busy) return;
    busy = true;
    while (queue.length) {
      const action = queue.shift();
      try {
        await action();
      } catch (e) {
        if (e && e.message !== ABORTED) {
          queue = [];
          status((e && e.message) || String(e), "error");
        }
      }
    }
    busy = false;
    const was = adopted;
    adopted = false;
    U().emit("idle", { adopted: was });
  }

  // ---------- Play ----------
  function setPlaying(on) {
    if (S.playing === on) return;
    S.playing = on;
    U().emit("playing", { on: on });
  }

  function stepsPerRequest() {
    const speed = U().rules().speeds.find((s) => s.value === S.speed);
    return speed ? speed.steps : U().rules().default_steps;
  }

  /* Play is a loop, not a timer. An answer's network becomes current at once and
   * the next request goes out then, so the server computes it while this answer's
   * frames play across the pace (BackpropLab.frames, assets/play-frames.js). A request
   * goes out at most once a pace, and only after the one before was answered. */
  async function playLoop() {
    if (!S.playing) return;
    U().emit("play-start");
    const ask = () => request(stepsPerRequest(), LATE_PLAY);
    let pending = ask();
    try {
      while (S.playing) {
        let reply;
        try {
          reply = await pending;
        } catch (e) {
          if (e.message !== ABORTED) status(e.message || String(e), "error");
          break;
        }
        const t0 = performance.now();
        const before = { net_state: S.net_state, view: S.view };
        if (!adopt(reply, S.speed !== 0)) break; // Instant draws each answer's end at once
        U().emit("played", { reply: reply, before: before });
        const more = S.playing && !reply.diverged;
        if (more) (pending = ask()).catch(() => {}); // dropped at a pause: no error of its own
        await BL.frames.play(reply, t0, release);
        if (!more) break;
      }
    } finally {
      release();
      if (unwritten) U().setProps(U().id("VIEW_STORE"), { data: unwritten });
      unwritten = null;
      setPlaying(false);
      adopted = true; // the diagram goes back to rest
      if (pauseAsked && S.net_state) status("Paused at step " + S.net_state.step + ". Step by hand with the buttons, or press Play to go on.");
      pauseAsked = false;
    }
  }

  // The held view is to be drawn: its drawing modules hear bl:drawn (a store written
  // again would run all of Dash's callbacks on it a second time, a frame's worth).
  function release() {
    if (!held) return;
    S.drawn = held;
    held = null;
    U().emit("drawn", { view: S.drawn });
  }

  let pauseAsked = false; // Pause was pressed: the loop says where it stopped once it has

  function play() {
    if (S.playing) return;
    pauseAsked = false;
    setPlaying(true);
    status("Training: press Pause at any moment, then step by hand from there.");
    queue.push(playLoop); // after a single step that is still playing, never refused
    pump();
  }

  function pause() {
    if (!S.playing) return;
    pauseAsked = true;
    setPlaying(false); // the frames stop at the end of the answer adopted last
    exchange().drop(new Error(ABORTED)); // the answer after it is not wanted
  }

  function abort() {
    queue = [];
    pauseAsked = false;
    held = unwritten = null; // the stores the reset brings are drawn as they come
    S.drawn = S.view;
    setPlaying(false);
    exchange().drop(new Error(ABORTED));
    S.step = null;
    S.done = 0;
    U().setProps(U().id("STEP_STORE"), { data: null });
    U().emit("abort");
  }

  /* A class's state, as the teacher's page shared it: whatever this page was
   * doing is dropped, and the class's settings, network and view become current. */
  function adoptShared(shared) {
    abort();
    sync({ data: shared.data, lr_log: shared.lr_log, example: shared.example });
    U().setProps(U().id("CONFIG_STORE"), { data: shared.config });
    U().setProps(U().id("DATA_STORE"), { data: shared.data });
    U().setProps(U().id("EXAMPLE_STORE"), { data: shared.example });
    U().setProps(U().id("LR_SLIDER"), { value: shared.lr_log });
    setCurrent(shared.net_state, shared.view);
    U().emit("shared", { shared: shared });
  }

  BL.lab = {
    state: S,
    ABORTED: ABORTED,
    sync: sync,
    step: step,
    stepKey: stepKey,
    adopt: adopt,
    onReply: onReply,
    enqueue: enqueue,
    play: play,
    pause: pause,
    toggle: () => (S.playing ? pause() : play()),
    goBack: goBack,
    edit: edit,
    abort: abort,
    idle: () => !busy && !S.playing && queue.length === 0,
    held: (view) => !!(held && view && view.step === held.step && view.run === held.run),
    status: status,
    adoptShared: adoptShared,
  };
})();
