/* Where the diagram's numbers go, and which ones show (BackpropLab.labels).
 *
 * A class reads the diagram from the back of the room, so every number is drawn at
 * rules.numbers.label_px (label_px_present in the presentation view) and no two
 * overlap. Labels are placed one by one, most important first (the selected neuron
 * or connection, then neuron values, then δ, then |∂L/∂w| by size); each takes the
 * first free place among its candidates, and a number with no free place is left
 * out rather than drawn over another. The Numbers control chooses all / selected /
 * none; hover and the selection always give the full value.
 *
 *   labels.mode               "all" | "selected" | "none"
 *   labels.setMode(value)     the Numbers control changed: remember it, redraw
 *   labels.px()               the label size in px for the view on show
 *   labels.lay(gd, look)      {edges, neurons, deltas, annotations, px, neuronPx, hidden}:
 *                             texts and places (data coordinates) for the three text
 *                             traces of the figure, its names, the neurons' size
 * lab-draw.js calls lay() in every paint; the inspector's selection is read then. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;

  const BLANK = " "; // see lab-draw.js: an empty label is a space, never ""
  const INK = "#0f172a"; // numbers that are not gradients: z, a, w
  const GAP = 3; // px kept free around every label
  const LINE = 1.25; // a text line's height, in font sizes
  // Places along a connection, as a fraction from source to target. Near the source
  // the connections of one neuron fan apart, so their labels stagger there first.
  const ALONG = [0.3, 0.22, 0.38, 0.46, 0.16, 0.54, 0.62, 0.7, 0.1, 0.78, 0.86];

  const L = (BL.labels = { mode: null });

  function rules() {
    return U().rules().numbers;
  }

  L.px = function () {
    const present = document.documentElement.classList.contains("bl-present");
    return present ? rules().label_px_present : rules().label_px;
  };

  function mode() {
    if (!L.mode) L.mode = rules().default;
    return L.mode;
  }

  L.setMode = function (value) {
    // A value from the page is checked like any other: unknown means the default.
    L.mode = rules().modes.indexOf(value) >= 0 ? value : rules().default;
    if (BL.draw && BL.draw.repaint) BL.draw.repaint();
  };

  document.addEventListener("change", function (e) {
    const box = e.target && e.target.closest && e.target.closest("#" + U().id("NUMBERS"));
    if (box && e.target.checked) L.setMode(e.target.value);
  });

  // ---------- measuring ----------
  let ctx2d = null;
  const widths = new Map();

  function plain(text) {
    return text.replace(/<br>/g, "\n").replace(/<[^>]*>/g, "");
  }

  function measure(text, px) {
    const key = px + "|" + text;
    if (!widths.has(key)) {
      if (!ctx2d) ctx2d = document.createElement("canvas").getContext("2d");
      ctx2d.font = px + "px " + U().rules().font;
      const lines = plain(text).split("\n");
      widths.set(key, { w: Math.max.apply(null, lines.map((s) => ctx2d.measureText(s).width)), lines: lines.length });
      if (widths.size > 4000) widths.clear();
    }
    return widths.get(key);
  }

  function boxAt(cx, cy, size) {
    return { x0: cx - size.w / 2 - GAP, x1: cx + size.w / 2 + GAP, y0: cy - size.h / 2 - GAP, y1: cy + size.h / 2 + GAP };
  }

  function hits(a, b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  }

  // A label box and a neuron's circle {cx, cy, r}: the nearest point of the box is inside.
  function covers(c, b) {
    const x = Math.max(b.x0, Math.min(c.cx, b.x1));
    const y = Math.max(b.y0, Math.min(c.cy, b.y1));
    return (x - c.cx) * (x - c.cx) + (y - c.cy) * (y - c.cy) < c.r * c.r;
  }

  // How many connections (segments p–q in px) run through a box.
  function crossings(box, segs, own) {
    let n = 0;
    for (let s = 0; s < segs.length; s++) {
      if (s === own) continue;
      const g = segs[s];
      if (Math.max(g.a[0], g.b[0]) < box.x0 || Math.min(g.a[0], g.b[0]) > box.x1) continue;
      // y of the segment at the box's left and right edges, clipped to the segment
      const at = (x) => g.a[1] + ((g.b[1] - g.a[1]) * (Math.min(Math.max(x, g.a[0]), g.b[0]) - g.a[0])) / (g.b[0] - g.a[0] || 1);
      const ya = at(box.x0);
      const yb = at(box.x1);
      if (Math.max(ya, yb) >= box.y0 && Math.min(ya, yb) <= box.y1) n++;
    }
    return n;
  }

  // ---------- placing ----------
  /* The selection's numbers must show: when none of a label's own places is free,
   * the nearest free place around its anchor (the highlight shows whose it is). */
  function around(anchor, s, placer, circles) {
    for (let r = 8; r <= placer.reach; r += 8) {
      for (let a = 0; a < 16; a++) {
        const c = [anchor[0] + r * Math.cos((a * Math.PI) / 8), anchor[1] + r * Math.sin((a * Math.PI) / 8)];
        if (placer.free(boxAt(c[0], c[1], s), circles)) return c;
      }
    }
    return null;
  }

  function Placer(width, height) {
    const placed = [];
    const inside = (b) => b.x0 >= 0 && b.y0 >= 0 && b.x1 <= width && b.y1 <= height;
    return {
      reach: Math.max(width, height),
      add: (b) => placed.push(b),
      free: (b, circles) => inside(b) && !placed.some((p) => hits(p, b)) && !(circles || []).some((c) => covers(c, b)),
    };
  }

  /* Texts and places of every label for `look` (see lab-draw.js's paint). */
  L.lay = function (gd, look) {
    const fmt = U().fmt;
    const base = BL.draw.base;
    const m = base.layout.meta;
    const sizes = m.sizes;
    const px = L.px();
    const lineH = px * LINE;
    const fl = gd._fullLayout;
    const xa = fl.xaxis;
    const ya = fl.yaxis;
    const toPx = (x, y) => [xa._offset + xa.l2p(x), ya._offset + ya.l2p(y)];
    const toData = (p) => [xa.p2l(p[0] - xa._offset), ya.p2l(p[1] - ya._offset)];
    const show = mode();
    const sel = BL.inspector && BL.inspector.selected;
    const sh = look.shown;
    const placer = Placer(fl.width, fl.height);
    const size = (text) => {
      const s = measure(text, px);
      return { w: s.w, h: s.lines * lineH };
    };

    // The layer names and the x / ŷ names come first: numbers keep clear of them.
    // Where "hidden 1", "hidden 2", … would run into each other, a number names the
    // layer, and "in" and "out" the outer ones.
    const scale = px / rules().label_px;
    const step = sizes.length > 1 ? Math.abs(toPx(1, 0)[0] - toPx(0, 0)[0]) : Infinity;
    const gapY = Math.abs(toPx(0, 1)[1] - toPx(0, 0)[1]);
    // Neurons as large as the numbers need, unless their layers stand closer than that.
    const radius = Math.min((rules().neuron_px * scale) / 2, 0.45 * Math.min(step, gapY));
    const wide = (base.layout.annotations || []).some((a) => /^hidden/.test(a.text) && measure(a.text, a.font.size * scale).w + 2 * GAP > step);
    const SHORT = { input: "in", output: "out" };
    const annotations = (base.layout.annotations || []).map(function (a) {
      const text = !wide ? a.text : /^hidden /.test(a.text) ? a.text.slice(7) : SHORT[a.text] || a.text;
      // x₁ … and ŷ sit beside their neuron's edge, however close the layers stand
      const side = a.xanchor === "right" ? -1 : a.xanchor === "left" ? 1 : 0;
      const beside = side ? side * Math.max(0, radius + 3 - 0.3 * step) : 0;
      return Object.assign({}, a, { text: text, xshift: beside, font: Object.assign({}, a.font, { size: a.font.size * scale }) });
    });
    annotations.forEach(function (a) {
      const s = measure(a.text, a.font.size);
      const p = toPx(a.x, a.y);
      p[0] += a.xshift;
      const w = s.w;
      const h = s.lines * a.font.size * LINE;
      const x0 = a.xanchor === "right" ? p[0] - w : a.xanchor === "left" ? p[0] : p[0] - w / 2;
      const y0 = a.yanchor === "bottom" ? p[1] - h : p[1] - h / 2;
      placer.add({ x0: x0, x1: x0 + w, y0: y0, y1: y0 + h });
    });

    // ---------- neurons: the value inside, z / a / δ beside ----------
    const nd = base.data[m.neurons];
    const neurons = [];
    let idx = 0;
    for (let l = 0; l < sizes.length; l++) {
      for (let k = 0; k < sizes[l]; k++, idx++) {
        const has = !!sh && l <= look.upTo;
        const hasDelta = !!sh && look.deltaFrom !== null && look.deltaFrom !== undefined && l > 0 && l >= look.deltaFrom;
        const chosen = !!sel && sel.kind === "neuron" && sel.l === l && sel.k === k;
        const ends = !!sel && sel.kind === "weight" && ((sel.l === l && sel.j === k) || (sel.l - 1 === l && sel.i === k));
        neurons.push({
          idx: idx,
          p: toPx(nd.x[idx], nd.y[idx]),
          a: has ? sh.a[l][k] : null,
          z: has && l > 0 ? sh.z[l - 1][k] : null,
          delta: hasDelta ? sh.delta[l - 1][k] : null,
          chosen: chosen,
          wanted: show === "all" || (show === "selected" && (chosen || ends)),
        });
      }
    }
    const circles = neurons.map((n) => ({ cx: n.p[0], cy: n.p[1], r: radius + 1 }));
    const first = (a, b) => b.chosen - a.chosen || b.weight - a.weight;
    let hidden = 0;

    const valueText = nd.x.map(() => BLANK);
    neurons
      .filter((n) => n.a !== null && show !== "none" && n.wanted)
      .map((n) => Object.assign(n, { weight: Math.abs(n.a) }))
      .sort(first)
      .forEach(function (n) {
        const text = U().fmtShort(n.a);
        const s = size(text);
        const b = boxAt(n.p[0], n.p[1], s);
        if (s.w > 2 * radius + 4 || !placer.free(b)) return (hidden += 1); // it must fit its circle
        placer.add(b);
        valueText[n.idx] = text;
      });

    const deltaText = nd.x.map(() => BLANK);
    const deltaX = nd.x.slice();
    const deltaY = nd.y.map((y) => y - 0.42);
    const deltaColour = nd.x.map(() => "rgb(" + BL.palette.colours.backward + ")");
    neurons
      .filter((n) => show !== "none" && ((n.chosen && n.a !== null) || (n.delta !== null && show === "all")))
      .map((n) => Object.assign(n, { weight: Math.abs(n.delta || 0) }))
      .sort(first)
      .forEach(function (n) {
        let text = "δ " + fmt(n.delta, 2);
        if (n.chosen) {
          const lines = [];
          if (n.z !== null) lines.push("z = " + fmt(n.z, 4));
          lines.push("a = " + fmt(n.a, 4));
          if (n.delta !== null) lines.push('<span style="color:rgb(' + BL.palette.colours.backward + ')">δ = ' + fmt(n.delta, 4) + "</span>");
          text = lines.join("<br>");
        }
        const s = size(text);
        const r = radius + GAP + 2; // clear of its own circle, with room to spare
        const spots = [
          [n.p[0], n.p[1] + r + s.h / 2],
          [n.p[0], n.p[1] - r - s.h / 2],
          [n.p[0] + r + s.w / 2, n.p[1]],
          [n.p[0] - r - s.w / 2, n.p[1]],
        ];
        const spot = spots.find((c) => placer.free(boxAt(c[0], c[1], s), circles)) || (n.chosen && around(n.p, s, placer, circles));
        if (!spot) return (hidden += 1);
        placer.add(boxAt(spot[0], spot[1], s));
        if (n.chosen) deltaColour[n.idx] = INK;
        const d = toData(spot);
        deltaText[n.idx] = text;
        deltaX[n.idx] = d[0];
        deltaY[n.idx] = d[1];
      });

    // ---------- connections: |∂L/∂w|, and w for the selection ----------
    const ld = base.data[m.labels];
    const cd = ld.customdata;
    const w = BL.draw.flatEdges(look.weights);
    const g = sh && look.gradFrom !== null && look.gradFrom !== undefined ? BL.draw.flatEdges(sh.grad_w) : null;
    const start = [0];
    for (let l = 1; l < sizes.length; l++) start.push(start[l - 1] + sizes[l - 1]);
    const segs = cd.map((c) => ({ a: neurons[start[c[0] - 1] + c[2]].p, b: neurons[start[c[0]] + c[1]].p, layer: c[0] }));
    const byLayer = {};
    segs.forEach((q) => (byLayer[q.layer] = byLayer[q.layer] || []).push(q));
    const edgeText = cd.map(() => BLANK);
    const edgeX = ld.x.slice();
    const edgeY = ld.y.slice();
    const edgeColour = cd.map(() => "rgb(" + BL.palette.colours.backward + ")");
    const edges = [];
    cd.forEach(function (c, k) {
      const showG = !!g && c[0] >= look.gradFrom;
      const own = !!sel && sel.kind === "weight" && sel.l === c[0] && sel.j === c[1] && sel.i === c[2];
      const into = !!sel && sel.kind === "neuron" && sel.l === c[0] && sel.k === c[1];
      if (show === "none") return;
      if (own) {
        let text = "w = " + fmt(w[k], 4);
        if (showG) text += '<br><span style="color:rgb(' + BL.palette.colours.backward + ')">∂L/∂w = ' + fmt(g[k], 4) + "</span>";
        edges.push({ k: k, text: text, chosen: true, weight: Infinity, ink: true });
      } else if (into) {
        // Short: several of these meet at one neuron. Red is a gradient, as everywhere.
        edges.push({ k: k, text: showG ? fmt(g[k], 4) : "w = " + fmt(w[k], 4), chosen: true, weight: 1e9, ink: !showG });
      } else if (showG && show === "all") {
        edges.push({ k: k, text: fmt(Math.abs(g[k]), 2), chosen: false, weight: Math.abs(g[k]) });
      }
    });
    edges.sort(first).forEach(function (e) {
      const seg = segs[e.k];
      const s = size(e.text);
      const same = byLayer[seg.layer];
      // On a nearly level connection a label sits just above or below the line, not
      // across it, where the line would strike it through.
      const level = Math.abs(seg.b[1] - seg.a[1]) < 0.3 * Math.abs(seg.b[0] - seg.a[0]);
      const lifts = level ? [-(s.h / 2 + 1), s.h / 2 + 1] : [0];
      let best = null;
      ALONG.forEach(function (t, n) {
        lifts.forEach(function (lift, side) {
          const c = [seg.a[0] + t * (seg.b[0] - seg.a[0]), seg.a[1] + t * (seg.b[1] - seg.a[1]) + lift];
          const b = boxAt(c[0], c[1], s);
          if (!placer.free(b, circles)) return;
          // Away from crossings first, then near the source (the order of ALONG).
          const score = crossings(b, same, same.indexOf(seg)) + n * 0.15 + side * 0.1;
          if (!best || score < best.score) best = { score: score, c: c, b: b };
        });
      });
      if (!best && e.chosen) {
        const c = around([(seg.a[0] + seg.b[0]) / 2, (seg.a[1] + seg.b[1]) / 2], s, placer, circles);
        if (c) best = { c: c, b: boxAt(c[0], c[1], s) };
      }
      if (!best) return (hidden += 1);
      placer.add(best.b);
      const d = toData(best.c);
      edgeText[e.k] = e.text;
      edgeX[e.k] = d[0];
      edgeY[e.k] = d[1];
      if (e.ink) edgeColour[e.k] = INK;
    });

    return {
      px: px,
      neuronPx: 2 * radius,
      annotations: annotations,
      hidden: hidden,
      neurons: { text: valueText },
      deltas: { text: deltaText, x: deltaX, y: deltaY, colour: deltaColour },
      edges: { text: edgeText, x: edgeX, y: edgeY, colour: edgeColour },
    };
  };

  // ---------- what the note beside the control says ----------
  let said = null;
  L.tell = function (laid) {
    let text = "";
    const sel = BL.inspector && BL.inspector.selected;
    if (mode() === "all" && laid.hidden > 0) text = "Some numbers hidden: click a neuron for all of them.";
    else if (laid.hidden > 0) text = "Some numbers hidden: point at a connection for its value.";
    else if (mode() === "selected" && !sel) text = "Click a neuron or a connection to see its numbers.";
    if (text === said) return;
    said = text;
    U().setProps(U().id("NUMBERS_NOTE"), { children: text, title: text });
  };
})();
