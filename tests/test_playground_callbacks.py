"""The training callback asked for Play's batches of steps, and Apply, posted the way
a browser (or an attacker) posts them: Play batches, the learning-rate lesson, and
settings that start a new network."""

from __future__ import annotations

import numpy as np
import pytest

from app import data, ids, limits, state, training, views
from backprop_engine import MLP
from tests.dash_requests import post


def fresh(config=None):
    return views.fresh_start(config or state.DEFAULT_CONFIG, run=0)


def play(app, client, steps=5, net=None, config=None, lr_log=0.0, example=0, nonce=7):
    config = dict(state.DEFAULT_CONFIG) if config is None else config
    net = fresh()["net_state"] if net is None else net
    request = {"nonce": nonce, "steps": steps}
    return post(app, client, ids.REPLY_STORE, [request], [config, net, lr_log, example])


def reply_of(r):
    assert r.status_code == 200, r.data[:300]
    return r.get_json()["response"][ids.REPLY_STORE]["data"]


def test_a_play_batch_is_the_engines_steps_in_a_row(app, client):
    reply = reply_of(play(app, client, steps=6))
    cfg = state.DEFAULT_CONFIG
    ds = data.load(cfg)
    net = MLP.from_dict(fresh()["net_state"]["net_json"])
    for s in range(6):
        b = training.batch_indices(cfg, len(ds.X), s)
        net.train_step(ds.X[b], ds.Y[b], 1.0)
    got = MLP.from_dict(reply["net_state"]["net_json"])
    for w_got, w_want in zip(got.weights, net.weights, strict=True):
        np.testing.assert_array_equal(w_got, w_want)
    assert reply["net_state"]["step"] == 6 and reply["nonce"] == 7
    assert len(reply["losses"]) == len(reply["test_losses"]) == len(reply["grad_rms"]) == 6
    np.testing.assert_allclose(reply["losses"][-1], net.loss(net.forward(ds.X), ds.Y), rtol=1e-3)
    assert reply["diverged"] is None
    assert 0 <= reply["view"]["metric"]["train"] <= 1


def test_a_huge_learning_rate_is_caught_with_the_numbers(app, client):
    reply = reply_of(play(app, client, steps=limits.MAX_STEPS_PER_REQUEST, lr_log=1.0))
    d = reply["diverged"]
    assert d is not None and not d["refused"]
    assert d["update_norm"] > d["weight_norm"]  # the update was larger than the weights
    assert d["loss_after"] >= 1.5 * d["loss_before"]
    assert reply["net_state"]["step"] == d["step"] < limits.MAX_STEPS_PER_REQUEST  # stopped there
    best = reply["best"]
    assert best is not None and best["net_state"]["step"] < d["step"]
    assert best["loss"] < d["loss_after"]


def test_a_tiny_learning_rate_reports_how_little_the_weights_move(app, client):
    reply = reply_of(play(app, client, steps=10, lr_log=-4.0))
    assert reply["diverged"] is None
    assert 0 < reply["largest_ratio"] < 1e-3


def _refused(r) -> str:
    assert r.status_code == 200, r.data[:300]
    answer = r.get_json()["response"]
    body = answer[ids.REPLY_STORE]["data"]
    assert set(body) == {"nonce", "error"}, "bad input must train nothing"
    assert "Traceback" not in r.get_data(as_text=True)
    return body["error"]


TOO_MANY = limits.MAX_STEPS_PER_REQUEST + 1


@pytest.mark.parametrize("steps", [0, TOO_MANY, 10**9, "5", 2.5, None, True])
def test_a_forged_number_of_steps_is_refused(app, client, steps):
    assert "steps" in _refused(play(app, client, steps=steps))


@pytest.mark.parametrize(
    "change",
    [
        {"dataset": "sine"},  # regression with a sigmoid output and bce
        {"dataset": "sine", "loss": "bce", "output_activation": "linear"},
        {"residual": "yes"},
        {"normalization": 1},
        {"sizes": [2] + [8] * 13 + [1]},
        {"activation": "softplus"},
    ],
)
def test_forged_settings_in_play_are_refused(app, client, change):
    _refused(play(app, client, config={**state.DEFAULT_CONFIG, **change}))


def test_a_network_that_does_not_match_the_switches_is_refused(app, client):
    config = {**state.DEFAULT_CONFIG, "residual": True}
    assert "does not match" in _refused(play(app, client, config=config))


@pytest.mark.parametrize("request_", ["junk", [1, 2], {"nonce": -1, "steps": 3}, {"steps": 3}])
def test_a_malformed_play_request_is_refused(app, client, request_):
    config, net = dict(state.DEFAULT_CONFIG), fresh()["net_state"]
    r = post(app, client, ids.REPLY_STORE, [request_], [config, net, 0.0, 0])
    assert r.status_code == 200 and "Traceback" not in r.get_data(as_text=True)
    assert "net_state" not in r.get_json()["response"][ids.REPLY_STORE]["data"]


def apply(app, client, config, net=None):
    net = fresh()["net_state"] if net is None else net
    request = {"nonce": 1, "config": config}
    return post(app, client, ids.CONFIG_STORE, [request], [net], trigger=f"{ids.APPLY_STORE}.data")


def test_new_settings_start_a_new_network_with_them(app, client):
    config = {
        **state.DEFAULT_CONFIG,
        "dataset": "sine",
        "loss": "mse",
        "output_activation": "linear",
        "sizes": [2] + [8] * 10 + [1],
        "activation": "relu",
        "residual": True,
        "normalization": True,
    }
    r = apply(app, client, config)
    answer = r.get_json()["response"]
    assert answer[ids.CONFIG_STORE]["data"] == config
    net = answer[ids.NET_STORE]["data"]
    assert net["step"] == 0 and net["run"] == 1
    built = MLP.from_dict(net["net_json"])
    assert built.config.residual and built.config.normalization == "layer"
    view = answer[ids.VIEW_STORE]["data"]
    assert view["metric"]["name"] == "error"
    assert len(view["grad_hist"][0]) == 11
    assert answer[ids.DATA_STORE]["data"]["task"] == "regression"


@pytest.mark.parametrize(
    "config",
    [
        None,
        "x",
        {**state.DEFAULT_CONFIG, "sizes": [2, 9, 1]},
        {**state.DEFAULT_CONFIG, "noise": float("inf")},
        {**state.DEFAULT_CONFIG, "dataset": "plane"},
        {**state.DEFAULT_CONFIG, "extra": 1},
    ],
)
def test_forged_new_settings_change_nothing(app, client, config):
    r = apply(app, client, config)
    assert r.status_code == 200
    answer = r.get_json()["response"]
    assert ids.NET_STORE not in answer and ids.CONFIG_STORE not in answer
    assert answer[ids.STATUS]["children"].startswith("Nothing was changed")
