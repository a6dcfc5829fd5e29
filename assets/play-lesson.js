/* Play's button and the learning-rate lesson (BackpropLab.playLesson).
 *
 * Play itself is BackpropLab.lab's (lab.play / lab.pause): this file shows what it
 * does. The button reads ▶ Play or ❚❚ Pause; a batch that diverged pauses training
 * and explains why, with the numbers of the step, and offers to go back to the
 * lowest loss seen in this run; a tiny η that makes the loss crawl is said so.
 *
 *   playLesson.good     the lowest-loss state seen while playing in this run (good-store)
 *   playLesson.restore()   "Go back": that state becomes the current one
 * Clientside callback (app/callbacks/playground.py): playground.onRestore. Presses of
 * Play arrive through assets/lab-buttons.js. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;
  const fmt = (v, d) => BL.util.fmt(v, d);

  const CRAWL_RATIO = 1e-3; // ‖ΔW‖/‖W‖ under which the loss visibly crawls

  const PL = (BL.playLesson = { good: null });

  function showPlaying(on) {
    U().setProps(U().id("PLAY_BTN"), {
      children: on ? "❚❚ Pause" : "▶ Play",
      className: "bl-btn bl-btn-play" + (on ? " is-playing" : ""),
    });
  }

  function hideLesson() {
    U().setProps(U().id("LR_LESSON"), { hidden: true });
  }

  /* Keep the best state seen: the answer's own best (the lowest loss inside a batch),
   * else the lower of where it started and where it ended (a single step's answer
   * has no best: the page knows where it started). */
  function keepGood(reply, before) {
    const finite = (v) => typeof v === "number" && isFinite(v);
    const end = { net_state: reply.net_state, view: reply.view, loss: reply.view.train_loss };
    const start = { net_state: before.net_state, view: before.view, loss: before.view && before.view.train_loss };
    const lower = finite(start.loss) && !(finite(end.loss) && end.loss <= start.loss) ? start : end;
    const cand = reply.best || lower;
    if (cand.loss === null || cand.loss === undefined) return;
    const g = PL.good;
    if (!g || g.net_state.run !== cand.net_state.run || g.net_state.step > reply.net_state.step || cand.loss < g.loss) {
      PL.good = cand;
      U().setProps(U().id("GOOD_STORE"), { data: cand });
    }
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
    const g = PL.good;
    const canGoBack = g && g.net_state.run === reply.net_state.run && g.net_state.step < reply.net_state.step;
    U().setProps(U().id("LR_LESSON_TEXT"), { children: text });
    U().setProps(U().id("RESTORE_BTN"), {
      children: canGoBack ? "Go back to step " + g.net_state.step + " (loss " + fmt(g.loss, 3) + ")" : "Go back",
      style: canGoBack ? {} : { display: "none" },
    });
    U().setProps(U().id("LR_LESSON"), { hidden: false, className: "bl-lr-lesson is-diverged" });
    BL.lab.status("");
  }

  function crawlNote(reply) {
    const r = reply.largest_ratio;
    if (r === null || r === undefined || r >= CRAWL_RATIO || !reply.losses.length) return;
    const v = BL.lab.state.view;
    const first = v.losses[Math.max(0, v.losses.length - 1 - reply.losses.length)];
    const last = v.losses[v.losses.length - 1];
    BL.lab.status(
      "η = " + fmt(reply.lr, 2) + " is very small: each step changes the weights by at most " +
        fmt(100 * r, 2) + "% of their size, so the loss crawls (" + fmt(first, 4) + " → " + fmt(last, 4) +
        " over these " + reply.losses.length + " steps). Try a larger η.",
      "note"
    );
  }

  PL.restore = function () {
    const g = PL.good;
    if (!BL.lab.goBack(g)) return;
    hideLesson();
    BL.lab.status("Back at step " + g.net_state.step + " (loss " + fmt(g.loss, 4) + "). Lower η before you press Play again.", "note");
  };

  document.addEventListener("bl:playing", function (e) {
    showPlaying(e.detail.on);
    if (e.detail.on) hideLesson();
  });
  document.addEventListener("bl:abort", function () {
    PL.good = null; // a new network: nothing to go back to
    hideLesson();
  });
  document.addEventListener("bl:played", function (e) {
    const reply = e.detail.reply;
    keepGood(reply, e.detail.before);
    if (reply.diverged) showDiverged(reply);
    else crawlNote(reply);
  });

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.playground = Object.assign(window.dash_clientside.playground || {}, {
    onRestore: function () {
      PL.restore();
    },
  });
})();
