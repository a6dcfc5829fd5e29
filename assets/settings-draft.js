/* The settings draft (BackpropLab.settings): the settings panel edits a draft in
 * the browser; a change that keeps the network (the mini-batch size) applies at
 * once, one that needs a new network applies at once before any training and
 * otherwise asks first (Apply / Keep). The rules (data-set kinds, which loss and
 * output go together, limits, the deep preset, names, the settings a data set
 * brings with it) come from app/rules.py.
 *
 *   settings.apply(draft)   start a new network with these settings (apply-store)
 *   settings.keep()         forget the draft: the controls show the settings in force
 *   settings.openSettings() unfold the panel
 * Clientside callbacks (app/callbacks/playground.py): playground.syncControls,
 * onControl, onDraft, draftDisplay, onApply, onKeep. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const NU = () => window.dash_clientside.no_update;
  const U = () => BL.util;
  const R = () => BL.util.rules();

  let applyNonce = 0;
  let draft = null; // the settings as the controls show them
  let config = null; // the settings in force (config-store)
  let pendingLr = null; // {dataset, lr_log}: η a chosen data set brings, set when applied

  // A data set's own settings (rules.dataset_defaults), when it is newly chosen. η
  // is not a setting of the network: it waits until the draft is applied.
  function withDefaults(d, name) {
    const own = R().dataset_defaults[name];
    if (!own) return d;
    Object.keys(own).forEach(function (k) {
      if (k === "lr_log") pendingLr = { dataset: name, lr_log: own[k] };
      else if (k in d) d[k] = U().clone(own[k]);
    });
    return d;
  }

  function taskOf(dataset) {
    return R().datasets.regression.indexOf(dataset) >= 0 ? "regression" : "classification";
  }

  function hidden(c) {
    return c.sizes.slice(1, -1);
  }

  function withHidden(c, h) {
    return Object.assign({}, c, { sizes: [c.sizes[0]].concat(h, [c.sizes[c.sizes.length - 1]]) });
  }

  // The output activation and the number of output units follow the data set and
  // the loss (app/rules.py's pairings: outputs, n_outputs).
  function pair(d, task, loss) {
    d.loss = loss;
    d.output_activation = R().outputs[task][loss];
    const sizes = d.sizes.slice();
    // Data of one's own has no rule here: its targets set the output layer's size.
    const n = (R().n_outputs[d.dataset] || {})[loss];
    if (n) sizes[sizes.length - 1] = n;
    d.sizes = sizes;
    return d;
  }

  // What each control does to the draft, by its name in app/ids.py.
  const CHANGE = {
    DATASET_SELECT: function (d, value) {
      // The menu showing the set in force (own data included) changes nothing.
      if (typeof value !== "string" || value === d.dataset) return d;
      const task = taskOf(value);
      // A set keeps the loss in force while it has the same kind and starting loss
      // (two classes after two classes); otherwise it brings its own (dataset_loss).
      const start = R().dataset_loss;
      const keep = taskOf(d.dataset) === task && start[d.dataset] === start[value] && d.loss in R().outputs[task];
      const chosen = d.dataset !== value; // not just the controls showing the settings
      d.dataset = value;
      d = pair(d, task, keep ? d.loss : start[value]);
      return chosen ? withDefaults(d, value) : d;
    },
    NOISE_SLIDER: function (d, value) {
      if (typeof value === "number") d.noise = Math.round(value * 100) / 100;
      return d;
    },
    SPLIT_SLIDER: function (d, value) {
      if (typeof value === "number") d.test_fraction = Math.round(value * 100) / 100;
      return d;
    },
    REGENERATE_BTN: function (d) {
      d.seed = (d.seed + 1) % R().limits.MAX_SEED;
      return d;
    },
    LAYERS_PLUS_BTN: function (d) {
      const h = hidden(d);
      if (h.length < R().limits.MAX_EDIT_LAYERS) h.push(h.length ? h[h.length - 1] : 4);
      return withHidden(d, h);
    },
    LAYERS_MINUS_BTN: function (d) {
      const h = hidden(d);
      if (h.length) h.pop();
      return withHidden(d, h);
    },
    ACTIVATION_SELECT: function (d, value) {
      if (typeof value === "string") d.activation = value;
      return d;
    },
    LOSS_SELECT: function (d, value) {
      if (typeof value !== "string") return d;
      const task = taskOf(d.dataset);
      if (!(value in R().outputs[task])) {
        BL.lab.status("Fitting a number needs the squared-error loss: cross-entropy is for classes.", "note");
        return d;
      }
      return pair(d, task, value);
    },
    BATCH_SELECT: function (d, value) {
      const b = parseInt(value, 10);
      if (isFinite(b)) d.batch_size = b;
      return d;
    },
    RESIDUAL_SWITCH: function (d, value) {
      d.residual = !!value;
      return d;
    },
    NORM_SWITCH: function (d, value) {
      d.normalization = !!value;
      return d;
    },
    DEEP_PRESET_BTN: function (d) {
      const deep = R().deep_preset;
      const h = [];
      for (let i = 0; i < deep.hidden; i++) h.push(deep.neurons);
      return Object.assign(withHidden(d, h), { activation: deep.activation, residual: false, normalization: false });
    },
  };

  // A neuron +/− button: {"type": NEURONS_PLUS_BTN or NEURONS_MINUS_BTN, "layer": i}.
  function changeNeurons(d, idObj) {
    const h = hidden(d);
    const i = idObj.layer;
    if (!(i < h.length)) return d;
    if (idObj.type === U().id("NEURONS_PLUS_BTN")) h[i] = Math.min(R().limits.MAX_NEURONS, h[i] + 1);
    if (idObj.type === U().id("NEURONS_MINUS_BTN")) h[i] = Math.max(1, h[i] - 1);
    return withHidden(d, h);
  }

  function change(d0, key, value) {
    const d = U().clone(d0);
    if (key.charAt(0) === "{") {
      let idObj;
      try {
        idObj = JSON.parse(key);
      } catch (e) {
        return d;
      }
      return changeNeurons(d, idObj);
    }
    const name = Object.keys(CHANGE).find((n) => U().id(n) === key);
    return name ? CHANGE[name](d, value) : d;
  }

  const WHAT = {
    dataset: "the data set",
    noise: "the noise",
    test_fraction: "the share of test points",
    seed: "the data",
    sizes: "the layers",
    activation: "the activation",
    loss: "the loss",
    output_activation: "the output",
    residual: "residual connections",
    normalization: "normalization",
    features: "the input features",
  };

  function hideNotice() {
    U().setProps(U().id("RESET_NOTICE"), { hidden: true });
  }

  function apply(d) {
    applyNonce += 1;
    if (pendingLr && pendingLr.dataset === d.dataset) U().setProps(U().id("LR_SLIDER"), { value: pendingLr.lr_log });
    pendingLr = null;
    hideNotice();
    BL.lab.abort();
    U().setProps(U().id("APPLY_STORE"), { data: { nonce: applyNonce, config: d } });
  }

  function onDraft(d, c, net_state) {
    if (!d || !c) return;
    const diff = Object.keys(d).filter((k) => !U().same(d[k], c[k]));
    if (!diff.length) return hideNotice();
    if (diff.every((k) => k === "batch_size" || k === "l2")) {
      // training settings, like η: the next step uses them, the weights stay
      hideNotice();
      U().setProps(U().id("CONFIG_STORE"), { data: Object.assign({}, c, { batch_size: d.batch_size, l2: d.l2 }) });
      const data = BL.lab.state.data;
      if (data) U().setProps(U().id("DATA_STORE"), { data: Object.assign({}, data, { batch_size: d.batch_size }) });
      const what = diff.indexOf("l2") >= 0 ? "λ = " + d.l2 + " from the next step" : "Mini-batch size " + d.batch_size;
      BL.lab.status(what + ": the network keeps its weights.");
      return;
    }
    const trained = net_state && net_state.step > 0;
    if (!trained && !BL.lab.state.playing) return apply(d);
    BL.lab.pause();
    const what = diff.filter((k) => WHAT[k]).map((k) => WHAT[k]);
    const uniq = what.filter((w, i) => what.indexOf(w) === i);
    U().setProps(U().id("RESET_NOTICE_TEXT"), {
      children:
        "Changing " + uniq.join(" and ") + " starts a new network with fresh random weights: the " + net_state.step +
        " training step" + (net_state.step === 1 ? "" : "s") + " so far will be lost.",
    });
    U().setProps(U().id("RESET_NOTICE"), { hidden: false });
    openSettings(); // the change waiting for confirmation stays in sight
  }

  // The <details> element keeps its own open state, as the keyboard help does:
  // opening it is a DOM change, so Dash never re-renders the panel inside.
  function openSettings() {
    const fold = document.getElementById(U().id("SETTINGS_DETAILS"));
    if (fold) fold.open = true;
  }

  // One line for the folded panel, in the menu's own words for the data set.
  function summaryText(c) {
    const select = document.getElementById(U().id("DATASET_SELECT"));
    const option = select && Array.from(select.options).find((o) => o.value === c.dataset);
    const h = hidden(c);
    const shape = h.length ? h.length + " hidden (" + h.join(", ") + ")" : "no hidden layer";
    const extras = (c.residual ? ", residual" : "") + (c.normalization ? ", layer norm" : "");
    return [
      option ? option.textContent : c.dataset,
      "noise " + Math.round(c.noise * 100) + "%",
      shape + ", σ = " + (R().activation_names[c.activation] || c.activation) + extras,
      R().loss_names[c.loss] || c.loss,
      "mini-batch " + c.batch_size,
    ]
      .concat(U().same(c.features, R().raw_features) ? [] : ["inputs " + c.features.map((f) => R().feature_names[f] || f).join(", ")])
      .concat(c.l2 > 0 ? ["λ = " + c.l2] : [])
      .join(" · ");
  }

  // The value controls, by their names in app/ids.py, and what each shows of a config.
  const VALUES = [
    ["DATASET_SELECT", (c) => c.dataset],
    ["NOISE_SLIDER", (c) => c.noise],
    ["SPLIT_SLIDER", (c) => c.test_fraction],
    ["ACTIVATION_SELECT", (c) => c.activation],
    ["LOSS_SELECT", (c) => c.loss],
    ["BATCH_SELECT", (c) => String(c.batch_size)],
    ["RESIDUAL_SWITCH", (c) => !!c.residual],
    ["NORM_SWITCH", (c) => !!c.normalization],
  ];

  function keep() {
    if (!config) return;
    VALUES.forEach(([name, value]) => U().setProps(U().id(name), { value: value(config) }));
    U().setProps(U().id("DRAFT_STORE"), { data: U().clone(config) });
    pendingLr = null;
    hideNotice();
  }

  document.addEventListener("bl:playing", function (e) {
    if (e.detail.on) hideNotice();
  });

  BL.settings = { apply: apply, keep: keep, openSettings: openSettings };

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.playground = Object.assign(window.dash_clientside.playground || {}, {
    onApply: function () {
      if (draft) apply(draft);
    },
    onKeep: keep,

    // config-store -> the controls and the draft show the settings in force
    syncControls: function (c) {
      if (!c) return Array(VALUES.length + 1).fill(NU());
      config = c;
      U().setProps(U().id("SETTINGS_SUMMARY"), { children: summaryText(c) });
      return VALUES.map(([, value]) => value(c)).concat([U().clone(c)]);
    },

    // any control -> the draft
    onControl: function () {
      const args = Array.prototype.slice.call(arguments);
      const draft0 = args[args.length - 2];
      let d = draft0 || args[args.length - 3];
      if (!d) return NU();
      const ctx = window.dash_clientside.callback_context;
      const values = {};
      ctx.inputs_list.forEach(function (inp) {
        if (!Array.isArray(inp)) values[inp.id] = inp.value;
      });
      (ctx.triggered || []).forEach(function (t) {
        if (!t || !t.prop_id || t.value === undefined) return;
        const key = t.prop_id.slice(0, t.prop_id.lastIndexOf("."));
        d = change(d, key, values[key]);
      });
      return U().same(d, draft0) ? NU() : d;
    },

    // the draft -> apply at once, keep, or ask first
    onDraft: function (d, c, net_state) {
      draft = d;
      onDraft(d, c, net_state);
    },

    draftDisplay: function (d) {
      if (!d) return Array(8).fill(NU());
      const h = hidden(d);
      const n = [];
      const box = [];
      for (let i = 0; i < R().limits.SHOWN_LAYERS; i++) {
        n.push(i < h.length ? String(h[i]) : "");
        box.push("bl-neuron-box" + (i < h.length ? "" : " is-hidden"));
      }
      return [
        String(h.length),
        n,
        box,
        Math.round(d.noise * 100) + "%",
        Math.round(d.test_fraction * 100) + "%",
        h.length >= R().limits.MAX_EDIT_LAYERS,
        h.length <= 0,
        R().dataset_notes[d.dataset] || "",
      ];
    },
  });
})();
