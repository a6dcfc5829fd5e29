/* The example editor's presses and the switch "Train on the shown example"
 * (BackpropLab.ownData). Each press is one edit, queued by BackpropLab.lab like any
 * action, so two quick presses of Add add two examples, each to the data the one
 * before left. An edit writes own-edit-store {nonce, action, …}; the server checks
 * it (app/callbacks/own_data.py), writes the new settings and data, and echoes the
 * nonce in own-reply-store. The fields are read when the edit's turn comes. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;
  const TIMEOUT_MS = 20000;
  const LATE = "The server did not answer in time. Press the button again.";

  let nonce = 0;
  let waiting = null; // {nonce, resolve, reject}

  function typed(name) {
    const prefix = U().id(name) + "-";
    return Array.from(document.querySelectorAll("input[id^='" + prefix + "']"))
      .sort((a, b) => Number(a.id.slice(prefix.length)) - Number(b.id.slice(prefix.length)))
      .map((el) => el.value);
  }

  function send(edit) {
    nonce += 1;
    const n = nonce;
    return new Promise(function (resolve, reject) {
      const timer = setTimeout(function () {
        if (waiting && waiting.nonce === n) waiting = null;
        reject(new Error(LATE));
      }, TIMEOUT_MS);
      waiting = {
        nonce: n,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      U().setProps(U().id("OWN_EDIT_STORE"), { data: Object.assign({ nonce: n }, edit) });
    });
  }

  function onReply(reply) {
    const w = waiting;
    if (!w || !reply || reply.nonce !== w.nonce) return;
    waiting = null;
    if (reply.error) w.reject(new Error(reply.error));
    else w.resolve(reply);
  }

  // What one press asks for, read when its turn comes (after the edits before it).
  function press(action, on) {
    return BL.lab.enqueue(async function () {
      const edit =
        action === "train_shown"
          ? { action: action, on: on }
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

  BL.ownData = { press: press, onReply: onReply };

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.owndata = {
    onReply: function (reply) {
      onReply(reply);
    },
  };
})();
