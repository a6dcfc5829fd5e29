"""Talking to the class API from tests: a teacher and students over any client that
has .post/.get like Flask's test client (tests) or a small HTTP wrapper (servers)."""

from __future__ import annotations

from typing import Any

from app import state, views

HEADER = "X-Class-Key"


def lab(step_losses: list[float] | None = None, example: int = 0) -> dict[str, Any]:
    """A lab state as the teacher's page publishes it: the default set-up at step 0."""
    fresh = views.fresh_start(state.DEFAULT_CONFIG, run=0)
    return {
        "config": dict(state.DEFAULT_CONFIG),
        "net_state": fresh["net_state"],
        "lr_log": 0.0,
        "example": example,
        "losses": step_losses or [],
        "action": "start",
    }


def start(client: Any) -> tuple[str, str]:
    r = client.post("/class/start", json={})
    assert r.status_code == 201, r.get_data(as_text=True)
    body = r.get_json()
    return body["code"], body["teacher_key"]


def join(client: Any, code: str, nickname: str | None = None) -> dict[str, Any]:
    r = client.post("/class/join", json={"code": code, "nickname": nickname})
    assert r.status_code == 201, r.get_data(as_text=True)
    return dict(r.get_json())


def as_key(key: str) -> dict[str, str]:
    return {HEADER: key}
