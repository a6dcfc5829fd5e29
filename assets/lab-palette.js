/* Colours of the diagram, the data plot and the moving signals (BackpropLab.palette).
 *
 *   palette.colours   rgb triples of forward signals, backward gradients, weight signs
 *                     and of each class (colours.classes[c]) on the data plot
 *   palette.scales    neuron fill (a in [−1, 1]), data/prediction shading, and whether
 *                     a negative weight is dashed so its sign shows without colour
 *   palette.set(name) "standard" or "colourblind"; the page hears bl:palette and redraws
 *   palette.directionMark(ctx, x, y, dx, dy, size, rgb)   a chevron at a moving signal
 * Drawing code reads colours and scales when it draws, so a swap shows at the next frame. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  // Both palettes are app/palette.py's, handed over in the rules: gradients red (or
  // vermillion) going backward, signals blue going forward, and weight signs in two
  // colours that are neither, so a red line is always a gradient.
  function palettes() {
    return BL.util.rules().palettes;
  }

  function colours(name) {
    const p = palettes()[name];
    return Object.assign({}, p.colours, { classes: p.classes });
  }

  function scales(name) {
    const p = palettes()[name];
    return { activation: p.activation, surface: p.surface, dashNegative: p.dash_negative };
  }

  const P = (BL.palette = {
    name: "standard",
    // Read through get colours / scale(): the rules are read once the page is there.
    _colours: null,
    scales: null,

    get colours() {
      if (!P._colours) P._colours = colours(P.name);
      return P._colours;
    },

    scale: function (which) {
      if (!P.scales) P.scales = scales(P.name);
      return P.scales[which];
    },

    set: function (name) {
      const known = name === "colourblind" ? name : "standard";
      P.name = known;
      P._colours = colours(known);
      P.scales = scales(known);
      document.documentElement.classList.toggle("bl-palette-cb", known === "colourblind");
      BL.util.emit("palette", { name: known });
    },

    /* A chevron at a moving signal, pointing where it travels, so the direction
     * of a pulse never depends on telling blue from red. */
    directionMark: function (ctx, x, y, dx, dy, size, rgb) {
      const len = Math.hypot(dx, dy) || 1;
      const ux = dx / len;
      const uy = dy / len;
      const s = size + 3;
      ctx.save();
      ctx.strokeStyle = "rgba(255, 255, 255, 0.95)";
      ctx.lineWidth = 2;
      ctx.fillStyle = "rgba(" + rgb + ", 1)";
      ctx.beginPath();
      ctx.moveTo(x + ux * s * 1.6, y + uy * s * 1.6);
      ctx.lineTo(x - uy * s - ux * s * 0.4, y + ux * s - uy * s * 0.4);
      ctx.lineTo(x + uy * s - ux * s * 0.4, y - ux * s - uy * s * 0.4);
      ctx.closePath();
      ctx.stroke();
      ctx.fill();
      ctx.restore();
    },
  });
})();
