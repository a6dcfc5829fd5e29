"""The class API through the app's own Flask server: who may do what, what bad
input gets, and that the right answers come from the engine."""

from __future__ import annotations

import numpy as np
import pytest
from dash.exceptions import PreventUpdate

from app import limits, state
from app.classroom import page, questions
from app.factory import create_app
from backprop_engine import MLP
from tests.class_api import as_key, join, lab, start
from tests.redis_server import redis_server


@pytest.fixture(scope="module", params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def client(request, tmp_path_factory):
    """The app's test client over each store: SQLite in a temp folder, a real Redis."""
    folder = tmp_path_factory.mktemp("data")
    patch = pytest.MonkeyPatch()
    patch.setenv("BACKPROP_LAB_DATA", str(folder))
    patch.delenv("BACKPROP_LAB_STORE", raising=False)
    try:
        if request.param == "sqlite":
            yield create_app().server.test_client()
            return
        with redis_server(folder) as url:
            patch.setenv("BACKPROP_LAB_STORE", url)
            yield create_app().server.test_client()
    finally:
        patch.undo()


def _class_with_lab(client):
    code, teacher = start(client)
    r = client.post(f"/class/{code}/publish", json={"lab": lab()}, headers=as_key(teacher))
    assert r.status_code == 200, r.get_data(as_text=True)
    return code, teacher


def test_a_student_follows_the_published_lab_and_polls_cheaply(client):
    code, teacher = start(client)
    student = join(client, code, "Ada")
    assert client.get(f"/class/{code}/state?since=1").get_json()["changed"] is False
    r = client.post(
        f"/class/{code}/publish", json={"lab": lab([0.7, 0.6])}, headers=as_key(teacher)
    )
    assert r.get_json() == {"version": 2}
    r = client.get(f"/class/{code}/state?since=1")
    body = r.get_json()
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    assert body["version"] == 2 and body["students"] == 1
    assert body["lab"]["net_state"] == lab()["net_state"]
    assert body["lab"]["view"]["losses"] == [0.7, 0.6]
    assert set(body["lab"]) >= {"config", "net_state", "view", "data", "example", "lr_log"}
    assert body["question"] is None and body["reveal"] is None
    assert client.get(f"/class/{code}/state?since=2").get_json()["changed"] is False
    assert student["code"] == code


def test_a_press_travels_with_the_state_it_started_from(client):
    code, teacher = start(client)
    before = lab()
    press = {
        "n": 7,
        "action": "train",
        "from": {k: before[k] for k in ("net_state", "example", "lr_log")},
    }
    r = client.post(
        f"/class/{code}/publish", json={"lab": before | {"press": press}}, headers=as_key(teacher)
    )
    assert r.status_code == 200, r.get_data(as_text=True)
    shared = client.get(f"/class/{code}/state").get_json()["lab"]
    assert shared["press"] == {"n": 7, "action": "train", "from": press["from"]}
    # later states name the press too; a state without one names none
    r = client.post(f"/class/{code}/publish", json={"lab": lab(example=3)}, headers=as_key(teacher))
    assert "press" not in client.get(f"/class/{code}/state").get_json()["lab"]

    def refused(bad):
        r = client.post(
            f"/class/{code}/publish", json={"lab": before | {"press": bad}}, headers=as_key(teacher)
        )
        assert r.status_code == 400, bad
        return r.get_json()["error"]

    assert "one of" in refused(press | {"action": "play"})
    assert "press number" in refused(press | {"n": -1})
    assert "press number" in refused(press | {"n": True})
    assert "{n, action, from}" in refused(press | {"extra": 1})
    assert "{n, action, from}" in refused([7, "train"])
    assert "from" in refused(press | {"from": "step 0"})
    assert "network" in refused(press | {"from": press["from"] | {"net_state": {"run": 0}}})
    assert "example" in refused(press | {"from": press["from"] | {"example": 10**6}})
    other_run = press["from"]["net_state"] | {"run": 5}
    assert "run" in refused(press | {"from": press["from"] | {"net_state": other_run}})
    assert client.get(f"/class/{code}/state").get_json()["lab"]["example"] == 3  # nothing kept


def test_only_the_teacher_drives_asks_tallies_and_reveals(client):
    code, _ = _class_with_lab(client)
    student = join(client, code)
    other_code, other_teacher = start(client)
    for key in (student["student_key"], other_teacher, "", "x" * 22):
        headers = as_key(key)
        assert (
            client.post(f"/class/{code}/publish", json={"lab": lab()}, headers=headers).status_code
            == 403
        )
        ask = {"question": {"kind": "loss"}}
        assert client.post(f"/class/{code}/ask", json=ask, headers=headers).status_code == 403
        assert client.get(f"/class/{code}/tally", headers=headers).status_code == 403
        assert client.post(f"/class/{code}/reveal", json={}, headers=headers).status_code == 403
    assert client.get(f"/class/{code}/state").get_json()["version"] == 2  # nothing changed
    assert other_code != code


def test_a_student_answers_only_for_themself(client):
    code, teacher = _class_with_lab(client)
    a, b = join(client, code), join(client, code)
    r = client.post(
        f"/class/{code}/ask", json={"question": {"kind": "loss"}}, headers=as_key(teacher)
    )
    qid = r.get_json()["question"]["id"]
    forged = a["student_id"] + "." + b["student_key"].split(".")[1]  # A's id, B's secret
    r = client.post(
        f"/class/{code}/answer", json={"question_id": qid, "answer": "up"}, headers=as_key(forged)
    )
    assert r.status_code == 403 and "error" in r.get_json()
    r = client.post(
        f"/class/{code}/answer", json={"question_id": qid, "answer": "up"}, headers=as_key(teacher)
    )
    assert r.status_code == 403
    tally = client.get(f"/class/{code}/tally", headers=as_key(teacher)).get_json()
    assert tally["answered"] == 0 and tally["students"] == 2
    # A student of another class cannot answer here either.
    other, _ = _class_with_lab(client)
    stranger = join(client, other)
    r = client.post(
        f"/class/{code}/answer",
        json={"question_id": qid, "answer": "up"},
        headers=as_key(stranger["student_key"]),
    )
    assert r.status_code == 403


def test_predict_tally_reveal_and_each_student_sees_if_they_were_right(client):
    code, teacher = _class_with_lab(client)
    a, b = join(client, code), join(client, code)
    ask = {"question": {"kind": "weight", "layer": 2, "row": 2, "col": 4}}
    q = client.post(f"/class/{code}/ask", json=ask, headers=as_key(teacher)).get_json()["question"]
    assert (q["kind"], q["layer"], q["row"], q["col"]) == ("weight", 2, 2, 4)
    polled = client.get(f"/class/{code}/state").get_json()
    assert polled["question"]["id"] == q["id"] and polled["reveal"] is None
    assert "correct" not in str(polled)  # the answer stays on the server until the reveal
    for student, guess in ((a, "up"), (b, "down")):
        r = client.post(
            f"/class/{code}/answer",
            json={"question_id": q["id"], "answer": guess},
            headers=as_key(student["student_key"]),
        )
        assert r.status_code == 200
    tally = client.get(f"/class/{code}/tally", headers=as_key(teacher)).get_json()
    assert tally["counts"] == {"up": 1, "down": 1, "stays": 0} and tally["answered"] == 2
    shown = client.post(f"/class/{code}/reveal", json={}, headers=as_key(teacher)).get_json()[
        "reveal"
    ]
    numbers = shown["numbers"]
    assert numbers["after"] - numbers["before"] == pytest.approx(numbers["change"])
    assert shown["correct"] == ("up" if numbers["change"] > 0 else "down")
    for student, guess in ((a, "up"), (b, "down")):
        mine = client.get(f"/class/{code}/mine", headers=as_key(student["student_key"])).get_json()
        assert mine["answer"] == guess and mine["right"] == (guess == shown["correct"])
    late = client.post(
        f"/class/{code}/answer",
        json={"question_id": q["id"], "answer": "up"},
        headers=as_key(a["student_key"]),
    )
    assert late.status_code == 409


def test_the_typed_gradient_is_the_engines_for_the_shown_example(client):
    code, teacher = start(client)
    client.post(f"/class/{code}/publish", json={"lab": lab(example=5)}, headers=as_key(teacher))
    ask = {"question": {"kind": "gradient", "layer": 1, "row": 3, "col": 1}}  # W(1)[3, 1]
    client.post(f"/class/{code}/ask", json=ask, headers=as_key(teacher))
    student = join(client, code)
    shown = client.post(f"/class/{code}/reveal", json={}, headers=as_key(teacher)).get_json()[
        "reveal"
    ]
    # The same number straight from the engine: ∂L/∂W(1) = δ(1)·a(0)ᵀ for example 5.
    setup = state.read_setup(state.DEFAULT_CONFIG, lab()["net_state"], 0.0, 5)
    ds = setup.data
    net = MLP.from_dict(lab()["net_state"]["net_json"])
    grad = net.backward(net.forward(ds.X[5:6]), ds.Y[5:6]).grad_w[0][2, 0]
    assert shown["correct"] == pytest.approx(float(grad), rel=1e-3)
    assert np.isfinite(shown["numbers"]["tolerance"])
    assert student["version"] >= 3


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ({"kind": "guess"}, "kind"),
        ({"kind": "weight", "layer": 9, "row": 1, "col": 1}, "layer"),
        ({"kind": "gradient", "layer": 1, "row": 5, "col": 1}, "neuron"),
        ({"kind": "gradient", "layer": 1, "row": 0, "col": 1}, "neuron"),  # counted from 1
        ({"kind": "weight", "layer": 1, "row": 1, "col": 3}, "input"),
        ("weight", "object"),
    ],
)
def test_a_bad_question_gets_a_sentence_and_changes_nothing(client, question, sentence):
    code, teacher = _class_with_lab(client)
    r = client.post(f"/class/{code}/ask", json={"question": question}, headers=as_key(teacher))
    assert r.status_code == 400 and sentence in r.get_json()["error"]
    assert client.get(f"/class/{code}/state?since=2").get_json()["changed"] is False


@pytest.mark.parametrize("given", ["sideways", 3, None, {"layer": 1}, [1]])
def test_a_bad_answer_gets_a_sentence(client, given):
    code, teacher = _class_with_lab(client)
    q = client.post(
        f"/class/{code}/ask", json={"question": {"kind": "loss"}}, headers=as_key(teacher)
    ).get_json()["question"]
    student = join(client, code)
    r = client.post(
        f"/class/{code}/answer",
        json={"question_id": q["id"], "answer": given},
        headers=as_key(student["student_key"]),
    )
    assert r.status_code == 400 and r.get_json()["error"].endswith(".")


def test_bad_codes_and_bodies_are_refused_with_a_sentence(client):
    for code in ("nope", "ABCDEFG0", "A" * 40, "<script>"):
        r = client.post("/class/join", json={"code": code})
        assert r.status_code == 404 and "code" in r.get_json()["error"]
    assert client.get("/class/ZZZZZZZZ/state").status_code == 404
    assert client.post("/class/start", data="{}", content_type="text/plain").status_code == 415
    assert (
        client.post("/class/start", data="[[[", content_type="application/json").status_code == 400
    )
    deep = "[" * 100 + "]" * 100
    assert (
        client.post("/class/start", data=deep, content_type="application/json").status_code == 400
    )
    code, teacher = _class_with_lab(client)
    damaged = lab() | {"net_state": {"net_json": {}, "step": 0, "run": 0}}
    r = client.post(f"/class/{code}/publish", json={"lab": damaged}, headers=as_key(teacher))
    assert r.status_code == 400 and "network" in r.get_json()["error"]
    r = client.get(f"/class/{code}/state?since=-1")
    assert r.status_code == 400
    long_name = client.post("/class/join", json={"code": code, "nickname": "x" * 25})
    assert long_name.status_code == 400
    assert client.post("/class/join", json={"code": code, "nickname": "a\nb"}).status_code == 400


def _own_app(tmp_path, monkeypatch):
    """An app with a store of its own (SQLite in tmp_path), for counts that must start at 0."""
    monkeypatch.setenv("BACKPROP_LAB_DATA", str(tmp_path))
    monkeypatch.delenv("BACKPROP_LAB_STORE", raising=False)
    return create_app().server.test_client()


def test_guessing_codes_is_rate_limited_for_the_address(tmp_path, monkeypatch):
    guesser = _own_app(tmp_path, monkeypatch)
    code, _ = start(guesser)
    statuses = [
        guesser.post("/class/join", json={"code": "QQQQQQQQ"}).status_code
        for _ in range(limits.MAX_JOINS_PER_MINUTE // limits.BAD_CODE_WEIGHT + 1)
    ]
    assert statuses[0] == 404 and statuses[-1] == 429
    # Now even the right code waits: guessing the rest of a minute is no use.
    r = guesser.post("/class/join", json={"code": code})
    assert r.status_code == 429 and "wait" in r.get_json()["error"]


def test_a_class_holds_at_most_its_students(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CLASS_STUDENTS", 3)
    small = _own_app(tmp_path, monkeypatch)
    code, _ = start(small)
    for _ in range(3):
        join(small, code)
    r = small.post("/class/join", json={"code": code})
    assert r.status_code == 409 and "full" in r.get_json()["error"]


def test_the_qr_code_is_an_svg_of_the_class_link_made_offline(client):
    code, _ = start(client)
    r = client.get(f"/class/{code}/qr.svg")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert r.get_data(as_text=True).startswith("<svg") and "<script" not in r.get_data(as_text=True)
    assert client.get("/class/not-a-code/qr.svg").status_code == 404


def test_a_question_reads_in_the_pages_notation_and_lists_its_choices(client):
    code, teacher = _class_with_lab(client)
    ask = {"question": {"kind": "weight", "layer": 1, "row": 1, "col": 2}}
    q = client.post(f"/class/{code}/ask", json=ask, headers=as_key(teacher)).get_json()["question"]
    assert "W(1)[1, 2]" in q["text"] and q["choices"] == ["up", "down", "stays"]


def test_a_store_that_cannot_be_opened_gets_a_503_and_a_sentence(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    client = _own_app(blocked, monkeypatch)  # the data folder cannot be made here
    r = client.post("/class/start", json={})
    assert r.status_code == 503 and r.get_json()["error"].endswith("try again soon.")


def test_a_class_network_of_other_sizes_gets_its_own_diagram():
    figure = page.diagram([2, 3, 1])
    assert figure is not None
    for bad in (None, "2,3,1", [2, 99, 1], [2, True, 1], [2] * 40):
        with pytest.raises(PreventUpdate):
            page.diagram(bad)


def test_the_tally_of_hidden_neurons_keeps_the_diagrams_order():
    answers = [{"layer": 2, "index": 0}, {"layer": 1, "index": 10}, {"layer": 1, "index": 2}]
    counts = questions.tally("delta", answers + answers[:1])["counts"]
    assert list(counts) == ["1:2", "1:10", "2:0"] and counts["2:0"] == 2
