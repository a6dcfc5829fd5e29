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

  // Okabe and Ito's palette: told apart with every common colour-vision deficiency.
  // Neuron fill follows the weight signs' colours (the legend's); the data shading
  // uses orange against blue, the pair most readily told apart on large areas.
  // The standard activation scale is app/figures.py's, handed over in the rules.
  const PALETTES = {
    standard: {
      colours: {
        forward: "37, 99, 235", backward: "220, 38, 38", pos: "15, 118, 110", neg: "194, 65, 12",
        // one per class, classes 1 and 2 as the two-class shading's ends
        classes: ["194, 65, 12", "15, 118, 110", "126, 34, 206", "202, 138, 4", "37, 99, 235", "190, 24, 93", "71, 85, 105", "22, 163, 74"],
      },
      scales: () => ({ activation: BL.util.rules().activation_scale, surface: BL.util.rules().activation_scale, dashNegative: false }),
    },
    colourblind: {
      colours: {
        forward: "0, 114, 178", backward: "213, 94, 0", pos: "0, 158, 115", neg: "230, 159, 0",
        classes: ["230, 159, 0", "0, 114, 178", "0, 158, 115", "204, 121, 167", "86, 180, 233", "213, 94, 0", "240, 228, 66", "0, 0, 0"],
      },
      scales: () => ({
        activation: [[0, "#e69f00"], [0.5, "#f8fafc"], [1, "#009e73"]],
        surface: [[0, "#e69f00"], [0.5, "#f8fafc"], [1, "#0072b2"]],
        dashNegative: true,
      }),
    },
  };

  const P = (BL.palette = {
    name: "standard",
    colours: Object.assign({}, PALETTES.standard.colours),
    scales: null, // read through scale(): the rules are read once the page is there

    scale: function (which) {
      if (!P.scales) P.scales = PALETTES[P.name].scales();
      return P.scales[which];
    },

    set: function (name) {
      const known = name === "colourblind" ? name : "standard";
      P.name = known;
      P.colours = Object.assign({}, PALETTES[known].colours);
      P.scales = PALETTES[known].scales();
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
