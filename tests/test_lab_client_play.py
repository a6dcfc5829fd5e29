"""The lab client's Play mode, which the load test's playing students use: its
requests are accepted by the app and give the very networks the engine computes,
and its copy of the page's Play protocol still matches the page. A change of that
protocol breaks a test here instead of the load benchmark measuring errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lab_client
import numpy as np
import pytest
from lab_client import Answer, CallbackError, Http, Student

from app import data, ids, playground, state, training
from app.factory import create_app
from backprop_engine import MLP

PLAYGROUND_JS = Path(__file__).resolve().parents[1] / "assets" / "lab-playground.js"
APP = create_app()


class FlaskHttp(Http):
    """The lab client over Flask's test client: the app's real request handling."""

    def __init__(self) -> None:
        super().__init__("http://test")
        self.client = APP.server.test_client()

    def request(self, method, path, body=None, headers=None) -> Answer:  # type: ignore[no-untyped-def]
        resp = self.client.open(path, method=method, data=body, headers=headers or {})
        return Answer(resp.status_code, resp.data, dict(resp.headers))


@pytest.fixture
def student() -> Student:
    return Student(FlaskHttp())


def engine_steps(net: dict, n: int, lr: float = 1.0) -> MLP:
    """`n` training steps straight through the engine, on the batches Play uses."""
    cfg = state.DEFAULT_CONFIG
    ds = data.load(cfg)
    mlp = MLP.from_dict(net["net"])
    for s in range(net["step"], net["step"] + n):
        b = training.batch_indices(cfg, len(ds.X), s)
        mlp.train_step(ds.X[b], ds.Y[b], lr)
    return mlp


def assert_same_weights(got: dict, want: MLP) -> None:
    mlp = MLP.from_dict(got["net"])
    for w_got, w_want in zip(mlp.weights + mlp.biases, want.weights + want.biases, strict=True):
        np.testing.assert_array_equal(w_got, w_want)


def test_play_at_normal_speed_gives_the_engines_networks(student):
    assert student.play_steps_per_request() == 4  # the page opens at Normal
    net = student.props[lab_client.NET_STORE]["data"]
    for batch in range(1, 4):
        reply = student.play()
        assert reply["net"]["step"] == 4 * batch
        assert_same_weights(reply["net"], engine_steps(net, 4))
        assert len(reply["losses"]) == 4 and reply["diverged"] is None
        # The client adopted the answer, as the page does: the next batch starts there.
        assert student.props[lab_client.NET_STORE]["data"] == reply["net"]
        net = reply["net"]


def test_a_play_answer_is_the_playgrounds_answer_to_the_same_state(student):
    cfg, lr_log = state.DEFAULT_CONFIG, student.props[lab_client.LR_SLIDER]["value"]
    before = student.props[lab_client.NET_STORE]["data"]
    example = student.props[ids.EXAMPLE_STORE]["data"]
    reply = student.play()
    want = playground.play(cfg, state.read_net(before, cfg), 10.0**lr_log, 4, example)
    del reply["nonce"]
    assert json.dumps(reply, sort_keys=True) == json.dumps(want, sort_keys=True)


def test_play_train_step_and_reset_share_one_network(student):
    first = student.play()
    step = student.train_step()  # a student pauses and steps by hand from there
    assert step["net"]["step"] == 5
    assert_same_weights(step["net"], engine_steps(first["net"], 1))
    again = student.play()
    assert again["for"] == {"run": 0, "step": 5} and again["net"]["step"] == 9
    student.reset()
    after_reset = student.play()
    assert after_reset["for"]["step"] == 0 and after_reset["for"]["run"] == 1


def test_play_follows_the_speed_control_and_learning_rate(student):
    student.set_speed(3.0)  # Fast
    student.set_learning_rate(-1.0)
    net = student.props[lab_client.NET_STORE]["data"]
    reply = student.play()
    assert reply["net"]["step"] == 20 and reply["lr"] == pytest.approx(0.1)
    assert_same_weights(reply["net"], engine_steps(net, 20, lr=0.1))


def test_a_refused_play_request_is_an_error_not_a_silent_success(student):
    with pytest.raises(CallbackError, match="steps per request"):
        student.play(steps=1000)
    assert student.props[lab_client.NET_STORE]["data"]["step"] == 0  # nothing adopted


def test_the_clients_play_protocol_matches_the_page():
    assert lab_client.PLAY_REQUEST_STORE == ids.PLAY_REQUEST_STORE
    assert lab_client.PLAY_REPLY_STORE == ids.PLAY_REPLY_STORE
    assert lab_client.SPEED_CONTROL == ids.SPEED
    js = PLAYGROUND_JS.read_text()
    # What the page puts in the request store, and how it picks and paces batches.
    assert "{ data: { nonce: nonce, steps: n } }" in js
    steps = re.search(r"const STEPS = \{([^}]*)\};", js)
    pace = re.search(r"const PACE_MS = (\d+);", js)
    fallback = re.search(r"const n = STEPS\[BL\.state\.speed\] \|\| (\d+);", js)
    assert steps and pace and fallback, "the Play loop in lab-playground.js changed"
    pairs = dict(p.split(":") for p in steps.group(1).replace(" ", "").split(","))
    assert {float(k): int(v) for k, v in pairs.items()} == lab_client.PLAY_STEPS
    assert int(pace.group(1)) / 1000 == lab_client.PLAY_PACE_S
    assert int(fallback.group(1)) == lab_client.PLAY_DEFAULT_STEPS
    # Every speed the control offers has its batch size in the client.
    speeds = {o["value"] for o in Student(FlaskHttp()).props[ids.SPEED]["options"]}
    assert speeds == set(lab_client.PLAY_STEPS)
