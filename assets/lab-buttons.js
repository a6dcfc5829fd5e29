/* Every press of the lab's action buttons counts (BackpropLab has no member for
 * this file). The presses are read from the page's own click events, not from
 * Dash's n_clicks: clicks that come close together (five within 20 ms) reach
 * the button's n_clicks as one, and one callback call. A key of assets/keyboard.js
 * clicks the button, so it arrives here too. Each press is queued by
 * BackpropLab.lab, or refused there with a sentence: never dropped. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  // By the button's name in app/ids.py: what one press does.
  const PRESS = {
    FORWARD_BTN: () => BL.phases.press("forward"),
    BACKWARD_BTN: () => BL.phases.press("backward"),
    UPDATE_BTN: () => BL.phases.press("update"),
    STEP_BTN: () => BL.phases.press("train"),
    PLAY_BTN: () => BL.lab.toggle(),
    SUBSTEP_NEXT_BTN: () => BL.substeps.press("next"),
    SUBSTEP_PREV_BTN: () => BL.substeps.press("prev"),
    HISTORY_REPLAY_BTN: () => BL.substeps.press("replay"),
    HISTORY_LIVE_BTN: () => BL.substeps.press("live"),
  };
  let byId = null;

  document.addEventListener("click", function (e) {
    const button = e.target && e.target.closest && e.target.closest("button[id]");
    if (!button || button.disabled) return;
    if (!byId) {
      byId = {};
      Object.keys(PRESS).forEach((name) => (byId[BL.util.id(name)] = PRESS[name]));
    }
    const press = byId[button.id];
    if (press) press();
  });
})();
