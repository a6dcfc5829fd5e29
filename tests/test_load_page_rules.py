"""The load tests read Play's pace and steps from the page a browser gets
(benchmarks/load/page_rules.py), so they follow the protocol as it changes."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from app import rules
from app.factory import create_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks" / "load"))
from lab_client import Answer, layout_props
from page_rules import page_rules, play_from


class _Page:
    """The app's pages through Flask's test client, as the lab client's Http gives them."""

    def __init__(self) -> None:
        self.client = create_app().server.test_client()

    def get(self, path: str) -> Answer:
        r = self.client.get(path)
        return Answer(r.status_code, r.data, dict(r.headers))


@pytest.fixture(scope="module")
def page() -> _Page:
    return _Page()


def test_the_load_tests_play_at_the_pages_pace_and_default_speed(page):
    play = play_from(page_rules(page), layout_props(json.loads(page.get("/_dash-layout").body)))
    default_steps = next(n for _, value, n in rules.SPEEDS if value == rules.DEFAULT_SPEED)
    assert play.pace_s == rules.PLAY_PACE_MS / 1000
    assert play.steps == default_steps


def test_a_page_without_its_rules_is_refused():
    class Empty:
        def get(self, path: str) -> Answer:
            return Answer(200, b"<html></html>")

    with pytest.raises(RuntimeError, match="no rules block"):
        page_rules(Empty())
