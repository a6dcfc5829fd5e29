/* Play's frames in time (BackpropLab.frames).
 *
 * Play asks about once a pace (rules.play_pace_ms) for many steps; the answer carries
 * a few states of the network along them (`frames`, app/training.py: the engine's
 * weights and the shown example's a and z at evenly spaced steps, the last its end).
 * BackpropLab.lab adopts the answer at once and sends the next request; this file
 * then shows the frames evenly across the pace, so the diagram moves several times a
 * second while the page asks once. Every number a frame shows is the engine's.
 *
 *   frames.play(reply, t0, release)   Promise: the frames of `reply` (adopted at t0),
 *                                     each sent as bl:frame {reply, frame, last}; at
 *                                     the last, release() first hands the whole view
 *                                     to its drawing. Ends when the pace is over.
 *   frames.of(reply)                  its frames, or its end alone when it has none
 *   frames.after(n, view, draw)       draw() n frames later if `view` is still the one
 *                                     drawn: one answer's heavy redraws (data plot, loss
 *                                     and gradient charts) fall in different frames
 *   frames.afterSeen(n, view, NAME, draw)  the same for the chart with id(NAME) when it
 *                                     is on screen; off screen (a phone shows the diagram
 *                                     alone) its newest draw waits until it scrolls into
 *                                     view, and is dropped when Play stops (the stores
 *                                     written then draw every chart)
 * A pause shows the end at once; a reset (bl:abort) drops the rest unseen. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;

  let token = 0; // bumped by bl:abort: frames of the old network stop
  let wake = null; // ends the wait between frames at once

  function nap(ms) {
    return new Promise(function (resolve) {
      const done = () => (clearTimeout(timer), (wake = null), resolve());
      const timer = setTimeout(done, Math.max(0, ms));
      wake = done;
    });
  }

  function of(reply) {
    if (reply.frames && reply.frames.length) return reply.frames;
    return [{ step: reply.net_state.step, weights: reply.view.weights, biases: reply.view.biases, shown: reply.shown }];
  }

  async function play(reply, t0, release) {
    const mine = token;
    const S = BL.lab.state;
    const frames = of(reply);
    const pace = S.speed === 0 ? 0 : U().rules().play_pace_ms; // Instant: its end alone
    const gap = pace / frames.length;
    for (let i = pace ? 0 : frames.length - 1; i < frames.length; i++) {
      if (i > 0 && S.playing) await nap(t0 + i * gap - performance.now());
      if (mine !== token) return;
      const last = i === frames.length - 1 || !S.playing; // paused: the end at once
      if (last) release();
      U().emit("frame", { reply: reply, frame: last ? frames[frames.length - 1] : frames[i], last: last });
      if (last) break;
    }
    if (S.playing && mine === token) await nap(t0 + pace - performance.now());
  }

  function after(n, view, draw) {
    (function wait(k) {
      if (BL.lab.state.drawn !== view) return; // a newer view, or a reset
      if (k <= 0) return draw();
      requestAnimationFrame(() => wait(k - 1));
    })(n);
  }

  const waiting = new Map(); // element id -> the newest draw of that chart, off screen
  let watcher = null;

  function onScreen(el) {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
  }

  function afterSeen(n, view, name, draw) {
    const el = document.getElementById(U().id(name));
    if (!el || !window.IntersectionObserver || onScreen(el)) {
      if (el) waiting.delete(el.id); // an older draw waiting for it is this one's past
      return after(n, view, draw);
    }
    if (!watcher) {
      watcher = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          const later = waiting.get(e.target.id);
          if (!e.isIntersecting || !later) return;
          waiting.delete(e.target.id);
          watcher.unobserve(e.target);
          later();
        });
      });
    }
    waiting.set(el.id, draw);
    watcher.observe(el);
  }

  function dropWaiting() {
    if (watcher) watcher.disconnect();
    waiting.clear();
  }

  document.addEventListener("bl:playing", function (e) {
    if (!e.detail.on && wake) wake();
    if (!e.detail.on) dropWaiting();
  });
  document.addEventListener("bl:abort", function () {
    token += 1;
    if (wake) wake();
    dropWaiting();
  });

  BL.frames = { play: play, of: of, after: after, afterSeen: afterSeen };
})();
