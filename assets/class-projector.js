/* The projector's box (BackpropLab.classProjector). In the presentation view
 * (?view=present, class bl-present on <html>) the Class panel folds away with the
 * rest of the page, so a teacher's page in a class shows there what the room needs:
 * how to join (the code in large type, the QR code, the link) and the open
 * question with its live tally, then the right answer. Outside the presentation
 * view the box is hidden (assets/class.css): the panel shows all of it already.
 *
 *   classProjector.update(C)     the class as BackpropLab.classroom keeps it
 *   classProjector.tally(nodes)  copies of the tally's bars (assets/class-question.js)
 * All text is set as text, never as markup. */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});

  let box = null;
  let parts = null;
  let shownCode = null;
  let shownQuestion = null;
  let shownReveal = null;

  function make(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function build() {
    box = make("aside", null, "bl-class-projector");
    box.setAttribute("aria-label", "How to join the class");
    box.hidden = true;
    const qr = make("img", null, "bl-class-projector-qr");
    qr.alt = "QR code of the class link";
    const join = make("div", null, "bl-class-projector-join");
    const code = make("div", null, "bl-class-projector-code");
    const link = make("div", null, "bl-class-projector-link");
    join.append(make("div", "Join the class", "bl-class-projector-title"), code, link);
    const question = make("div", null, "bl-class-projector-question");
    question.setAttribute("aria-live", "polite");
    const text = make("p", null, "bl-class-projector-text");
    const bars = make("div", null, "bl-class-projector-tally");
    const right = make("p", null, "bl-class-projector-right");
    question.append(text, bars, right);
    box.append(qr, join, question);
    document.body.appendChild(box);
    parts = { qr: qr, code: code, link: link, question: question, text: text, bars: bars, right: right };
  }

  function update(C) {
    const on = !!(C && C.role === "teacher" && C.code);
    if (!on) {
      if (box) box.hidden = true;
      shownCode = shownQuestion = shownReveal = null;
      return;
    }
    if (!box) build();
    box.hidden = false;
    if (shownCode !== C.code) {
      shownCode = C.code;
      parts.qr.src = "/class/" + C.code + "/qr.svg";
      parts.code.textContent = C.code;
      // The address without its scheme: what a student types, in fewer letters.
      parts.link.textContent = (location.host + "/?class=" + C.code).replace(/^www\./, "");
    }
    const q = C.question;
    parts.question.hidden = !q;
    box.classList.toggle("has-question", !!q);
    if (!q) {
      shownQuestion = shownReveal = null;
      return;
    }
    if (shownQuestion !== q.id) {
      shownQuestion = q.id;
      shownReveal = null;
      parts.text.textContent = q.text;
      parts.bars.replaceChildren();
      parts.right.textContent = "";
    }
    const r = C.reveal;
    if (r && r.question_id === q.id && shownReveal !== q.id) {
      shownReveal = q.id;
      const said = BL.classQuestion && BL.classQuestion.said ? BL.classQuestion.said(r.correct) : String(r.correct);
      parts.right.textContent = "Right answer: " + said;
    }
  }

  function tally(nodes) {
    if (parts && shownQuestion) parts.bars.replaceChildren(...nodes);
  }

  BL.classProjector = { update: update, tally: tally };
})();
