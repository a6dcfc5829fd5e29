"""Play's pace and steps per request, read from the page a browser gets.

The page carries the rules it shares with the server as a JSON block
(`<script id="bl-rules">`: `speeds`, `play_pace_ms`, `default_steps`, from
app/rules.py), and its layout gives the speed control's starting value. The load
tests read both from the running server instead of repeating the numbers, so they
follow the Play protocol whatever it becomes. Standard library only: locust's own
virtual environment imports this file too.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from lab_client import SPEED_CONTROL, Http, layout_props

_RULES_BLOCK = re.compile(r'<script id="bl-rules" type="application/json">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Play:
    pace_s: float  # the least time between two Play requests of one student
    steps: int  # steps per request at the speed the page starts with


def page_rules(http: Http) -> dict:
    """The rules block of the page at "/"."""
    answer = http.get("/")
    found = _RULES_BLOCK.search(answer.text)
    if answer.status != 200 or not found:
        raise RuntimeError(f"the page at / has no rules block (status {answer.status})")
    return json.loads(found.group(1))  # "<\/" in the block is JSON's escaped "/"


def play_from(rules: dict, props: dict[str, dict]) -> Play:
    """Play's pacing from the rules block and the layout's props (id -> props)."""
    speed = props.get(SPEED_CONTROL, {}).get("value")
    steps = {s["value"]: s["steps"] for s in rules["speeds"]}
    return Play(rules["play_pace_ms"] / 1000.0, steps.get(speed, rules["default_steps"]))


def play_of(base_url: str) -> Play:
    """Play's pacing as the page at `base_url` runs it."""
    http = Http(base_url)
    try:
        rules = page_rules(http)
        props = layout_props(json.loads(http.get("/_dash-layout").body))
    finally:
        http.close()
    return play_from(rules, props)
