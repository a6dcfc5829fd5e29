"""The lab client's Play mode, which the load test's playing students use: its
requests are accepted by the app and give the very networks the engine computes,
and its copy of the page's Play protocol still matches the page. A change of that
protocol breaks a test here instead of the load benchmark measuring errors."""

from __future__ import annotations

import json

import lab_client
import numpy as np
import pytest
from lab_client import Answer, CallbackError, Http, Student

from app import data, ids, state, training
from app.factory import create_app
from backprop_engine import MLP

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


def engine_steps(net_state: dict, n: int, lr: float = 1.0) -> MLP:
    """`n` training steps straight through the engine, on the batches Play uses."""
    cfg = state.DEFAULT_CONFIG
    ds = data.load(cfg)
    mlp = MLP.from_dict(net_state["net_json"])
    for s in range(net_state["step"], net_state["step"] + n):
        b = training.batch_indices(cfg, len(ds.X), s)
        mlp.train_step(ds.X[b], ds.Y[b], lr)
    return mlp


def assert_same_weights(got: dict, want: MLP) -> None:
    mlp = MLP.from_dict(got["net_json"])
    for w_got, w_want in zip(mlp.weights + mlp.biases, want.weights + want.biases, strict=True):
        np.testing.assert_array_equal(w_got, w_want)


def test_play_at_normal_speed_gives_the_engines_networks(student):
    n = lab_client.PLAY_STEPS[1.0]
    assert student.play_steps_per_request() == n  # the page opens at Normal
    net = student.props[lab_client.NET_STORE]["data"]
    for batch in range(1, 4):
        reply = student.play()
        assert reply["net_state"]["step"] == n * batch
        assert_same_weights(reply["net_state"], engine_steps(net, n))
        assert len(reply["losses"]) == n and reply["diverged"] is None
        # The client adopted the answer, as the page does: the next batch starts there.
        assert student.props[lab_client.NET_STORE]["data"] == reply["net_state"]
        net = reply["net_state"]


def test_a_play_answer_is_the_trainings_answer_to_the_same_state(student):
    cfg, lr_log = state.DEFAULT_CONFIG, student.props[lab_client.LR_SLIDER]["value"]
    before = student.props[lab_client.NET_STORE]["data"]
    example = student.props[ids.EXAMPLE_STORE]["data"]
    reply = student.play()
    want = training.run_steps(
        state.read_setup(cfg, before, lr_log, example), lab_client.PLAY_STEPS[1.0]
    )
    del reply["nonce"]
    assert json.dumps(reply, sort_keys=True) == json.dumps(want, sort_keys=True)


def test_play_train_step_and_reset_share_one_network(student):
    n = lab_client.PLAY_STEPS[1.0]
    first = student.play()
    step = student.train_step()  # a student pauses and steps by hand from there
    assert step["net_state"]["step"] == n + 1
    assert_same_weights(step["net_state"], engine_steps(first["net_state"], 1))
    again = student.play()
    assert again["for"]["run"] == 0 and again["for"]["step"] == n + 1
    assert again["net_state"]["step"] == 2 * n + 1
    student.reset()
    after_reset = student.play()
    assert after_reset["for"]["step"] == 0 and after_reset["for"]["run"] == 1


def test_play_follows_the_speed_control_and_learning_rate(student):
    student.set_speed(3.0)  # Fast
    student.set_learning_rate(-1.0)
    net = student.props[lab_client.NET_STORE]["data"]
    n = lab_client.PLAY_STEPS[3.0]
    reply = student.play()
    assert reply["net_state"]["step"] == n and reply["lr"] == pytest.approx(0.1)
    assert_same_weights(reply["net_state"], engine_steps(net, n, lr=0.1))


def test_a_refused_play_request_is_an_error_not_a_silent_success(student):
    with pytest.raises(CallbackError, match="steps per request"):
        student.play(steps=1000)
    assert student.props[lab_client.NET_STORE]["data"]["step"] == 0  # nothing adopted


def test_train_step_is_a_request_for_one_step_with_its_trace(student):
    step = student.train_step()
    assert step["net_state"]["step"] == 1 and len(step["losses"]) == 1
    assert step["trace"]["refused"] is False and len(step["trace"]["batch"]) == 16
    assert step["best"] is None  # the state it started from is the page's already
    assert "trace" not in student.play()  # Play's batches carry no trace


def test_every_speed_the_control_offers_has_its_batch_size_in_the_client(student):
    speeds = {o["value"] for o in student.props[ids.SPEED]["options"]}
    assert speeds == set(lab_client.PLAY_STEPS)
