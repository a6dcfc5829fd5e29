/* The model's extra settings in the settings draft (BackpropLab.settings owns the
 * draft): which input features the network sees, and λ of L2 regularisation. A
 * change of features changes the input layer (one unit per feature), so it starts
 * a new network as a change of layers does; λ is a training setting like η and
 * keeps the weights (assets/settings-draft.js). Names, order and labels come from
 * the engine through the rules (rules.feature_names), λ's bounds from app/limits.py.
 * Clientside callbacks (app/callbacks/model.py): model.syncModel, onKeep,
 * onModelControl, l2Text. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const NU = () => window.dash_clientside.no_update;
  const U = () => BL.util;

  // The chosen features in the engine's order, whatever order they were ticked in.
  function ordered(values) {
    return Object.keys(U().rules().feature_names).filter((name) => values.indexOf(name) >= 0);
  }

  function shown(c) {
    return c ? [c.features, c.l2] : [NU(), NU()];
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.model = {
    // config-store -> the controls show the settings in force
    syncModel: shown,
    // Keep: the controls go back to the settings in force, as the others do
    onKeep: function (_, c) {
      return shown(c);
    },

    // a control -> the draft
    onModelControl: function (features, l2, draft, config) {
      const d0 = draft || config;
      if (!d0 || !Array.isArray(features) || typeof l2 !== "number") return NU();
      // the slider's own step, so 0.003 is not sent as 0.0030000000000000001
      const lam = Math.round(l2 / U().rules().limits.L2_STEP) * U().rules().limits.L2_STEP;
      const l2Value = Number(lam.toFixed(6));
      const chosen = ordered(features);
      if (!chosen.length) {
        BL.lab.status("The network needs at least one input: keep one feature switched on.", "note");
        U().setProps(U().id("FEATURES_CHECKLIST"), { value: d0.features });
        return NU();
      }
      if (U().same(chosen, d0.features) && l2Value === d0.l2) return NU();
      const d = U().clone(d0);
      d.features = chosen;
      d.sizes[0] = chosen.length; // one input unit per feature
      d.l2 = l2Value;
      return d;
    },

    l2Text: function (l2) {
      return typeof l2 === "number" ? "λ = " + String(Number(l2.toFixed(6))) : NU();
    },
  };
})();
