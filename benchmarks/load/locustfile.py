"""A class of students against one server, for locust.

Each simulated student opens the page (HTML, layout, callback list), then either
clicks Train step and watches the animation for a few seconds, or runs Play
mode at the page's default speed: a batch of training steps per request, the next
request once the answer is in and no sooner than Play's pace after the last (both
read from the page: page_rules.py). Requests go out exactly as the page's JavaScript sends
them (tests/lab_client.py knows the protocol and finds the callbacks by the ids
they read and write), so this follows the page as it changes. Which students
take part is chosen with locust's user-class arguments. Requests are named by
kind: "train step" (one step) and "play" (a batch of steps).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from locust import FastHttpUser, between, constant_pacing, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from lab_client import REQUEST_STORE, UPDATE_PATH, Answer, Http, Student
from page_rules import Play, page_rules, play_from


def request_name(path: str, body: bytes | None) -> str:
    """Callback requests named by what the student did, so each kind gets its own
    figures: a training request for one step is a Train step, for more it is Play."""
    if not path.endswith(UPDATE_PATH) or not body:
        return path
    doc = json.loads(body)
    changed = (doc.get("changedPropIds") or ["?"])[0]
    if changed != f"{REQUEST_STORE}.data":
        return changed
    steps = (doc["inputs"][0].get("value") or {}).get("steps")
    return "train step" if steps == 1 else "play"


class LocustHttp(Http):
    """The lab client's transport over locust's client, so every request is timed."""

    def __init__(self, user: FastHttpUser) -> None:
        super().__init__(user.host)
        self.client = user.client

    def request(self, method, path, body=None, headers=None) -> Answer:  # type: ignore[no-untyped-def]
        name = request_name(path, body)
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
        rules = page_rules(http)  # the page itself; its scripts come from the browser's cache
        self.student = Student(http)
        self.play_rules: Play = play_from(rules, self.student.props)


class ClickingStudent(_Student):
    """Presses Train step, then watches the step animate before the next press."""

    wait_time = between(2, 4)

    @task
    def train_step(self) -> None:
        self.student.train_step()


class PlayingStudent(_Student):
    """Play mode at the default speed: a batch of steps per request, paced as the page
    paces it (constant pacing waits what is left of Play's pace after the answer)."""

    def wait_time(self) -> float:
        return constant_pacing(self.play_rules.pace_s)(self)

    @task
    def play(self) -> None:
        reply = self.student.play(self.play_rules.steps)
        if reply["diverged"]:  # the page pauses here; this student starts over
            self.student.reset()
