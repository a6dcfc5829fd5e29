"""The rules the page's JavaScript uses come from Python, as data in the page:
every element id of app/ids.py, the limits, and Play's pacing, read back from the
HTML the server sends."""

from __future__ import annotations

import json
import re

import lab_client

from app import ids, limits, rules
from app.factory import create_app


def page_rules() -> dict:
    html = create_app().server.test_client().get("/").data.decode()
    found = re.search(r'<script id="bl-rules" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the page has no rules block"
    # before the renderer and every asset script, so the JS can read it at any time
    assert found.start() < html.index("<script src=")
    return json.loads(found.group(1))


def test_the_rules_block_carries_every_element_id():
    block = page_rules()
    want = {k: v for k, v in vars(ids).items() if k.isupper()}
    assert block["ids"] == want
    assert block["ids"]["STEP_BTN"] == "step-btn"


def test_the_rules_block_carries_the_limits_and_history():
    block = page_rules()
    assert block["limits"]["MAX_STEPS_PER_REQUEST"] == limits.MAX_STEPS_PER_REQUEST
    assert block["limits"]["MAX_NEURONS"] == limits.MAX_NEURONS
    assert block["history"] == {"losses": 2000, "grad_norms": 120, "steps": 20}
    assert block["datasets"]["regression"] == list(rules.REGRESSION)
    assert block["outputs"]["regression"] == {"mse": "linear"}
    assert list(block["activation_names"]) == list(rules.ACTIVATIONS)


def test_a_value_cannot_end_the_rules_block_early():
    assert (
        "</" not in rules.script_tag()[len('<script id="bl-rules" type="application/json">') : -9]
    )


def test_the_lab_clients_play_pacing_is_the_pages():
    block = page_rules()
    assert {s["value"]: s["steps"] for s in block["speeds"]} == lab_client.PLAY_STEPS
    assert block["default_steps"] == lab_client.PLAY_DEFAULT_STEPS
    assert block["play_pace_ms"] / 1000 == lab_client.PLAY_PACE_S
    assert block["play_frames"] == rules.PLAY_FRAMES
    assert lab_client.REQUEST_STORE == ids.REQUEST_STORE
    assert lab_client.REPLY_STORE == ids.REPLY_STORE
    assert lab_client.NET_STORE == ids.NET_STORE
    assert lab_client.SPEED_CONTROL == ids.SPEED
