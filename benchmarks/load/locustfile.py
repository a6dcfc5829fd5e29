"""A class of students against one server, for locust.

Each simulated student opens the page (HTML, layout, callback list), then either
clicks Train step and watches the animation for a few seconds, or runs Play
mode, asking for training steps five times a second. Requests go out exactly as
the page's JavaScript sends them (tests/lab_client.py knows the protocol and finds
the callbacks by the ids they read and write), so this follows the page as it
changes. Which students take part is chosen with locust's user-class arguments.
"""

from __future__ import annotations

import sys
from pathlib import Path

from locust import FastHttpUser, between, constant_pacing, task

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from lab_client import Answer, Http, Student

PLAY_REQUESTS_PER_SECOND = 5


class LocustHttp(Http):
    """The lab client's transport over locust's client, so every request is timed."""

    def __init__(self, user: FastHttpUser) -> None:
        super().__init__(user.host)
        self.client = user.client

    def request(self, method, path, body=None, headers=None) -> Answer:  # type: ignore[no-untyped-def]
        name = "train step" if path.endswith("_dash-update-component") else path
        with self.client.request(
            method, path, data=body, headers=headers or {}, name=name, catch_response=True
        ) as resp:
            if resp.status_code not in (200, 204):
                resp.failure(f"status {resp.status_code}")
            return Answer(resp.status_code, resp.content or b"", dict(resp.headers or {}))


class _Student(FastHttpUser):
    abstract = True

    def on_start(self) -> None:
        http = LocustHttp(self)
        http.get("/")  # the page itself; its scripts come from the browser's cache
        self.student = Student(http)


class ClickingStudent(_Student):
    """Presses Train step, then watches the step animate before the next press."""

    wait_time = between(2, 4)

    @task
    def train_step(self) -> None:
        self.student.train_step()


class PlayingStudent(_Student):
    """Play mode: a training step requested five times a second."""

    wait_time = constant_pacing(1 / PLAY_REQUESTS_PER_SECOND)

    @task
    def play(self) -> None:
        self.student.train_step()
