"""The class API: JSON routes under /class/ on the app's Flask server.

    POST /class/start                 -> 201 {code, teacher_key, version}
    POST /class/join {code, nickname} -> 201 {code, student_id, student_key, version}
    GET  /class/CODE/state?since=V    -> {version, changed: false} when the class is still
                                         at version V, else {version, changed: true,
                                         students, lab, question, reveal}
    POST /class/CODE/publish {lab}    teacher: the lab's state after each change; with
                                         lab.press, the last button pressed and the state
                                         it started from, for students' pages to play it
    POST /class/CODE/ask {question}   teacher: a question; the server works out the answer
    POST /class/CODE/answer {question_id, answer}   a student, for themself only
    GET  /class/CODE/tally            teacher: the answers so far, counted
    POST /class/CODE/reveal           teacher: the right answer and the engine's numbers
    GET  /class/CODE/mine             a student: their answer, and whether it was right

The teacher's key, or a student's "<id>.<key>", travels in the X-Class-Key header.
Every refusal is a 4xx (503 if the store is down) with {"error": one sentence}.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from typing import Any

import flask
from dash import Dash

from app import limits, views
from app.classroom import inputs, questions, secrets_
from app.classroom.inputs import RefusalError
from app.classroom.store import ClassRecord, Store, StoreError, from_environment
from app.state import InputError, Setup, read_setup


def install(app: Dash, store: Store | None = None) -> None:
    server = app.server
    kept = store if store is not None else from_environment()  # connects on first use

    def route(rule: str, method: str) -> Callable[[Callable[..., Any]], Any]:
        def wrap(handler: Callable[..., flask.Response]) -> Any:
            def answer(**kwargs: Any) -> flask.Response:
                try:
                    response = handler(kept, **kwargs)
                except RefusalError as err:
                    response = _error(err.status, err.sentence)
                except InputError as err:
                    response = _error(400, _sentence(str(err)))
                except StoreError:
                    response = _error(503, "Classes are not available right now; try again soon.")
                response.headers["Cache-Control"] = "no-store"
                return response

            server.add_url_rule(
                rule, endpoint="class_" + handler.__name__, view_func=answer, methods=[method]
            )
            return handler

        return wrap

    route("/class/start", "POST")(start)
    route("/class/join", "POST")(join)
    route("/class/<code>/state", "GET")(state)
    route("/class/<code>/publish", "POST")(publish)
    route("/class/<code>/ask", "POST")(ask)
    route("/class/<code>/answer", "POST")(answer)
    route("/class/<code>/tally", "GET")(tally)
    route("/class/<code>/reveal", "POST")(reveal)
    route("/class/<code>/mine", "GET")(mine)


def _error(status: int, sentence: str) -> flask.Response:
    return _json({"error": sentence}, status)


def _json(value: Any, status: int = 200) -> flask.Response:
    return flask.Response(json.dumps(value), status=status, mimetype="application/json")


def _sentence(text: str) -> str:
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def _address() -> str:
    return flask.request.remote_addr or "unknown"


# ---------- starting and joining ----------
def start(store: Store) -> flask.Response:
    inputs.body()
    now = time.time()
    if store.hit(f"start:{_address()}", 1, 60, now) > limits.MAX_CLASS_STARTS_PER_MINUTE:
        raise RefusalError(429, "Too many classes were started from here; wait a minute.")
    for _ in range(5):  # a taken code is astronomically rare; try another
        code, key = secrets_.new_code(), secrets_.new_token()
        if store.create_class(code, secrets_.digest(key), now):
            return _json({"code": code, "teacher_key": key, "version": 1}, 201)
    raise StoreError("no free class code")


def join(store: Store) -> flask.Response:
    b = inputs.body()
    now, address = time.time(), f"join:{_address()}"
    if store.hit(address, 1, 60, now) > limits.MAX_JOINS_PER_MINUTE:
        raise RefusalError(429, "Too many tries to join from this network; wait a minute.")
    try:
        code = inputs.code(b.get("code"))
    except RefusalError:
        store.hit(address, limits.BAD_CODE_WEIGHT - 1, 60, now)  # guessing costs more
        raise
    nickname = inputs.nickname(b.get("nickname"))
    student_id, token = secrets.token_urlsafe(9), secrets_.new_token()
    joined = store.add_student(
        code, student_id, secrets_.digest(token), nickname, limits.MAX_CLASS_STUDENTS, now
    )
    if joined == "gone":
        store.hit(address, limits.BAD_CODE_WEIGHT - 1, 60, now)
        raise RefusalError(404, "No class has this code; check it with your teacher.")
    if joined == "full":
        raise RefusalError(409, f"This class is full ({limits.MAX_CLASS_STUDENTS} students).")
    version = store.version(code, now) or 1
    key = f"{student_id}.{token}"
    joined_as = {"code": code, "student_id": student_id, "student_key": key, "version": version}
    return _json(joined_as, 201)


# ---------- following ----------
def state(store: Store, code: str) -> flask.Response:
    code, since, now = inputs.code(code), inputs.since(), time.time()
    if since is not None and store.version(code, now) == since:
        # One number read: the cheap answer most polls get. A 200 with a length,
        # not a 204: waitress closes the connection after a 204, and a class of
        # browsers would open a new one every second.
        return _json({"version": since, "changed": False})
    found = _class(store, code)
    f = found.fields
    # The stored texts are spliced in as they are: checked when written, never re-parsed.
    text = (
        f'{{"version": {found.version}, "changed": true, "students": {found.students}, '
        f'"lab": {f["lab"] or "null"}, "question": {f["question"] or "null"}, '
        f'"reveal": {f["reveal"] or "null"}}}'
    )
    return flask.Response(text, status=200, mimetype="application/json")


def _class(store: Store, code: str) -> ClassRecord:
    found = store.get_class(code, time.time())
    if found is None:
        raise RefusalError(404, "No class has this code (classes end after a day).")
    return found


def _teacher(store: Store, code: str) -> ClassRecord:
    found = _class(store, inputs.code(code))
    if not secrets_.matches(inputs.teacher_key(), found.teacher_digest):
        raise RefusalError(403, "Only the teacher of this class may do this.")
    return found


def _student(store: Store, code: str) -> tuple[ClassRecord, str]:
    found = _class(store, inputs.code(code))
    key = inputs.student_key()
    kept = store.student_digest(found.code, key.student_id)
    if kept is None or not secrets_.matches(key.token, kept):
        raise RefusalError(403, "This page's key does not belong to a student of this class.")
    return found, key.student_id


# ---------- the teacher drives ----------
def _setup(lab: dict[str, Any]) -> Setup:
    get = lab.get
    return read_setup(get("config"), get("net_state"), get("lr_log"), get("example"))


def publish(store: Store, code: str) -> flask.Response:
    found = _teacher(store, code)
    lab = inputs.body().get("lab")
    if not isinstance(lab, dict):
        raise RefusalError(400, "publish needs the lab's state: {lab: {config, net_state, ...}}.")
    setup = _setup(lab)
    # What a student's page needs to show the same thing: the stores of a loaded
    # set-up, computed here once rather than by each of the class's pages.
    shown = views.start_from(setup.config, setup.net_state)
    losses = inputs.losses(lab.get("losses"))
    if losses:
        shown["view"]["losses"] = losses
    doc = {
        "config": setup.config,
        "lr_log": setup.lr_log,
        "example": setup.example,
        "action": inputs.action(lab.get("action", "start")),
        **shown,
    }
    pressed = inputs.press(lab.get("press"), setup)
    if pressed is not None:
        doc["press"] = pressed
    try:  # what students' browsers parse must be strict JSON
        text = json.dumps(doc, separators=(",", ":"), allow_nan=False)
    except ValueError:
        raise RefusalError(400, "The network holds a number that is not finite.") from None
    if len(text) > limits.MAX_CLASS_STATE_BYTES:
        raise RefusalError(413, "This network is too large to share with a class.")
    version = store.update(found.code, {"lab": text}, time.time())
    return _json({"version": version})


def _lab(found: ClassRecord) -> dict[str, Any]:
    if not found.fields["lab"]:
        raise RefusalError(409, "The class has no network yet: the teacher's page shares it first.")
    lab: dict[str, Any] = json.loads(found.fields["lab"])
    return lab


def ask(store: Store, code: str) -> flask.Response:
    found = _teacher(store, code)
    lab = _lab(found)
    question = questions.read_question(inputs.body().get("question"), lab["config"]["sizes"])
    setup = _setup(lab)
    solved = questions.solve(question, setup)
    public = {
        "id": secrets.token_urlsafe(6),
        **question.as_json(),
        "text": questions.describe(question),
        "choices": list(questions.CHOICES.get(question.kind, ())),
        "step": setup.net_state.step,
        "example": setup.example,
        "lr_log": setup.lr_log,
    }
    # allow_nan=False: what students' browsers parse must be strict JSON.
    answer_text = json.dumps(solved, allow_nan=False)
    changes = {"question": json.dumps(public), "answer": answer_text, "reveal": ""}
    version = store.update(found.code, changes, time.time())
    return _json({"version": version, "question": public})


def _question(found: ClassRecord) -> dict[str, Any]:
    if not found.fields["question"]:
        raise RefusalError(409, "No question is open.")
    question: dict[str, Any] = json.loads(found.fields["question"])
    return question


def tally(store: Store, code: str) -> flask.Response:
    found = _teacher(store, code)
    question = _question(found)
    given = [json.loads(v) for v in store.answers(found.code, question["id"]).values()]
    counted = questions.tally(question["kind"], given)
    return _json(
        {"question_id": question["id"], "answered": len(given), "students": found.students}
        | counted
    )


def reveal(store: Store, code: str) -> flask.Response:
    found = _teacher(store, code)
    question = _question(found)
    shown = {"question_id": question["id"], **json.loads(found.fields["answer"])}
    version = store.update(found.code, {"reveal": json.dumps(shown)}, time.time())
    return _json({"version": version, "reveal": shown})


# ---------- a student answers ----------
def answer(store: Store, code: str) -> flask.Response:
    found, student_id = _student(store, code)
    b = inputs.body()
    question = _question(found)
    if b.get("question_id") != question["id"]:
        raise RefusalError(409, "That question is closed; answer the one on screen now.")
    if found.fields["reveal"]:
        raise RefusalError(409, "The answer has been shown already.")
    sizes = _lab(found)["config"]["sizes"]
    given = questions.read_answer(question["kind"], b.get("answer"), sizes)
    store.put_answer(found.code, question["id"], student_id, json.dumps(given))
    return _json({"question_id": question["id"], "answer": given})


def mine(store: Store, code: str) -> flask.Response:
    found, student_id = _student(store, code)
    question = _question(found)
    kept = store.answers(found.code, question["id"]).get(student_id)
    given = None if kept is None else json.loads(kept)
    right = None
    if found.fields["reveal"] and given is not None:
        right = questions.is_right(question["kind"], given, json.loads(found.fields["reveal"]))
    return _json({"question_id": question["id"], "answer": given, "right": right})
