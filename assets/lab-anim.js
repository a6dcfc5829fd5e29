/* Moving signals on a <canvas> laid over the diagram (BackpropLab.anim), redrawn
 * every animation frame, so playing a step costs no server request and no figure
 * rebuild per frame.
 *
 *   anim.pulse(gd, l, direction, strength, ms)   signals between layers l−1 and l
 *   anim.ring(gd, ms)                            the loss: a ring around the outputs
 *   anim.morphWeights(gd, before, after, ms)     connections sliding to new weights
 *   anim.edges(gd, weights)                      the connections at these weights (Play's frames)
 *   anim.persistGradients(gd, l, grads, gmax)    red traces that stay after a layer
 *   anim.gradMax(grads), anim.strengths(grads, l, gmax)   |∂L/∂w| relative to the largest
 *   anim.clearOverlay(), anim.redrawOverlay()
 *   anim.frames            timestamps of frames drawn (the frame-rate benchmark reads them)
 * An animation's promise fails with "aborted" once bl:abort is heard. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  let token = 0; // bumped on bl:abort: running animations stop at their next frame
  // Red traces that stay on screen after the backward pass: one line per connection
  // with width by |∂L/∂w| (relative to the largest in the network).
  let persist = [];

  const A = (BL.anim = { frames: [] });

  function overlay(gd) {
    const host = document.getElementById(BL.util.id("NETWORK_GRAPH"));
    let c = host.querySelector("canvas.bl-overlay");
    if (!c) {
      c = document.createElement("canvas");
      c.className = "bl-overlay";
      c.setAttribute("aria-hidden", "true");
      host.appendChild(c);
    }
    const r = gd.getBoundingClientRect();
    const hr = host.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(r.width * dpr);
    const h = Math.round(r.height * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    c.style.left = r.left - hr.left + "px";
    c.style.top = r.top - hr.top + "px";
    c.style.width = r.width + "px";
    c.style.height = r.height + "px";
    const ctx = c.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return { canvas: c, ctx: ctx, w: r.width, h: r.height };
  }

  // The neurons' centres in canvas pixels, layer by layer.
  function positions(gd) {
    const m = BL.draw.base.layout.meta;
    const nd = BL.draw.base.data[m.neurons];
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const out = [];
    let k = 0;
    m.sizes.forEach(function (n) {
      const layer = [];
      for (let i = 0; i < n; i++, k++) layer.push([xa._offset + xa.l2p(nd.x[k]), ya._offset + ya.l2p(nd.y[k])]);
      out.push(layer);
    });
    return out;
  }

  // px: lines stop at the neuron circles, which lie beneath the canvas, as painted.
  function radius() {
    return (BL.draw.neuronPx || 40) / 2;
  }

  function segment(ctx, a, b) {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    const ux = (dx / len) * radius();
    const uy = (dy / len) * radius();
    ctx.beginPath();
    ctx.moveTo(a[0] + ux, a[1] + uy);
    ctx.lineTo(b[0] - ux, b[1] - uy);
    ctx.stroke();
  }

  function drawPersist(ctx) {
    persist.forEach(function (p) {
      ctx.strokeStyle = p.color || "rgba(" + BL.palette.colours.backward + "," + p.alpha + ")";
      ctx.lineWidth = p.width;
      ctx.setLineDash(p.dash ? [3 * p.width + 3, 2 * p.width + 2] : []); // Plotly's "dash", roughly
      segment(ctx, p.a, p.b);
    });
    ctx.setLineDash([]);
  }

  // A fresh canvas with the persisting traces on it.
  function clean(gd) {
    const o = overlay(gd);
    o.ctx.clearRect(0, 0, o.w, o.h);
    drawPersist(o.ctx);
    return o.ctx;
  }

  A.clearOverlay = function () {
    persist = [];
    const gd = BL.draw.graph();
    if (gd) clean(gd);
  };

  A.redrawOverlay = function () {
    const gd = BL.draw.graph();
    if (gd) clean(gd);
  };

  // ---------- the frame loop ----------
  function animate(ms, onFrame) {
    const mine = token;
    return new Promise(function (resolve, reject) {
      if (ms <= 0) {
        onFrame(1);
        return resolve();
      }
      const t0 = performance.now();
      function frame(now) {
        if (mine !== token) return reject(new Error(BL.lab.ABORTED));
        A.frames.push(now);
        if (A.frames.length > 5000) A.frames.splice(0, 2500);
        const t = Math.min(1, (now - t0) / ms);
        onFrame(t);
        if (t < 1) requestAnimationFrame(frame);
        else resolve();
      }
      requestAnimationFrame(frame);
    });
  }

  function ease(t) {
    return t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
  }

  /* Signals along the connections between layer l-1 and l (l is 1-based).
   * direction "forward": from l-1 to l in blue; "backward": from l to l-1 in red.
   * strength: per-connection 0..1 (dot size and trail opacity). */
  A.pulse = function (gd, l, direction, strength, ms) {
    const pos = positions(gd);
    const pairs = [];
    let k = 0;
    pos[l].forEach(function (b) {
      pos[l - 1].forEach(function (a) {
        const s = strength ? strength[k] : 1;
        pairs.push(direction === "forward" ? { from: a, to: b, s: s } : { from: b, to: a, s: s });
        k++;
      });
    });
    return animate(ms, function (t) {
      const rgb = BL.palette.colours[direction === "forward" ? "forward" : "backward"];
      const ctx = clean(gd);
      const e = ease(t);
      pairs.forEach(function (p) {
        const x = p.from[0] + (p.to[0] - p.from[0]) * e;
        const y = p.from[1] + (p.to[1] - p.from[1]) * e;
        ctx.strokeStyle = "rgba(" + rgb + "," + (0.25 + 0.45 * p.s) + ")";
        ctx.lineWidth = 1.5 + 3 * p.s;
        ctx.beginPath();
        ctx.moveTo(p.from[0], p.from[1]);
        ctx.lineTo(x, y);
        ctx.stroke();
        ctx.fillStyle = "rgba(" + rgb + ",0.95)";
        ctx.beginPath();
        ctx.arc(x, y, 3 + 3.5 * p.s, 0, 2 * Math.PI);
        ctx.fill();
        // the direction of travel as a shape, not only a colour
        BL.palette.directionMark(ctx, x, y, p.to[0] - p.from[0], p.to[1] - p.from[1], 3 + 3.5 * p.s, rgb);
      });
      if (t >= 1) clean(gd);
    });
  };

  // A ring that swells around the output neurons while the loss is computed.
  A.ring = function (gd, ms) {
    const pos = positions(gd);
    const out = pos[pos.length - 1];
    return animate(ms, function (t) {
      const ctx = clean(gd);
      if (t >= 1) return;
      out.forEach(function (p) {
        ctx.strokeStyle = "rgba(" + BL.palette.colours.backward + "," + 0.9 * (1 - t) + ")";
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.arc(p[0], p[1], radius() + 1 + 18 * ease(t), 0, 2 * Math.PI);
        ctx.stroke();
      });
    });
  };

  // The largest |∂L/∂w| of the shown example, and each connection of layer l's share of it.
  A.gradMax = function (grads) {
    return BL.draw.flatEdges(grads).reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  };
  A.strengths = function (grads, l, gmax) {
    return BL.draw.flatEdges([grads[l - 1]]).map((g) => (gmax > 0 ? Math.abs(g) / gmax : 0));
  };

  A.persistGradients = function (gd, l, grads, gmax) {
    const pos = positions(gd);
    grads[l - 1].forEach(function (row, j) {
      row.forEach(function (g, i) {
        const s = gmax > 0 ? Math.abs(g) / gmax : 0;
        persist.push({ a: pos[l - 1][i], b: pos[l][j], width: 1 + 5 * s, alpha: 0.15 + 0.5 * s });
      });
    });
  };

  A.startPersist = function () {
    persist = [];
  };

  /* Weights sliding from their old to their new values. Plotly's connections are
   * hidden meanwhile and the canvas draws them frame by frame; the final figure
   * arrives when the new weights are adopted. */
  A.morphWeights = function (gd, before, after, ms) {
    const pos = positions(gd);
    const pairs = [];
    before.forEach(function (M, l) {
      M.forEach(function (row, j) {
        row.forEach(function (w, i) {
          pairs.push({ a: pos[l][i], b: pos[l + 1][j], w0: w, w1: after[l][j][i] });
        });
      });
    });
    function draw(u) {
      persist = pairs.map(function (p) {
        const s = BL.draw.edgeStyle(p.w0 + (p.w1 - p.w0) * u);
        return { a: p.a, b: p.b, width: s.width, color: s.color, dash: s.dash };
      });
      clean(gd);
    }
    draw(0);
    return animate(ms, function (t) {
      draw(ease(t));
    });
  };

  A.edges = function (gd, weights) {
    const pos = positions(gd);
    persist = [];
    weights.forEach(function (M, l) {
      M.forEach(function (row, j) {
        row.forEach(function (w, i) {
          const s = BL.draw.edgeStyle(w);
          persist.push({ a: pos[l][i], b: pos[l + 1][j], width: s.width, color: s.color, dash: s.dash });
        });
      });
    });
    clean(gd);
  };

  document.addEventListener("bl:abort", function () {
    token += 1;
  });
  window.addEventListener("resize", function () {
    setTimeout(A.redrawOverlay, 120);
  });
})();
