/* The data plot for several classes (BackpropLab.classes): each class drawn in its
 * own colour (BackpropLab.palette.colours.classes), and the prediction surface
 * coloured by the class the network predicts, pale where it is unsure.
 *
 *   classes.count(data)            classes in the data, or 0 when targets are a column
 *   classes.of(row)                the class of a target row (the index of its largest entry)
 *   classes.colour(c, alpha)       "rgba(...)" of class c in the palette in force
 *   classes.surface(data, view)    the heatmap trace of view.surface_class and view.surface
 * The server sends the predicted class and the confidence (app/views.py: surface);
 * this file only maps them to colours. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const PALE = 0.12; // how much colour an unsure prediction keeps

  function rgb(c) {
    const all = BL.palette.colours.classes;
    return all[c % all.length];
  }

  // A colour between white (t = 0) and the class's own colour (t = 1).
  function mix(c, t) {
    const parts = rgb(c).split(",").map(Number);
    return "rgb(" + parts.map((v) => Math.round(255 + (v - 255) * t)).join(",") + ")";
  }

  const C = (BL.classes = {
    count: function (data) {
      const Y = data && data.Y;
      if (!Y || !Y.length || data.task !== "classification" || Y[0].length < 2) return 0;
      return Y[0].length;
    },

    of: function (row) {
      let best = 0;
      for (let k = 1; k < row.length; k++) if (row[k] > row[best]) best = k;
      return best;
    },

    colour: function (c, alpha) {
      return "rgba(" + rgb(c) + "," + (alpha === undefined ? 1 : alpha) + ")";
    },

    /* z = class + shade lays the classes side by side on one colour scale: class c
     * spans [c, c + 1), from pale (shade 0: no more sure than a guess among k) to
     * its full colour (shade 1: certain). */
    surface: function (data, view) {
      const k = C.count(data);
      const z = view.surface_class.map(function (row, r) {
        return row.map(function (c, i) {
          const sure = (view.surface[r][i] - 1 / k) / (1 - 1 / k);
          return c + 0.999 * Math.max(0, Math.min(1, sure));
        });
      });
      const scale = [];
      for (let c = 0; c < k; c++) {
        scale.push([c / k, mix(c, PALE)]);
        scale.push([(c + 1) / k, mix(c, 1)]);
      }
      return {
        type: "heatmap",
        x: data.grid_x,
        y: data.grid_y,
        z: z,
        zmin: 0,
        zmax: k,
        colorscale: scale,
        opacity: 0.55,
        showscale: false,
        hoverinfo: "skip",
        zsmooth: false, // smoothing would blend two classes into a third colour
      };
    },
  });
})();
