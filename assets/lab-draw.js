/* The network diagram at one moment (BackpropLab.draw).
 *
 * The Plotly figure (built by app/figures.py) holds the geometry; every change is
 * made by handing dcc.Graph a new figure (set_props): calling Plotly directly would
 * be undone the next time dcc.Graph re-renders, e.g. after a resize. Moving signals
 * are drawn on a canvas above it (assets/lab-anim.js).
 *
 *   draw.graph()          the plot element once it is drawn, else null
 *   draw.whenGraph(ms)    Promise of graph()
 *   draw.setBase(figure)  a figure from the server is the new base (true) or one of ours
 *   draw.base             that figure: geometry, no values
 *   draw.paint(gd, look)  one new figure as `look` says (below), one redraw
 *   draw.lastLook         the look painted last, so a highlight can redraw it
 *   draw.neuronPx         the neurons' diameter as painted (larger when presenting,
 *                         smaller when layers stand close): drawing over them reads it
 *   draw.flatEdges(W), draw.edgeStyle(w)
 * Which numbers show, and where, is BackpropLab.labels' (assets/lab-labels.js): no
 * two overlap, and every one is readable on a projector. Plotly.react skips drawing a
 * text trace whose texts were all empty before, so "nothing to show" is a space, never "".
 * Before handing the figure over, paint sends bl:paint {data, layout, look}, then
 * bl:highlight with the same detail: listeners may change data and layout (saturated
 * and dead units on paint, the inspector's selection on highlight, drawn on top). */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;

  let revision = 0;

  const D = (BL.draw = { base: null, lastLook: null, neuronPx: null });

  D.graph = function () {
    const el = document.getElementById(U().id("NETWORK_GRAPH"));
    const gd = el && el.querySelector(".js-plotly-plot");
    return gd && gd._fullLayout && gd.layout && gd.layout.meta && D.base ? gd : null;
  };

  D.setBase = function (figure) {
    if (figure && figure.layout && figure.layout.meta && !figure.layout.meta.painted) {
      D.base = figure;
      return true;
    }
    return false;
  };

  D.whenGraph = function (timeoutMs) {
    return new Promise(function (resolve, reject) {
      const t0 = performance.now();
      (function poll() {
        const gd = D.graph();
        if (gd && window.Plotly) return resolve(gd);
        if (performance.now() - t0 > (timeoutMs || 10000)) return reject(new Error("the diagram did not load"));
        setTimeout(poll, 40);
      })();
    });
  };

  // Edges follow the row-major order of each W(l): layer, then row j, then column i.
  D.flatEdges = function (perLayer) {
    const out = [];
    perLayer.forEach(function (M) {
      M.forEach(function (row) {
        row.forEach(function (v) {
          out.push(v);
        });
      });
    });
    return out;
  };

  D.edgeStyle = function (w) {
    const P = BL.palette;
    const rgb = w >= 0 ? P.colours.pos : P.colours.neg;
    const style = { width: Math.min(9, 0.6 + 2.6 * Math.abs(w)), color: "rgba(" + rgb + ",0.8)" };
    if (w < 0 && P.scale("dashNegative")) style.dash = "dash";
    return style;
  };

  function edgeShapes(weights, hidden) {
    const flat = D.flatEdges(weights);
    return D.base.layout.shapes.map(function (sh, k) {
      const line = hidden ? { width: 0, color: "rgba(0,0,0,0)" } : D.edgeStyle(flat[k]);
      return Object.assign({}, sh, { line: line });
    });
  }

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
  D.paint = function (gd, look) {
    const fmt = U().fmt;
    const m = D.base.layout.meta;
    if (D.flatEdges(look.weights).length !== m.edges) return;
    // A new figure from the server is on screen and not yet the base (its onFigure comes
    // next): painting the old geometry now would cover it for good.
    const drawn = gd.layout && gd.layout.meta;
    if (drawn && !drawn.painted && !U().same(drawn.sizes, m.sizes)) return;
    const sizes = m.sizes;
    const L = sizes.length - 1;
    const sh = look.shown;
    const names = layerNames(sizes);

    const base = D.base.data;
    const cd = base[m.labels].customdata;
    const w = D.flatEdges(look.weights);
    const g = sh && look.gradFrom !== null && look.gradFrom !== undefined ? D.flatEdges(sh.grad_w) : null;
    const labelHover = [];
    cd.forEach(function (c, k) {
      let h = "W(" + c[0] + ")[" + (c[1] + 1) + "," + (c[2] + 1) + "] = " + fmt(w[k], 4);
      if (g && c[0] >= look.gradFrom) h += "<br>∂L/∂w = " + fmt(g[k], 4) + " (this example)";
      labelHover.push(h);
    });

    const colours = [];
    const hover = [];
    for (let l = 0; l <= L; l++) {
      for (let k = 0; k < sizes[l]; k++) {
        const has = sh && l <= look.upTo;
        const a = has ? sh.a[l][k] : null;
        colours.push(has ? Math.max(-1, Math.min(1, a)) : 0);
        let h = names[l] + ", neuron " + (k + 1);
        if (has && l > 0) h += "<br>z = " + fmt(sh.z[l - 1][k], 4);
        if (has) h += "<br>a = " + fmt(a, 4);
        const hasDelta = sh && look.deltaFrom !== null && look.deltaFrom !== undefined && l > 0 && l >= look.deltaFrom;
        if (hasDelta) h += "<br>δ = " + fmt(sh.delta[l - 1][k], 4);
        hover.push(h);
      }
    }
    // Which numbers show and where: BackpropLab.labels (none overlap, all readable).
    const laid = BL.labels.lay(gd, look);
    const font = (f, size) => Object.assign({}, f, { size: size });
    const data = base.map(function (t) {
      return Object.assign({}, t);
    });
    Object.assign(data[m.labels], laid.edges, { hovertext: labelHover });
    delete data[m.labels].colour;
    data[m.labels].textfont = Object.assign(font(base[m.labels].textfont, laid.px), { color: laid.edges.colour });
    data[m.neurons].text = laid.neurons.text;
    data[m.neurons].hovertext = hover;
    data[m.neurons].textfont = font(base[m.neurons].textfont, laid.px);
    data[m.neurons].marker = Object.assign({}, base[m.neurons].marker, {
      color: colours,
      colorscale: BL.palette.scale("activation"),
      size: laid.neuronPx,
    });
    Object.assign(data[m.deltas], laid.deltas);
    delete data[m.deltas].colour;
    data[m.deltas].textfont = Object.assign(font(base[m.deltas].textfont, laid.px), { color: laid.deltas.colour });
    // A new datarevision makes Plotly.react redraw every trace: without it, text
    // that was empty in the previous figure may not appear. After one of Play's
    // frames every text was drawn, and a full redraw would cost a frame of its own:
    // with no datarevision, Plotly.react redraws the arrays that are new objects.
    const again = look.frame && lastFrame;
    if (!again) revision += 1;
    const layout = Object.assign({}, D.base.layout, {
      shapes: edgeShapes(look.weights, look.hideEdges),
      meta: Object.assign({}, m, { painted: true, width: gd._fullLayout.width, height: gd._fullLayout.height }),
      datarevision: again ? undefined : revision,
      annotations: laid.annotations,
    });
    D.neuronPx = laid.neuronPx;
    watchSize(gd);
    BL.labels.tell(laid);
    D.lastLook = look;
    const detail = { data: data, layout: layout, look: look };
    U().emit("paint", detail);
    U().emit("highlight", detail);
    const figure = { data: data, layout: layout };
    // Play's frames go to Plotly straight: handing dcc.Graph a new figure costs Dash's
    // renderer more than the redraw. The next paint (at rest) hands it over again.
    if (!look.frame || !window.Plotly) U().setProps(U().id("NETWORK_GRAPH"), { figure: figure });
    else if (!inPlace(gd, lastFrame, figure)) window.Plotly.react(gd, data, layout);
    lastFrame = look.frame ? figure : null;
  };

  /* Between two of Play's frames of one answer only the numbers change (the
   * connections are on the canvas meanwhile, BackpropLab.anim.edges): they are
   * written into the texts Plotly drew, and the neurons' new pictures into its
   * images, a few ms where a new figure takes tens. Anything else changed (rings,
   * which numbers show): false, and the caller redraws the figure. */
  let lastFrame = null;
  // What may differ between two frames: texts, and the pictures' sources (layout.images).
  const VALUES = new Set(["text", "hovertext", "datarevision", "source"]);
  const rest = (fig) => JSON.stringify(fig, (k, v) => (VALUES.has(k) ? undefined : v));
  function inPlace(gd, before, figure) {
    if (!before || rest(before) !== rest(figure)) return false;
    const images = figure.layout.images || [];
    const drawnImages = gd.querySelectorAll(".imagelayer image");
    if (drawnImages.length !== images.length) return false;
    const traces = gd.querySelectorAll(".scatterlayer .trace");
    if (traces.length !== figure.data.length) return false;
    const texts = figure.data.map((t, n) => (t.text ? traces[n].querySelectorAll(".textpoint text") : []));
    const fits = figure.data.every((t, n) => !t.text || (texts[n].length === t.text.length && t.text.every((s) => !/[<&]/.test(s))));
    if (!fits) return false;
    figure.data.forEach(function (t, n) {
      if (!t.text) return;
      texts[n].forEach(function (el, k) {
        if (el.textContent !== t.text[k]) el.textContent = t.text[k];
      });
      Object.assign(gd.data[n], { text: t.text, hovertext: t.hovertext });
    });
    // The neurons' pictures (each answer's view brings new ones), where they were:
    // Plotly draws them in order, one <image> each. Plotly.relayout would tell
    // dcc.Graph, which then draws its own, older figure again.
    images.forEach(function (im, k) {
      const el = drawnImages[k];
      if (el._imgSrc === im.source) return; // Plotly's own note of what it drew there
      el.setAttributeNS("http://www.w3.org/1999/xlink", "xlink:href", im.source);
      el._imgSrc = gd.layout.images[k].source = gd._fullLayout.images[k].source = im.source;
    });
    return true;
  }

  /* Labels are placed in pixels: when the plot changes size (a window resize, the
   * presentation view), the same look is painted again for the new size. */
  let resizeTimer = null;
  function watchSize(gd) {
    if (gd._blWatched || !gd.on) return;
    gd._blWatched = true;
    gd.on("plotly_afterplot", function () {
      const drawn = gd.layout && gd.layout.meta;
      const fl = gd._fullLayout;
      if (!drawn || !drawn.painted || (drawn.width === fl.width && drawn.height === fl.height)) return;
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(D.repaint, 60);
    });
  }

  // The same picture again, e.g. with a new highlight or new colours.
  D.repaint = function () {
    const gd = D.graph();
    if (gd && D.lastLook) D.paint(gd, D.lastLook);
  };
})();
