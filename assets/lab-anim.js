/* Drawing and animation of the network diagram, all in the browser.
 *
 * The Plotly figure (built by app/figures.py) holds the geometry; this file hands
 * dcc.Graph a new figure a few times per phase (values appearing, weights
 * changing) and moves the signals on a <canvas> laid over the plot, redrawn every
 * animation frame, so playing a step costs no server request and no figure
 * rebuild per frame.
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  const COLOURS = {
    forward: "37, 99, 235", // blue: signals
    backward: "220, 38, 38", // red: gradients
    pos: "15, 118, 110", // teal: weight > 0
    neg: "194, 65, 12", // orange: weight < 0
  };
  BL.COLOURS = COLOURS;
  // Neuron fill (a in [−1, 1]) and data/prediction shading (ŷ), standard look; the
  // activation scale is figures.ACTIVATION_SCALE. assets/lessons.js swaps in the
  // colour-blind-safe ones, and sets dashNegative so a weight's sign shows without colour.
  const SCALES = {
    activation: [[0, "#c2410c"], [0.5, "#f8fafc"], [1, "#0f766e"]],
    surface: [[0, "#c2410c"], [0.5, "#f8fafc"], [1, "#0f766e"]],
    dashNegative: false,
  };
  BL.SCALES = SCALES;

  // ---------- numbers ----------
  function fmt(v, digits) {
    if (v === null || v === undefined || !isFinite(v)) return "–";
    const d = digits || 3;
    if (v === 0) return "0";
    const a = Math.abs(v);
    let s = a >= 1e-3 && a < 1e4 ? String(Number(v.toPrecision(d))) : v.toExponential(d - 1);
    return s.replace("-", "−");
  }
  // Values inside a 36 px circle: two decimals read best at a glance.
  function fmtShort(v) {
    if (v === null || v === undefined || !isFinite(v)) return "";
    const a = Math.abs(v);
    const s = a >= 99.5 ? v.toExponential(0) : a >= 9.995 ? v.toFixed(0) : v.toFixed(2);
    return s.replace("-", "−");
  }
  BL.fmt = fmt;
  BL.fmtShort = fmtShort;

  // ---------- the plot ----------
  BL.graph = function () {
    const el = document.getElementById("network-graph");
    const gd = el && el.querySelector(".js-plotly-plot");
    return gd && gd._fullLayout && gd.layout && gd.layout.meta && BL.base ? gd : null;
  };

  /* The figure as the server drew it (geometry, no values). Every change is made
   * by handing dcc.Graph a new figure (set_props): calling Plotly directly would be
   * undone the next time dcc.Graph re-renders, e.g. after a resize. */
  BL.base = null;
  BL.setBase = function (figure) {
    if (figure && figure.layout && figure.layout.meta && !figure.layout.meta.painted) {
      BL.base = figure;
      return true;
    }
    return false;
  };

  BL.whenGraph = function (timeoutMs) {
    return new Promise(function (resolve, reject) {
      const t0 = performance.now();
      (function poll() {
        const gd = BL.graph();
        if (gd && window.Plotly) return resolve(gd);
        if (performance.now() - t0 > (timeoutMs || 10000)) return reject(new Error("the diagram did not load"));
        setTimeout(poll, 40);
      })();
    });
  };

  function meta() {
    return BL.base.layout.meta;
  }

  // Edges follow the row-major order of each W(l): layer, then row j, then column i.
  function flatEdges(perLayer) {
    const out = [];
    perLayer.forEach(function (M) {
      M.forEach(function (row) {
        row.forEach(function (v) {
          out.push(v);
        });
      });
    });
    return out;
  }
  BL.flatEdges = flatEdges;

  function edgeStyle(w) {
    const rgb = w >= 0 ? COLOURS.pos : COLOURS.neg;
    const style = { width: Math.min(9, 0.6 + 2.6 * Math.abs(w)), color: "rgba(" + rgb + ",0.8)" };
    if (w < 0 && SCALES.dashNegative) style.dash = "dash";
    return style;
  }
  BL.edgeStyle = edgeStyle;

  function edgeShapes(weights, hidden) {
    const flat = flatEdges(weights);
    return BL.base.layout.shapes.map(function (sh, k) {
      const line = hidden ? { width: 0, color: "rgba(0,0,0,0)" } : edgeStyle(flat[k]);
      return Object.assign({}, sh, { line: line });
    });
  }

  // Plotly.react skips drawing a text trace whose texts were all empty before, so
  // "nothing to show" is a space, never "".
  const BLANK = " ";
  BL.BLANK = BLANK;

  function layerNames(sizes) {
    const names = ["input"];
    for (let l = 1; l < sizes.length - 1; l++) names.push("hidden " + l);
    names.push("output");
    return names;
  }

  /* Draw the diagram as `look` describes it: one new figure, one redraw.
   *   weights   W per layer: connection widths and colours
   *   shown     the example's trace (step.shown) or null
   *   upTo      activations shown for layers 0..upTo (-1: none)
   *   deltaFrom δ shown for layers >= deltaFrom (null: none)
   *   gradFrom  |∂L/∂w| labels for connections into layers >= gradFrom (null: none)
   *   hideEdges connections left to the canvas (while they morph) */
  BL.paint = function (gd, look) {
    const m = meta();
    if (flatEdges(look.weights).length !== m.edges) return;
    const sizes = m.sizes;
    const L = sizes.length - 1;
    const sh = look.shown;
    const names = layerNames(sizes);

    const base = BL.base.data;
    const cd = base[m.labels].customdata;
    const w = flatEdges(look.weights);
    const g = sh && look.gradFrom !== null && look.gradFrom !== undefined ? flatEdges(sh.grad_w) : null;
    const labelText = [];
    const labelHover = [];
    cd.forEach(function (c, k) {
      const showG = g && c[0] >= look.gradFrom;
      labelText.push(showG ? fmt(Math.abs(g[k]), 2) : BLANK);
      let h = "W(" + c[0] + ")[" + (c[1] + 1) + "," + (c[2] + 1) + "] = " + fmt(w[k], 4);
      if (showG) h += "<br>∂L/∂w = " + fmt(g[k], 4) + " (this example)";
      labelHover.push(h);
    });

    const colours = [];
    const text = [];
    const hover = [];
    const dtext = [];
    for (let l = 0; l <= L; l++) {
      for (let k = 0; k < sizes[l]; k++) {
        const has = sh && l <= look.upTo;
        const a = has ? sh.a[l][k] : null;
        colours.push(has ? Math.max(-1, Math.min(1, a)) : 0);
        text.push(has ? fmtShort(a) : BLANK);
        let h = names[l] + ", neuron " + (k + 1);
        if (has && l > 0) h += "<br>z = " + fmt(sh.z[l - 1][k], 4);
        if (has) h += "<br>a = " + fmt(a, 4);
        const hasDelta = sh && look.deltaFrom !== null && look.deltaFrom !== undefined && l > 0 && l >= look.deltaFrom;
        if (hasDelta) h += "<br>δ = " + fmt(sh.delta[l - 1][k], 4);
        hover.push(h);
        dtext.push(hasDelta ? "δ " + fmt(sh.delta[l - 1][k], 2) : BLANK);
      }
    }
    const data = base.map(function (t) {
      return Object.assign({}, t);
    });
    data[m.labels].text = labelText;
    data[m.labels].hovertext = labelHover;
    data[m.neurons].text = text;
    data[m.neurons].hovertext = hover;
    data[m.neurons].marker = Object.assign({}, base[m.neurons].marker, { color: colours, colorscale: SCALES.activation });
    data[m.deltas].text = dtext;
    // A new datarevision makes Plotly.react redraw every trace: without it, text
    // that was empty in the previous figure may not appear.
    BL.revision = (BL.revision || 0) + 1;
    const layout = Object.assign({}, BL.base.layout, {
      shapes: edgeShapes(look.weights, look.hideEdges),
      meta: Object.assign({}, m, { painted: true }),
      datarevision: BL.revision,
    });
    BL.lastLook = look; // so a highlight (assets/inspector.js) can redraw the same picture
    if (BL.decorate) BL.decorate(data, layout);
    (BL.decorators || []).forEach((f) => f(data, layout, look)); // e.g. marks (lab-playground.js)
    window.dash_clientside.set_props("network-graph", { figure: { data: data, layout: layout } });
  };

  // ---------- canvas overlay for moving signals ----------
  function overlay(gd) {
    const host = document.getElementById("network-graph");
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

  function toPx(gd) {
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    return function (x, y) {
      return [xa._offset + xa.l2p(x), ya._offset + ya.l2p(y)];
    };
  }

  function positions(gd) {
    const m = meta();
    const nd = BL.base.data[m.neurons];
    const px = toPx(gd);
    const out = [];
    let k = 0;
    m.sizes.forEach(function (n) {
      const layer = [];
      for (let i = 0; i < n; i++, k++) layer.push(px(nd.x[k], nd.y[k]));
      out.push(layer);
    });
    return out;
  }

  // Red traces that stay on screen after the backward pass: one line per connection
  // with width by |∂L/∂w| (relative to the largest in the network).
  BL.persist = [];

  const RADIUS = 19; // px: lines stop at the neuron circles, which lie beneath the canvas

  function segment(ctx, a, b) {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    const ux = (dx / len) * RADIUS;
    const uy = (dy / len) * RADIUS;
    ctx.beginPath();
    ctx.moveTo(a[0] + ux, a[1] + uy);
    ctx.lineTo(b[0] - ux, b[1] - uy);
    ctx.stroke();
  }

  function drawPersist(ctx) {
    BL.persist.forEach(function (p) {
      ctx.strokeStyle = p.color || "rgba(" + COLOURS.backward + "," + p.alpha + ")";
      ctx.lineWidth = p.width;
      ctx.setLineDash(p.dash ? [3 * p.width + 3, 2 * p.width + 2] : []); // Plotly's "dash", roughly
      segment(ctx, p.a, p.b);
    });
    ctx.setLineDash([]);
  }

  BL.clearOverlay = function () {
    BL.persist = [];
    const gd = BL.graph();
    if (!gd) return;
    const o = overlay(gd);
    o.ctx.clearRect(0, 0, o.w, o.h);
  };

  BL.redrawOverlay = function () {
    const gd = BL.graph();
    if (!gd) return;
    const o = overlay(gd);
    o.ctx.clearRect(0, 0, o.w, o.h);
    drawPersist(o.ctx);
  };

  // ---------- the frame loop ----------
  BL.frames = []; // timestamps of animation frames, for the frame-rate benchmark
  BL.token = 0; // bumped by abort(): running animations stop at their next frame

  BL.animate = function (ms, onFrame) {
    const token = BL.token;
    return new Promise(function (resolve, reject) {
      if (ms <= 0) {
        onFrame(1);
        return resolve();
      }
      const t0 = performance.now();
      function frame(now) {
        if (token !== BL.token) return reject(new Error("aborted"));
        BL.frames.push(now);
        if (BL.frames.length > 5000) BL.frames.splice(0, 2500);
        const t = Math.min(1, (now - t0) / ms);
        onFrame(t);
        if (t < 1) requestAnimationFrame(frame);
        else resolve();
      }
      requestAnimationFrame(frame);
    });
  };

  function ease(t) {
    return t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
  }

  /* Signals along the connections between layer l-1 and l (l is 1-based).
   * direction "forward": from l-1 to l in blue; "backward": from l to l-1 in red.
   * strength: per-connection 0..1 (dot size and trail opacity). */
  BL.pulse = function (gd, l, direction, strength, ms) {
    const pos = positions(gd);
    const src = pos[l - 1];
    const dst = pos[l];
    const rgb = direction === "forward" ? COLOURS.forward : COLOURS.backward;
    const pairs = [];
    let k = 0;
    dst.forEach(function (b) {
      src.forEach(function (a) {
        const s = strength ? strength[k] : 1;
        pairs.push(direction === "forward" ? { from: a, to: b, s: s } : { from: b, to: a, s: s });
        k++;
      });
    });
    return BL.animate(ms, function (t) {
      const o = overlay(gd);
      const ctx = o.ctx;
      ctx.clearRect(0, 0, o.w, o.h);
      drawPersist(ctx);
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
        // the direction of travel as a shape, not only a colour (assets/lessons.js)
        if (BL.directionMark) BL.directionMark(ctx, x, y, p.to[0] - p.from[0], p.to[1] - p.from[1], 3 + 3.5 * p.s, rgb);
      });
      if (t >= 1) {
        ctx.clearRect(0, 0, o.w, o.h);
        drawPersist(ctx);
      }
    });
  };

  // A ring that swells around the output neurons while the loss is computed.
  BL.ring = function (gd, ms) {
    const pos = positions(gd);
    const out = pos[pos.length - 1];
    return BL.animate(ms, function (t) {
      const o = overlay(gd);
      const ctx = o.ctx;
      ctx.clearRect(0, 0, o.w, o.h);
      drawPersist(ctx);
      if (t >= 1) return;
      out.forEach(function (p) {
        ctx.strokeStyle = "rgba(" + COLOURS.backward + "," + (0.9 * (1 - t)) + ")";
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.arc(p[0], p[1], 20 + 18 * ease(t), 0, 2 * Math.PI);
        ctx.stroke();
      });
    });
  };

  BL.persistGradients = function (gd, l, grads, gmax) {
    const pos = positions(gd);
    const G = grads[l - 1];
    G.forEach(function (row, j) {
      row.forEach(function (g, i) {
        const s = gmax > 0 ? Math.abs(g) / gmax : 0;
        BL.persist.push({ a: pos[l - 1][i], b: pos[l][j], width: 1 + 5 * s, alpha: 0.15 + 0.5 * s });
      });
    });
  };

  /* Weights sliding from their old to their new values. Plotly's connections are
   * hidden meanwhile and the canvas draws them frame by frame; the final figure
   * arrives when the new weights are adopted. */
  BL.morphWeights = function (gd, before, after, ms) {
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
      BL.persist = pairs.map(function (p) {
        const s = BL.edgeStyle(p.w0 + (p.w1 - p.w0) * u);
        return { a: p.a, b: p.b, width: s.width, color: s.color, dash: s.dash };
      });
      const o = overlay(gd);
      o.ctx.clearRect(0, 0, o.w, o.h);
      drawPersist(o.ctx);
    }
    draw(0);
    return BL.animate(ms, function (t) {
      draw(ease(t));
    });
  };

  window.addEventListener("resize", function () {
    setTimeout(BL.redrawOverlay, 120);
  });
})();
