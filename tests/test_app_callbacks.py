"""The server callbacks, called the way a browser (or an attacker) calls them:
POSTs to /_dash-update-component through Flask's test client."""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import ids, state, training, views
from app.factory import create_app
from backprop_engine import MLP
from tests.dash_requests import post


def fresh():
    return views.fresh_start(state.DEFAULT_CONFIG, run=0)


FRESH = object()


def step_request(app, client, net=FRESH, config=None, lr_log=-0.5, example=0, nonce=1):
    net = fresh()["net_state"] if net is FRESH else net
    config = dict(state.DEFAULT_CONFIG) if config is None else config
    request = {"nonce": nonce, "steps": 1}
    return post(app, client, ids.REPLY_STORE, [request], [config, net, lr_log, example])


def test_a_step_answers_with_the_engines_numbers(app, client):
    r = step_request(app, client, example=5)
    assert r.status_code == 200
    answer = r.get_json()["response"]
    reply = answer[ids.REPLY_STORE]["data"]
    step = reply["trace"]
    assert reply["nonce"] == 1 and ids.STATUS not in answer

    # The same step computed directly with the engine.
    from app import data

    cfg = state.DEFAULT_CONFIG
    ds = data.load(cfg)
    net = MLP.from_dict(fresh()["net_state"]["net_json"])
    fwd = net.forward(ds.X[5:6])
    batch = training.batch_indices(cfg, len(ds.X), 0)
    ref = net.train_step(ds.X[batch], ds.Y[batch], 10**-0.5)

    assert step["batch"] == batch and len(batch) == cfg["batch_size"]
    np.testing.assert_allclose(step["shown"]["a"][-1], fwd.a[-1][0], rtol=1e-3)
    np.testing.assert_allclose(step["batch_loss"], ref.loss, rtol=1e-3)
    for got, want in zip(step["grad_w"], ref.backward.grad_w, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-12)
    # The exact network after the update, not a rounded copy.
    after = MLP.from_dict(reply["net_state"]["net_json"])
    for got, want in zip(after.weights, net.weights, strict=True):
        np.testing.assert_array_equal(got, want)
    assert reply["net_state"]["step"] == 1 and step["refused"] is False
    assert reply["for"] == {"run": 0, "step": 0, "example": 5, "lr_log": -0.5}
    assert reply["lr"] == pytest.approx(10**-0.5) and len(reply["losses"]) == 1


def test_a_step_answer_is_compact(app, client):
    r = step_request(app, client)
    assert len(r.data) <= 16 * 1024, len(r.data)


def test_two_requests_with_the_same_state_get_the_same_answer(app, client):
    a = step_request(app, client).get_json()
    b = create_app().server.test_client()
    assert step_request(app, b).get_json() == a


def _refused(r) -> str:
    assert r.status_code == 200, r.data[:300]
    answer = r.get_json()["response"]
    reply = answer[ids.REPLY_STORE]["data"]
    assert "net_state" not in reply, "bad input must change nothing"
    msg = answer[ids.STATUS]["children"]
    assert isinstance(msg, str) and msg.startswith("Nothing was changed")
    assert reply["error"] == msg
    return msg


def _tampered(path: list[Any], value: Any) -> dict[str, Any]:
    net = copy.deepcopy(fresh()["net_state"])
    target = net
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return net


@pytest.mark.parametrize(
    ("net", "words"),
    [
        (_tampered(["net_json", "weights", 0, 0, 0], float("nan")), "finite"),
        (_tampered(["net_json", "weights", 0, 0, 0], "1"), "number"),
        (_tampered(["net_json", "weights", 1], [[0.0] * 4] * 3), "entries"),
        (_tampered(["net_json", "sizes"], [2, 8, 8, 8, 1]), "does not match"),
        (_tampered(["net_json", "activation"], "softplus"), "refused"),
        (_tampered(["net_json", "activation"], "relu"), "does not match the chosen settings"),
        (_tampered(["net_json", "momentum"], 0.5), "refused"),
        (_tampered(["step"], -1), "step count"),
        (_tampered(["step"], True), "step count"),
        (_tampered(["run"], 2**40), "run count"),
        ({"net_json": None, "step": 0, "run": 0}, "does not match"),
        ("a string", "damaged"),
        (None, "damaged"),
    ],
)
def test_a_forged_network_is_refused_with_a_message(app, client, net, words):
    assert words in _refused(step_request(app, client, net=net))


@pytest.mark.parametrize(
    ("lr_log", "example"),
    [
        (2.0, 0),
        (-5, 0),
        (float("inf"), 0),
        ("0.1", 0),
        (None, 0),
        (0, -1),
        (0, 160),
        (0, 1.5),
        (0, "3"),
    ],
)
def test_a_forged_learning_rate_or_example_is_refused(app, client, lr_log, example):
    _refused(step_request(app, client, lr_log=lr_log, example=example))


@pytest.mark.parametrize(
    "change",
    [
        {"dataset": "mnist"},
        {"sizes": [2, 9, 1]},
        {"sizes": [2] + [4] * 13 + [1]},
        {"sizes": [3, 4, 1]},
        {"batch_size": 0},
        {"batch_size": 10**9},
        {"n_samples": 10**7},
        {"noise": float("nan")},
        {"loss": "mse"},
        {"seed": -3},
        {"extra": 1},
    ],
)
def test_forged_settings_are_refused(app, client, change):
    config = {**state.DEFAULT_CONFIG, **change}
    _refused(step_request(app, client, config=config))


def test_a_malformed_request_is_refused_without_a_traceback(app, client):
    r = post(app, client, ids.REPLY_STORE, ["junk"], [None, None, None, None])
    assert r.status_code == 200
    assert "Traceback" not in r.get_data(as_text=True)
    assert r.get_json()["response"][ids.REPLY_STORE]["data"] == {
        "nonce": None,
        "error": "the request number must be a whole number",
    }


def test_the_first_render_asks_for_nothing(app, client):
    r = post(app, client, ids.REPLY_STORE, [None], [None, None, None, None])
    assert r.status_code == 204


def test_reset_gives_a_fresh_network_and_counts_the_run(app, client):
    net = fresh()["net_state"]
    net["run"] = 4
    r = post(app, client, ids.CONFIG_STORE, [1], [dict(state.DEFAULT_CONFIG), net])
    answer = r.get_json()["response"]
    assert answer[ids.NET_STORE]["data"]["step"] == 0
    assert answer[ids.NET_STORE]["data"]["run"] == 5
    assert answer[ids.NET_STORE]["data"]["net_json"] == fresh()["net_state"]["net_json"]
    assert answer[ids.VIEW_STORE]["data"]["losses"] == fresh()["view"]["losses"]


@pytest.mark.parametrize(
    "junk", [None, "x", {"sizes": [1000000]}, {**state.DEFAULT_CONFIG, "seed": "0"}]
)
def test_reset_recovers_from_damaged_settings(app, client, junk):
    r = post(app, client, ids.CONFIG_STORE, [1], [junk, {"run": "x"}])
    answer = r.get_json()["response"]
    assert answer[ids.CONFIG_STORE]["data"] == state.DEFAULT_CONFIG
    assert answer[ids.NET_STORE]["data"]["run"] == 0
    assert "defaults" in answer[ids.STATUS]["children"]


json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
junk = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(config=junk, net=junk, lr_log=junk, example=junk, nonce=junk, steps=junk)
def test_junk_never_breaks_a_step(app, client, config, net, lr_log, example, nonce, steps):
    request = {"nonce": nonce, "steps": steps}
    r = post(app, client, ids.REPLY_STORE, [request], [config, net, lr_log, example])
    assert r.status_code in (200, 204), r.data[:200]
    text = r.get_data(as_text=True)
    assert "Traceback" not in text
    if r.status_code == 200:
        assert "net_state" not in json.loads(text)["response"][ids.REPLY_STORE]["data"]
