/* What each neuron computes (BackpropLab.pictures): every hidden and output neuron
 * shows a small round picture of its activation a over the input plane, so a student
 * can see the output's decision built from the hidden neurons' simpler shapes.
 *
 * The engine computes the pictures and the server sends them in every view at rest
 * (view.activation_maps, app/views.py): per layer one base64 string, one byte a cell
 * (0 → a = −1, 255 → a = 1), neuron after neuron, each neuron's cells row by row from
 * the lowest y up, over the data plot's range. This file only colours them.
 *
 * Drawn on bl:paint as Plotly layout images under the neurons' markers (above the
 * connections): the marker of a neuron with a picture is left unfilled, so its outline,
 * any ring the page puts on it and its number stay on top. Hidden neurons use the
 * diagram's activation colours over [−1, 1]; the output neuron uses the data plot's
 * shading and range, so its picture is the prediction plot in small. While a single
 * step shows the example's value in a neuron, that neuron is filled with the value as
 * before; at rest and while Play runs it shows its picture.
 *
 *   pictures.decode(maps)       per layer, one Uint8Array of cells per neuron
 *   pictures.colour(scale, t)   [r, g, b] of t in [0, 1] on a Plotly colour scale
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  // The data plot draws its shading at this opacity over white (lab-clientside.js,
  // dataFigure); the pictures use the same, so the output's matches it and the
  // numbers written over any picture stay readable.
  const SHADE = 0.55;
  const PX = 64; // pixels of each picture's image: the grid is drawn smooth into it
  const INSET = 3; // px of the marker's diameter left for its outline
  const MAX_CACHE = 600; // images kept: a deep network has 97 neurons, a few views' worth

  const cache = new Map();
  let decoded = { maps: null, layers: null };

  function rgbOf(c) {
    if (c[0] === "#") return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
    return c.replace(/[^\d,.]/g, "").split(",").slice(0, 3).map(Number);
  }

  function colour(scale, t) {
    let i = 1;
    while (i < scale.length - 1 && t > scale[i][0]) i++;
    const [t0, c0] = scale[i - 1];
    const [t1, c1] = scale[i];
    const f = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
    const a = rgbOf(c0);
    const b = rgbOf(c1);
    return a.map((v, k) => Math.round(v + (b[k] - v) * f));
  }

  function decode(maps) {
    const n = maps.size * maps.size;
    return maps.layers.map(function (text) {
      const bin = atob(text);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const out = [];
      for (let k = 0; (k + 1) * n <= bytes.length; k++) out.push(bytes.subarray(k * n, (k + 1) * n));
      return out;
    });
  }

  // One neuron's picture as a round PNG: a over the plane, t = (a − lo) / (1 − lo) on `scale`.
  function render(cells, size, scale, lo) {
    const small = document.createElement("canvas");
    small.width = small.height = size;
    const sctx = small.getContext("2d");
    const img = sctx.createImageData(size, size);
    for (let r = 0; r < size; r++) {
      for (let c = 0; c < size; c++) {
        const a = (cells[r * size + c] / 255) * 2 - 1;
        const rgb = colour(scale, Math.min(1, Math.max(0, (a - lo) / (1 - lo))));
        const p = ((size - 1 - r) * size + c) * 4; // the lowest y is the image's bottom row
        for (let k = 0; k < 3; k++) img.data[p + k] = Math.round(255 + SHADE * (rgb[k] - 255));
        img.data[p + 3] = 255;
      }
    }
    sctx.putImageData(img, 0, 0);
    const big = document.createElement("canvas");
    big.width = big.height = PX;
    const ctx = big.getContext("2d");
    ctx.beginPath();
    ctx.arc(PX / 2, PX / 2, PX / 2, 0, 2 * Math.PI);
    ctx.clip();
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(small, 0, 0, PX, PX);
    return big.toDataURL("image/png");
  }

  function picture(maps, layers, l, k, scale, lo) {
    const key = [BL.palette.name, lo, l, k, maps.layers[l - 1]].join("|");
    let src = cache.get(key);
    if (!src) {
      src = render(layers[l - 1][k], maps.size, scale, lo);
      if (cache.size >= MAX_CACHE) cache.clear();
      cache.set(key, src);
    }
    return src;
  }

  function fits(layers, sizes) {
    return layers.length === sizes.length - 1 && layers.every((cells, i) => cells.length === sizes[i + 1]);
  }

  function onPaint(e) {
    const d = e.detail;
    const m = d.layout.meta;
    const S = BL.lab && BL.lab.state;
    const drawn = S && (S.drawn || S.view); // while Play's frames play, the view on screen
    const maps = drawn && drawn.activation_maps;
    const gd = BL.draw.graph();
    if (!m || !maps || !gd) return;
    if (decoded.maps !== maps) decoded = { maps: maps, layers: decode(maps) };
    const layers = decoded.layers;
    if (!fits(layers, m.sizes)) return; // the view of another network: paint as before
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    if (!xa._length || !ya._length) return;
    // Marker sizes are in pixels, images in axis units.
    const ux = Math.abs(xa.range[1] - xa.range[0]) / xa._length;
    const uy = Math.abs(ya.range[1] - ya.range[0]) / ya._length;

    const nd = d.data[m.neurons];
    const marker = nd.marker;
    const activation = BL.palette.scale("activation");
    const surface = BL.palette.scale("surface");
    const lo = S.data && S.data.task === "regression" ? -1 : 0; // the data plot's range
    const L = m.sizes.length - 1;
    const look = d.look || {};
    const fill = [];
    const images = [];
    let idx = 0;
    m.sizes.forEach(function (n, l) {
      const valued = !!look.shown && l <= look.upTo && !S.playing;
      for (let k = 0; k < n; k++, idx++) {
        if (l === 0 || valued) {
          const v = Array.isArray(marker.color) ? marker.color[idx] : 0;
          fill.push("rgb(" + colour(activation, (Math.max(-1, Math.min(1, v)) + 1) / 2).join(",") + ")");
          continue;
        }
        fill.push("rgba(0,0,0,0)");
        const out = l === L;
        const px = (Array.isArray(marker.size) ? marker.size[idx] : marker.size) - INSET;
        images.push({
          source: picture(maps, layers, l, k, out ? surface : activation, out ? lo : -1),
          xref: "x",
          yref: "y",
          x: nd.x[idx],
          y: nd.y[idx],
          sizex: px * ux,
          sizey: px * uy,
          xanchor: "center",
          yanchor: "middle",
          sizing: "stretch",
          layer: "below",
        });
      }
    });
    nd.marker = Object.assign({}, marker, { color: fill });
    // Numbers over a picture get a halo, so they read on any colour under them.
    nd.textfont = Object.assign({}, nd.textfont, { shadow: "auto" });
    d.layout.images = (d.layout.images || []).concat(images);
  }
  document.addEventListener("bl:paint", onPaint);

  // Play draws an answer's pictures at its last frame: they are made now, a layer a
  // task between its first frames, so that frame only finds them ready.
  document.addEventListener("bl:played", function (e) {
    const maps = e.detail.reply.view && e.detail.reply.view.activation_maps;
    const S = BL.lab.state;
    if (!maps || !maps.layers) return;
    const layers = decode(maps);
    const lo = S.data && S.data.task === "regression" ? -1 : 0;
    const L = layers.length;
    layers.forEach(function (cells, i) {
      setTimeout(function () {
        const l = i + 1;
        const scale = BL.palette.scale(l === L ? "surface" : "activation");
        cells.forEach((_, k) => picture(maps, layers, l, k, scale, l === L ? lo : -1));
      }, 60 * (i + 1));
    });
  });

  // Images are sized in axis units to fit markers sized in pixels: after the diagram
  // changes size, paint again.
  let resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      if (BL.draw && BL.draw.repaint) BL.draw.repaint();
    }, 150);
  });

  BL.pictures = { decode: decode, colour: colour };
})();
