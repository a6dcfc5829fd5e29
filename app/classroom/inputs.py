"""Every value a class request carries, read once into a typed value.

A request that cannot be read gets a `RefusalError`: a status and one sentence, which
the routes answer as {"error": sentence}. Nothing past this module checks again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import flask
from werkzeug.exceptions import RequestEntityTooLarge

from app import hardening, limits, rules
from app.classroom import secrets_
from app.state import Setup, read_int, read_setup

HEADER = "X-Class-Key"  # the teacher's key, or a student's "<id>.<key>"
_STUDENT_ID = re.compile(r"[A-Za-z0-9_-]{12}")
MAX_VERSION = 2**53
ACTIONS = ("start", "forward", "backward", "update", "train", "play", "example", "lr", "reset")
PRESSES = ("forward", "backward", "update", "train")  # the buttons a class watches played


class RefusalError(Exception):
    """A request refused: its HTTP status and one sentence for the page."""

    def __init__(self, status: int, sentence: str) -> None:
        super().__init__(sentence)
        self.status = status
        self.sentence = sentence


@dataclass(frozen=True)
class StudentKey:
    student_id: str
    token: str


def body() -> dict[str, Any]:
    """The request's JSON object: JSON only, bounded in size and nesting (as the
    lab's own callback requests are, app/hardening.py)."""
    try:
        found = hardening.read_json(flask.request)
    except hardening.NotJsonError:
        raise RefusalError(415, "Send JSON (Content-Type: application/json).") from None
    except RequestEntityTooLarge:
        limit = limits.MAX_REQUEST_BYTES
        raise RefusalError(413, f"The request is larger than {limit} bytes.") from None
    except hardening.BadCallbackRequestError as err:
        raise RefusalError(400, f"The request could not be read: {err}.") from None
    if not isinstance(found, dict):
        raise RefusalError(400, "The request must be a JSON object.")
    return found


def code(raw: Any) -> str:
    found = secrets_.normal_code(raw) if isinstance(raw, str) and len(raw) <= 32 else None
    if found is None:
        raise RefusalError(
            404, f"A class code has {limits.CLASS_CODE_LENGTH} letters and digits; check it."
        )
    return found


def nickname(raw: Any) -> str:
    """An optional name a student picks: plain text, one line, at most
    MAX_NICKNAME_CHARS characters (the page shows it as text, never as markup)."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise RefusalError(400, "A nickname must be text.")
    text = unicodedata.normalize("NFC", raw).strip()
    if len(text) > limits.MAX_NICKNAME_CHARS:
        raise RefusalError(400, f"A nickname has at most {limits.MAX_NICKNAME_CHARS} characters.")
    if any(unicodedata.category(ch)[0] == "C" for ch in text):
        raise RefusalError(400, "A nickname is one line of letters, digits and signs.")
    return text


def since() -> int | None:
    raw = flask.request.args.get("since")
    if raw is None:
        return None
    if not raw.isdigit() or len(raw) > 16 or int(raw) > MAX_VERSION:
        raise RefusalError(400, "since must be a version number.")
    return int(raw)


def teacher_key() -> str:
    raw = flask.request.headers.get(HEADER, "")
    if not secrets_.is_token(raw):
        raise RefusalError(403, "Only the teacher of this class may do this.")
    return raw


def student_key() -> StudentKey:
    sid, _, token = flask.request.headers.get(HEADER, "").partition(".")
    if not _STUDENT_ID.fullmatch(sid) or not secrets_.is_token(token):
        raise RefusalError(403, "Join the class first: this page has no student key for it.")
    return StudentKey(sid, token)


def losses(raw: Any) -> list[float | None]:
    """The teacher's loss curve, to draw on the students' pages."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > rules.LOSS_HISTORY:
        raise RefusalError(400, f"losses must be a list of at most {rules.LOSS_HISTORY} numbers.")
    out: list[float | None] = []
    for v in raw:
        if v is None:
            out.append(None)
        elif isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v) < 1e300:
            out.append(float(v))
        else:
            raise RefusalError(400, "losses must hold numbers (null where one was not finite).")
    return out


def action(raw: Any) -> str:
    if raw not in ACTIONS:
        raise RefusalError(400, f"action must be one of: {', '.join(ACTIONS)}.")
    return str(raw)


def press(raw: Any, setup: Setup) -> dict[str, Any] | None:
    """The teacher's last press of Forward, Backward, Update weights or Train step:
    {"n": its number, "action": which, "from": {net_state, example, lr_log}, the
    state it started from}. A student's page plays the same press from the same
    state; the step is worked out from the network, example and η alone, so it
    gets the teacher's numbers. The settings are the lab's own (`setup`)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"n", "action", "from"}:
        raise RefusalError(400, "press must be {n, action, from}.")
    n = read_int("the press number", raw["n"], 0, MAX_VERSION)
    if raw["action"] not in PRESSES:
        raise RefusalError(400, f"a press is one of: {', '.join(PRESSES)}.")
    start = raw["from"]
    if not isinstance(start, dict):
        raise RefusalError(400, "press.from must be {net_state, example, lr_log}.")
    get = start.get
    was = read_setup(setup.config, get("net_state"), get("lr_log"), get("example"))
    if was.net_state.run != setup.net_state.run:
        raise RefusalError(400, "A press starts from a network of the lab's own run.")
    started = {"net_state": was.net_state.as_json(), "example": was.example, "lr_log": was.lr_log}
    return {"n": n, "action": raw["action"], "from": started}
