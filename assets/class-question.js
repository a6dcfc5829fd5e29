/* Predict, then reveal (BackpropLab.classQuestion): the question on every page of
 * a class, the students' answer controls, the teacher's live tally, and the reveal
 * with the engine's numbers. The class state comes from BackpropLab.classroom's
 * polls (render(C)); answers go to the class API (app/classroom/routes.py). All
 * text is set as text, never as markup: nicknames and numbers cannot inject.
 * "Which hidden neuron has the largest |δ|" is answered by clicking the neuron in
 * the diagram (onPick, on the event bl:diagram-click)
 * or with its button; the diagram rings the choice, and after the reveal the right
 * neuron (drawn over the diagram on bl:highlight, as the inspector draws its own). */
(function () {
  "use strict";
  const BL = (window.BackpropLab = window.BackpropLab || {});
  const U = () => BL.util;

  function el(name) {
    return document.getElementById(U().id(name));
  }

  function make(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (className) e.className = className;
    return e;
  }

  function fmt(v) {
    return U().fmt(v, 4);
  }

  function said(answer) {
    if (answer && typeof answer === "object") return "neuron " + (answer.index + 1) + " of hidden layer " + answer.layer; // counted as the diagram counts
    return typeof answer === "number" ? fmt(answer) : String(answer);
  }

  async function send(C, question, answer) {
    const out = el("CLASS_QUESTION").querySelector(".bl-class-mine");
    try {
      const r = await fetch("/class/" + C.code + "/answer", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Class-Key": C.key },
        body: JSON.stringify({ question_id: question.id, answer: answer }),
      });
      const data = await r.json();
      out.textContent = r.ok ? "Your answer: " + said(data.answer) + ". You may change it until the reveal." : data.error;
    } catch (e) {
      out.textContent = "Your answer did not reach the class; press again.";
    }
  }

  // The controls a student answers with, by the question's kind.
  // ---------- a hidden neuron, chosen in the diagram ----------
  let picked = null; // {id: the question's, layer, index}: this page's choice, ringed

  function choose(C, q, answer) {
    picked = { id: q.id, layer: answer.layer, index: answer.index };
    const text = JSON.stringify(answer);
    el("CLASS_QUESTION").querySelectorAll(".bl-class-choice").forEach(function (b) {
      b.classList.toggle("is-mine", b.dataset.answer === text);
      b.setAttribute("aria-pressed", b.dataset.answer === text ? "true" : "false");
    });
    repaint();
    send(C, q, answer);
  }

  function onPick(clickData) {
    const C = BL.classroom && BL.classroom.state;
    const q = C && C.question;
    const p = clickData && clickData.points && clickData.points[0];
    const open = q && q.kind === "delta" && !(C.reveal && C.reveal.question_id === q.id);
    if (!open || C.role !== "student" || !p || !BL.draw.base) return;
    const m = BL.draw.base.layout.meta;
    const cd = p.customdata;
    if (p.curveNumber !== m.neurons || !Array.isArray(cd) || cd.length !== 2 || !cd.every(Number.isInteger)) return;
    if (cd[0] < 1 || cd[0] >= m.sizes.length - 1 || cd[1] >= m.sizes[cd[0]]) {
      el("CLASS_QUESTION").querySelector(".bl-class-mine").textContent = "Click a neuron of a hidden layer: only they answer this question.";
      return;
    }
    choose(C, q, { layer: cd[0], index: cd[1] });
  }

  function repaint() {
    if (BL.draw && BL.draw.repaint) BL.draw.repaint();
  }

  // Rings over the diagram: this page's choice (blue) and, once shown, the right neuron (green).
  function ring(e) {
    const C = BL.classroom && BL.classroom.state;
    const q = C && C.question;
    const data = e.detail.data;
    const m = e.detail.layout.meta;
    if (!q || q.kind !== "delta" || !m) return;
    const rings = [];
    if (picked && picked.id === q.id) rings.push([picked, "#0d6efd", 12, "your choice"]);
    const r = C.reveal;
    if (r && r.question_id === q.id && r.correct && typeof r.correct === "object") rings.push([r.correct, "#198754", 24, "the right answer"]);
    const nd = data[m.neurons];
    rings.forEach(function ([n, colour, grow, what]) {
      let idx = n.index;
      for (let l = 0; l < n.layer; l++) idx += m.sizes[l];
      if (!(n.layer >= 1 && n.layer < m.sizes.length - 1 && idx < nd.x.length)) return;
      data.push({
        type: "scatter",
        mode: "markers",
        x: [nd.x[idx]],
        y: [nd.y[idx]],
        marker: { symbol: "circle-open", size: (BL.draw.neuronPx || 36) + grow, line: { width: 4, color: colour }, color: colour },
        hoverinfo: "skip", // a click goes through to the neuron below
        showlegend: false,
        name: what,
      });
    });
  }
  document.addEventListener("bl:highlight", ring);

  function controls(C, q) {
    const box = make("div", null, "bl-class-answers");
    const button = (label, answer, pick) => {
      const b = make("button", label, "btn btn-outline-primary btn-sm bl-class-choice");
      b.type = "button";
      b.dataset.answer = typeof answer === "string" ? answer : JSON.stringify(answer);
      b.addEventListener("click", () => (pick ? choose(C, q, answer) : send(C, q, answer)));
      box.appendChild(b);
    };
    if (q.choices && q.choices.length) q.choices.forEach((c) => button(c, c));
    else if (q.kind === "delta") {
      const sizes = (C.lab && C.lab.config.sizes) || [];
      box.appendChild(make("span", "Click the neuron in the diagram, or:", "bl-class-hint"));
      for (let l = 1; l < sizes.length - 1; l++) for (let i = 0; i < sizes[l]; i++) button("δ(" + l + ") #" + (i + 1), { layer: l, index: i }, true);
    } else {
      const input = make("input", null, "form-control form-control-sm bl-class-value");
      input.type = "number";
      input.step = "any";
      input.setAttribute("aria-label", "your value of ∂L/∂w");
      const b = make("button", "Send", "btn btn-outline-primary btn-sm bl-class-send");
      b.type = "button";
      b.addEventListener("click", () => {
        const v = Number(input.value);
        if (input.value.trim() === "" || !isFinite(v)) el("CLASS_QUESTION").querySelector(".bl-class-mine").textContent = "Type a number first.";
        else send(C, q, v);
      });
      box.append(input, b);
    }
    return box;
  }

  function render(C) {
    draw(C);
    if (BL.classProjector) BL.classProjector.update(C);
  }

  function draw(C) {
    const box = el("CLASS_QUESTION");
    const result = el("CLASS_RESULT");
    const q = C.question;
    if (!q) {
      if (C.shownQuestion) repaint();
      box.replaceChildren();
      result.replaceChildren();
      C.shownQuestion = null;
      return;
    }
    if (C.shownQuestion !== q.id) {
      C.shownQuestion = q.id;
      C.shownReveal = null;
      result.replaceChildren();
      const parts = [make("p", q.text, "bl-class-text")];
      if (C.role === "student") {
        parts.push(controls(C, q), make("p", "", "bl-class-mine"));
        // The panel may be below the screen: the line under the buttons says where to answer.
        const where = q.kind === "delta" ? "Click the neuron in the diagram, or answer in the Class panel." : "Answer in the Class panel.";
        BL.lab.status("Your teacher asks: " + q.text + " " + where, "note");
      }
      else el("CLASS_TALLY").replaceChildren();
      box.replaceChildren(...parts);
      repaint(); // rings of an earlier question go
    }
    if (C.reveal && C.reveal.question_id === q.id && C.shownReveal !== q.id) {
      C.shownReveal = q.id;
      showReveal(C, q, C.reveal);
    }
  }

  function numbers(q, r) {
    const n = r.numbers || {};
    const w = "W(" + q.layer + ")[" + q.row + ", " + q.col + "]"; // counted from 1, as the diagram counts
    if (q.kind === "weight") return w + ": " + fmt(n.before) + " → " + fmt(n.after) + " (change " + fmt(n.change) + "; ∂L/∂w on the mini-batch " + fmt(n.grad) + ", η = " + fmt(n.lr) + ")";
    if (q.kind === "loss") return "Loss on the training points: " + fmt(n.before) + " → " + fmt(n.after) + " at η = " + fmt(n.lr);
    if (q.kind === "delta") return (n.delta || []).map((d, l) => "δ(" + (l + 1) + ") = [" + d.map(fmt).join(", ") + "]").join("; ");
    return "∂L/∂" + w + " = " + fmt(n.value) + " for example #" + (n.example + 1) + " (answers within ±" + fmt(n.tolerance) + " count)";
  }

  async function showReveal(C, q, r) {
    const result = el("CLASS_RESULT");
    const parts = [make("p", "Right answer: " + said(r.correct), "bl-class-right"), make("p", numbers(q, r), "bl-class-numbers")];
    result.replaceChildren(...parts);
    if (q.kind === "delta") repaint();
    el("CLASS_QUESTION").querySelectorAll(".bl-class-choice").forEach((b) => {
      b.disabled = true;
      if (b.dataset.answer === (typeof r.correct === "string" ? r.correct : JSON.stringify(r.correct))) b.classList.add("is-right");
    });
    if (C.role !== "student") return;
    try {
      const mine = await (await fetch("/class/" + C.code + "/mine", { headers: { "X-Class-Key": C.key }, cache: "no-store" })).json();
      const verdict = mine.answer === null ? "You did not answer this one." : mine.right ? "You were right." : "Not this time: you answered " + said(mine.answer) + ".";
      result.appendChild(make("p", verdict, "bl-class-verdict " + (mine.right ? "is-right" : "is-wrong")));
    } catch (e) {
      /* the verdict is a courtesy: the right answer is on screen already */
    }
  }

  // The teacher's live tally: a bar per choice (or per neuron), or a histogram.
  function tally(t) {
    const box = el("CLASS_TALLY");
    if (!box || !t) return;
    const neuron = (key) => key.split(":").map(Number); // "layer:index" of a hidden neuron
    const label = (key) => (/^\d+:\d+$/.test(key) ? "δ(" + neuron(key)[0] + ") #" + (neuron(key)[1] + 1) : key);
    const rows = t.counts ? Object.entries(t.counts).map((r) => [label(r[0]), r[1]]) : (t.bins || []).map((b) => [fmt(b.lo) + " … " + fmt(b.hi), b.count]);
    const most = Math.max(1, ...rows.map((r) => r[1]));
    const bars = rows.map(function (row) {
      const line = make("div", null, "bl-class-bar");
      const fill = make("span", null, "bl-class-fill");
      fill.style.width = (100 * row[1]) / most + "%";
      line.append(make("span", row[0], "bl-class-label"), fill, make("span", String(row[1]), "bl-class-count"));
      return line;
    });
    box.replaceChildren(make("p", t.answered + " of " + t.students + (t.students === 1 ? " student" : " students") + " answered", "bl-class-answered"), ...bars);
    if (BL.classProjector) BL.classProjector.tally([...box.childNodes].map((n) => n.cloneNode(true)));
  }

  document.addEventListener("bl:diagram-click", (e) => onPick(e.detail && e.detail.clickData));

  BL.classQuestion = { render: render, tally: tally, onPick: onPick, said: said };
})();
