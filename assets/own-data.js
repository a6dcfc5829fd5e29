/* The example editor's presses and the switch "Train on the shown example"
 * (BackpropLab.ownData). Each press is one edit, queued by BackpropLab.lab like any
 * action, so two quick presses of Add add two examples, each to the data the one
 * before left. An edit writes own-edit-store {nonce, action, …}; the server checks
 * it (app/callbacks/own_data.py), writes the new settings and data, and echoes the
 * nonce in own-reply-store. The fields are read when the edit's turn comes.
 * A click on the data plot adds a point of the chosen class where it lands, or
 * removes the point nearest to it, as the chooser above the plot says. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;
  const TIMEOUT_MS = 20000;
  const LATE = "The server did not answer in time. Press the button again.";

  let made = null; // own-edit-store -> own-reply-store, made at first use: lab-util.js may load later
  const exchange = () => made || (made = U().exchange("OWN_EDIT_STORE", TIMEOUT_MS));
  let mode = "follow"; // the plot's click mode (own-click-mode): follow, add-k, remove
  const NEAR_PX = 12; // a click this close to a point removes it
  const SAME_PRESS_MS = 400;
  let last = null; // [x, y, time] of the last click on the plot

  function typed(name) {
    const prefix = U().id(name) + "-";
    return Array.from(document.querySelectorAll("input[id^='" + prefix + "']"))
      .sort((a, b) => Number(a.id.slice(prefix.length)) - Number(b.id.slice(prefix.length)))
      .map((el) => el.value);
  }

  function send(edit) {
    return exchange().send(edit, LATE);
  }

  function onReply(reply) {
    exchange().answer(reply);
  }

  // What one press asks for, read when its turn comes (after the edits before it).
  function press(action, on) {
    return BL.lab.enqueue(async function () {
      const edit =
        action === "train_shown"
          ? { action: action, on: on }
          : typeof on === "object"
            ? Object.assign({ action: action }, on)
            : { action: action, inputs: typed("OWN_INPUT"), targets: typed("OWN_TARGET") };
      await send(edit);
    });
  }

  const BUTTONS = { OWN_REPLACE_BTN: "replace", OWN_ADD_BTN: "add" };

  document.addEventListener("click", function (e) {
    const button = e.target && e.target.closest && e.target.closest("button[id]");
    if (!button || button.disabled) return;
    const name = Object.keys(BUTTONS).find((k) => U().id(k) === button.id);
    if (name) press(BUTTONS[name]);
  });

  // The switch: each change of the box is one edit (a click, or a key on it).
  document.addEventListener("change", function (e) {
    const box = e.target;
    if (box && box.id === U().id("TRAIN_SHOWN")) press("train_shown", !!box.checked);
  });

  // A click on the plot area, in the plot's own coordinates (Plotly's axes convert).
  function onPlot(e) {
    if (mode === "follow") return;
    // Plotly's drag layer answers a press with a click of its own beside the
    // browser's (on a touch screen, instead of it): both at the same spot, within a
    // moment. The first is the press; the second is not counted again.
    const at = [e.clientX, e.clientY, e.timeStamp];
    const same = last && last[0] === at[0] && last[1] === at[1] && Math.abs(at[2] - last[2]) < SAME_PRESS_MS;
    last = at;
    if (same) return;
    const gd = document.querySelector("#" + U().id("DATA_GRAPH") + " .js-plotly-plot");
    const drag = gd && e.target.closest && e.target.closest(".nsewdrag");
    const data = BL.lab.state.data;
    if (!drag || !gd.contains(drag) || !data || !data.X) return;
    const xa = gd._fullLayout.xaxis;
    const ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    const px = e.clientX - box.left - xa._offset;
    const py = e.clientY - box.top - ya._offset;
    if (mode === "remove") {
      let best = -1;
      let bestD = NEAR_PX;
      data.X.forEach(function (p, i) {
        const d = Math.hypot(xa.c2p(p[0]) - px, ya.c2p(p[1]) - py);
        if (d <= bestD) (best = i), (bestD = d);
      });
      if (best < 0) BL.lab.status("No point there: click on the point to remove.", "warn");
      else press("remove", { index: best });
      return;
    }
    const k = Number(mode.slice("add-".length));
    const round = (v) => Number(v.toFixed(3)); // a point placed by hand: three decimals
    press("add_point", { inputs: [round(xa.p2c(px)), round(ya.p2c(py))], class: k });
  }
  document.addEventListener("click", onPlot);

  BL.ownData = { press: press, onReply: onReply, mode: () => mode };

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.owndata = {
    onReply: function (reply) {
      onReply(reply);
    },
    setMode: function (value) {
      if (typeof value === "string") mode = value;
    },
  };
})();
