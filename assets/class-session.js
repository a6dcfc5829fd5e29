/* A class session (BackpropLab.classroom): the teacher's page shares its lab, the
 * students' pages follow it, predict, and see the reveal.
 *
 * Roles, kept in this browser's localStorage so a reload (or a Wi-Fi drop, which
 * the next poll simply catches up on) comes back to where the class is:
 *   teacher  started the class; holds its key; shares the lab after every change
 *            of the network, example, η or settings (bl:adopt / bl:played name the
 *            step that caused it), and each press of Forward, Backward, Update
 *            weights or Train step as it starts (bl:press) with the state it started
 *            from; asks, watches the tally, reveals
 *   student  joined by code or by the link /?class=CODE; plays each of the teacher's
 *            presses it has not played through BackpropLab.phases.press (the same
 *            request and animation as its own click: the step depends only on the
 *            network, example and η, so its numbers are the teacher's), after
 *            adopting the press's starting state if it was elsewhere; adopts any other
 *            change (and a late join or a reload) through BackpropLab.lab.adoptShared
 *            once its page is idle; may explore a private copy and come back
 * Every page in a class asks /class/CODE/state?since=V once a second (the API is
 * described in app/classroom/routes.py); limits come from the rules block.
 */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;
  const KEPT = { teacher: "bl-class-teacher", student: "bl-class-student" };

  const C = {
    role: null, // "teacher" | "student" | null
    code: null,
    key: null,
    version: 0,
    following: true, // a student who left to explore stops adopting the class's state
    lab: null, // the class's last shared state
    question: null,
    reveal: null,
    current: null, // the teacher's lab as Dash last handed it over (onLab)
    action: "start",
    looping: false,
    shownQuestion: null,
    shownReveal: null,
    resuming: false, // a teacher's page reloaded: it takes the class's state before sharing its own
    fresh: true, // no class state seen yet since joining or reloading: adopt it, play nothing
    played: 0, // the number of the teacher's last press this page played (or passed)
    pending: null, // a class state to take once this page's own playing is done
    replayKey: null, // the step key of the press being played: its adoption is the class's
  };

  function el(name) {
    return document.getElementById(U().id(name));
  }

  function say(text) {
    const e = el("CLASS_STATUS");
    if (e) e.textContent = text;
  }

  function show(name, on) {
    const e = el(name);
    if (e) e.classList.toggle("d-none", !on);
  }

  function load(role) {
    try {
      return JSON.parse(localStorage.getItem(KEPT[role]) || "null");
    } catch (e) {
      return null;
    }
  }

  function keep(role, value) {
    try {
      if (value) localStorage.setItem(KEPT[role], JSON.stringify(value));
      else localStorage.removeItem(KEPT[role]);
    } catch (e) {
      /* private mode: the class still works until the page is closed */
    }
  }

  async function call(method, path, body) {
    const headers = { "X-Class-Key": C.key || "" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const r = await fetch(path, { method: method, headers: headers, cache: "no-store", body: body === undefined ? undefined : JSON.stringify(body) });
    let data = null;
    try {
      data = await r.json();
    } catch (e) {
      data = null;
    }
    if (!r.ok) {
      const err = new Error((data && data.error) || "The server answered " + r.status + ".");
      err.status = r.status;
      throw err;
    }
    return data;
  }

  function path(what) {
    return "/class/" + C.code + "/" + what;
  }

  // ---------- becoming teacher or student ----------
  function become(role, code, key, resumed) {
    Object.assign(C, { role: role, code: code, key: key, version: 0, following: true, shownQuestion: null, shownReveal: null, fresh: true, played: 0, pending: null });
    C.resuming = role === "teacher" && !!resumed;
    lastPress = null; // a press of another class is no business of this one
    keep(role, { code: code, key: key });
    keep(role === "teacher" ? "student" : "teacher", null);
    const link = location.origin + "/?class=" + code;
    el("CLASS_PANEL").open = true; // the class's questions show here
    el("CLASS_TEACHER").hidden = role !== "teacher";
    if (role === "teacher") {
      el("CLASS_CODE").textContent = code;
      el("CLASS_LINK").textContent = link;
      el("CLASS_LINK").setAttribute("href", link);
      el("CLASS_QR").setAttribute("src", path("qr.svg"));
      say("Class " + code + " is open: students join with the code or the link.");
      if (!C.resuming) share();
    } else {
      say("You follow class " + code + ".");
    }
    show("CLASS_LEAVE_BTN", role === "student");
    show("CLASS_REJOIN_BTN", false);
    BL.classQuestion.render(C); // and the projector's box
    if (!C.looping) loop();
  }

  function forget(sentence) {
    keep(C.role || "student", null);
    Object.assign(C, { role: null, code: null, key: null, lab: null, question: null, reveal: null });
    el("CLASS_TEACHER").hidden = true;
    show("CLASS_LEAVE_BTN", false);
    show("CLASS_REJOIN_BTN", false);
    el("CLASS_QUESTION").replaceChildren();
    BL.classQuestion.render(C);
    say(sentence);
  }

  async function start() {
    try {
      C.key = null;
      const r = await call("POST", "/class/start", {});
      become("teacher", r.code, r.teacher_key);
    } catch (e) {
      say(e.message);
    }
  }

  async function join(code) {
    const nickname = (el("CLASS_NICKNAME").value || "").trim();
    try {
      C.key = null;
      const r = await call("POST", "/class/join", { code: code, nickname: nickname || null });
      become("student", r.code, r.student_key);
    } catch (e) {
      say(e.message);
    }
  }

  // ---------- the teacher shares the lab ----------
  // What to send, in order: every press is sent (with the state it started from);
  // of the states between two presses only the latest matters.
  let outbox = [];
  let sending = false;
  let pressN = Date.now(); // press numbers only grow, across reloads of this page too
  let lastPress = null; // later states name it too, for pages whose poll missed it

  function send(lab, isPress) {
    const last = outbox[outbox.length - 1];
    if (!isPress && last && !last.isPress) last.lab = lab;
    else outbox.push({ lab: lab, isPress: isPress });
    if (sending) return;
    sending = true;
    (async function () {
      try {
        while (outbox.length) await call("POST", path("publish"), { lab: outbox.shift().lab });
      } catch (e) {
        outbox = [];
        if (e.status === 404 || e.status === 403) forget(e.message);
        else say(e.message);
      } finally {
        sending = false;
      }
    })();
  }

  function labOf(config, s, losses) {
    const press = lastPress && lastPress.from.net_state.run === s.net_state.run ? lastPress : null;
    return { config: config, net_state: s.net_state, example: s.example, lr_log: s.lr_log, losses: losses || [], action: C.action, press: press };
  }

  function share() {
    if (C.role !== "teacher" || !C.current || C.resuming) return;
    const v = C.current;
    send(labOf(v.config, v, v.view && v.view.losses), false);
  }

  // A press starts playing on the teacher's page: from the lab's state as it is now.
  function pressed(action) {
    if (C.role !== "teacher" || !C.current || C.resuming || !(action in { forward: 1, backward: 1, update: 1, train: 1 })) return;
    const S = BL.lab.state;
    if (!S.net_state) return;
    pressN += 1;
    C.action = action;
    lastPress = { n: pressN, action: action, from: { net_state: S.net_state, example: S.example, lr_log: S.lr_log } };
    send(labOf(C.current.config, S, S.view && S.view.losses), true);
  }

  // ---------- a student follows ----------
  function same(s) {
    const S = BL.lab.state;
    return !!S.net_state && U().same(S.net_state, s.net_state) && S.example === s.example && S.lr_log === s.lr_log;
  }

  function keyOf(s) {
    return [s.net_state.run, s.net_state.step, s.example, s.lr_log].join(":");
  }

  function follow(lab) {
    const p = lab.press;
    C.lab = lab;
    if (C.fresh) {
      C.fresh = false; // a late join or a reload: where the class is now, no old presses
      C.played = p ? p.n : 0;
      C.pending = lab;
    } else if (p && p.n > C.played) {
      C.played = p.n;
      const start = U().same(lab.net_state, p.from.net_state) && lab.example === p.from.example ? lab : null;
      C.pending = start ? null : lab;
      // Played from the press's own state: this page's, or the class's when it is that.
      if (C.following && (start || same(p.from))) play(start, p);
    } else C.pending = lab;
    settle();
  }

  function play(start, p) {
    BL.lab.enqueue(async function () {
      if (!C.following) return; // the student left meanwhile
      if (start && !same(start)) adopt(start);
      if (!same(p.from)) return; // this page moved meanwhile: the class's next state puts it right
      C.replayKey = keyOf(p.from);
      BL.phases.press(p.action);
      say("You follow class " + C.code + ": " + (p.action === "train" ? "Train step" : p.action) + " from step " + p.from.net_state.step + ".");
    });
  }

  // The class's latest state, once this page is done playing: nothing moves when
  // the page computed the same already.
  function settle() {
    if (C.role !== "student" || !C.following || !C.pending || !BL.lab.idle()) return;
    const lab = C.pending;
    C.pending = null;
    if (!same(lab)) adopt(lab);
  }

  // ---------- everyone polls ----------
  async function pollOnce() {
    const r = await call("GET", path("state?since=" + C.version));
    if (!r.changed) return;
    C.version = r.version;
    C.question = r.question;
    C.reveal = r.reveal;
    if (C.resuming) {
      C.resuming = false;
      if (r.lab) adopt(r.lab); // the page is back where the class is; then it shares as before
      else share();
    }
    if (r.lab && C.role === "student") follow(r.lab);
    BL.classQuestion.render(C);
  }

  function adopt(lab) {
    const S = BL.lab.state;
    const had = S.net_state && S.net_state.net_json && S.net_state.net_json.sizes;
    if (!U().same(had, lab.config.sizes)) U().setProps(U().id("CLASS_SIZES_STORE"), { data: lab.config.sizes });
    BL.lab.adoptShared(lab);
    if (C.role === "student") say("You follow class " + C.code + ": step " + lab.net_state.step + ".");
  }

  async function loop() {
    C.looping = true;
    try {
      while (C.code) {
        try {
          await pollOnce();
          if (C.role === "teacher" && C.question && !C.reveal) BL.classQuestion.tally(await call("GET", path("tally")));
        } catch (e) {
          if (e.status === 404 || e.status === 403) forget(e.message);
          else say("The class cannot be reached; trying again…");
        }
        await U().sleep(U().rules().limits.CLASS_POLL_MS);
      }
    } finally {
      C.looping = false;
    }
  }

  // ---------- buttons ----------
  function numberOf(name) {
    const v = Number(el(name).value);
    return Number.isInteger(v) ? v : -1;
  }

  async function ask() {
    const kind = el("CLASS_ASK_KIND").value;
    const question = { kind: kind, layer: numberOf("CLASS_ASK_LAYER"), row: numberOf("CLASS_ASK_ROW"), col: numberOf("CLASS_ASK_COL") };
    try {
      await call("POST", path("ask"), { question: question });
      say("Asked. The tally fills in as the class answers; press Reveal when ready.");
    } catch (e) {
      say(e.message);
    }
  }

  async function reveal() {
    try {
      await call("POST", path("reveal"), {});
    } catch (e) {
      say(e.message);
    }
  }

  function onClick(event) {
    const button = event.target.closest && event.target.closest("button");
    if (!button || !U()) return;
    const id = button.id;
    if (id === U().id("CLASS_START_BTN")) start();
    else if (id === U().id("CLASS_JOIN_BTN")) join(el("CLASS_JOIN_CODE").value || "");
    else if (id === U().id("CLASS_ASK_BTN")) ask();
    else if (id === U().id("CLASS_REVEAL_BTN")) reveal();
    else if (id === U().id("CLASS_LEAVE_BTN")) leave();
    else if (id === U().id("CLASS_REJOIN_BTN")) rejoin();
  }

  function leave() {
    C.following = false;
    show("CLASS_LEAVE_BTN", false);
    show("CLASS_REJOIN_BTN", true);
    say("You explore on your own copy. The class goes on; come back at any time.");
  }

  function rejoin() {
    C.following = true;
    show("CLASS_LEAVE_BTN", true);
    show("CLASS_REJOIN_BTN", false);
    if (C.lab) adopt(C.lab);
  }

  // ---------- start-up: a link, or the role this browser kept ----------
  let started = false;

  function resume() {
    started = true;
    const linked = new URLSearchParams(location.search).get("class");
    const teacher = load("teacher");
    const student = load("student");
    if (linked && !(student && student.code === linked.toUpperCase())) {
      if (!(teacher && teacher.code === linked.toUpperCase())) return join(linked);
    }
    if (teacher) become("teacher", teacher.code, teacher.key, true);
    else if (student) become("student", student.code, student.key, true);
  }

  // Which change the teacher's page is sharing, for the students' pages to name.
  document.addEventListener("bl:adopt", function (e) {
    const step = e.detail && e.detail.step;
    C.action = step ? "train" : "play";
    if (step && C.replayKey && BL.lab.stepKey(step) === C.replayKey) return; // the class's press, played here
    // A student who steps on their own is exploring: the class's next step would
    // otherwise wipe their work, so they leave until they choose to come back.
    if (C.role === "student" && C.following) leave();
  });
  document.addEventListener("bl:press", (e) => pressed(e.detail && e.detail.action));
  document.addEventListener("bl:idle", settle);
  document.addEventListener("bl:played", () => (C.action = "play"));
  document.addEventListener("click", onClick);

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.classroom = {
    // Dash hands over the lab each time its settings, network, example or η change.
    onLab: function (config, net_state, example, lr_log, view) {
      const was = C.current;
      const S = BL.lab.state; // while playing, view-store waits for Play to stop: the lab's view is current
      if (S.view && net_state && S.view.run === net_state.run && S.view.step === net_state.step) view = S.view;
      C.current = { config: config, net_state: net_state, example: example, lr_log: lr_log, view: view };
      if (!started) resume();
      else if (C.role === "teacher") {
        if (was && !U().same(was.config, config)) C.action = "reset";
        else if (was && was.example !== example) C.action = "example";
        else if (was && was.lr_log !== lr_log) C.action = "lr";
        share();
      }
      return window.dash_clientside.no_update;
    },
  };

  BL.classroom = { state: C, join: join, start: start, leave: leave, rejoin: rejoin };
})();
