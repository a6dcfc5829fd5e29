"""The inspector's server side, called as a browser (or an attacker) would: POSTs to
/_dash-update-component through Flask's test client. The numbers are compared with
an independent computation on the engine."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest

from app import data, ids, state, training, views
from backprop_engine import MLP
from tests.dash_requests import post


def fresh_net() -> dict[str, Any]:
    return views.fresh_start(state.DEFAULT_CONFIG, run=0)["net_state"]


def check(app, client, request: Any, config: Any = None) -> dict[str, Any]:
    config = dict(state.DEFAULT_CONFIG) if config is None else config
    r = post(app, client, ids.FD_STORE, [request], [config])
    assert r.status_code == 200, r.data[:300]
    return r.get_json()["response"][ids.FD_STORE]["data"]


def good_request(**changes: Any) -> dict[str, Any]:
    req = {"net_state": fresh_net(), "example": 3, "weight": [1, 2, 0], "eps": 1e-4}
    req.update(changes)
    return req


def test_the_check_nudges_the_weight_and_matches_an_independent_slope(app, client):
    answer = check(app, client, good_request())
    assert "error" not in answer, answer

    # The same slope computed here, by hand, on the engine.
    ds = data.load(state.DEFAULT_CONFIG)
    x, y = ds.X[3:4], ds.Y[3:4]
    net = MLP.from_dict(fresh_net()["net_json"])
    w0 = float(net.weights[1][2, 0])
    losses = []
    for w in (w0 + 1e-4, w0 - 1e-4):
        W = net.weights[1].copy()
        W[2, 0] = w
        weights = list(net.weights)
        weights[1] = W
        probe = net.copy()
        probe.weights = weights
        losses.append(probe.loss(probe.forward(x), y))
    slope = (losses[0] - losses[1]) / 2e-4
    grad = net.backward(net.forward(x), y).grad_w[1][2, 0]

    assert answer["weight"] == pytest.approx(w0, abs=0)
    assert answer["loss_plus"] == pytest.approx(losses[0], rel=1e-12)
    assert answer["loss_minus"] == pytest.approx(losses[1], rel=1e-12)
    assert answer["numerical"] == pytest.approx(slope, rel=1e-6)
    assert answer["backprop"] == pytest.approx(grad, rel=1e-9)
    assert abs(answer["numerical"] - answer["backprop"]) < 1e-7  # they agree
    assert answer["relative_error"] < 1e-5
    assert answer["n_weights"] == 2 * 4 + 4 * 4 + 4 * 1
    assert answer["for"] == {"run": 0, "step": 0, "example": 3, "weight": [1, 2, 0], "eps": 1e-4}


def test_backprop_in_the_check_is_the_gradient_the_step_shows(app, client):
    """The value the check calls "backprop" is the ∂L/∂w the inspector shows."""
    answer = check(app, client, good_request(example=5, weight=[2, 0, 3]))
    cfg = state.DEFAULT_CONFIG
    step = training.run_steps(state.read_setup(cfg, fresh_net(), 0.0, 5), 1)["trace"]
    assert step["shown"]["grad_w"][2][0][3] == views.sig(answer["backprop"])


BAD_REQUESTS = [
    ("not a dict", "the check's request is damaged"),
    ({"net_state": None}, "the check's request is damaged"),
    ({**good_request(), "extra": 1}, "the check's request is damaged"),
    (good_request(weight=[3, 0, 0]), "layer must be between 0 and 2"),
    (good_request(weight=[0, 4, 0]), "row must be between 0 and 3"),
    (good_request(weight=[0, 0, 2]), "column must be between 0 and 1"),
    (good_request(weight=[0, 0]), "(layer, row, column)"),
    (good_request(weight=[0, True, 0]), "whole number"),
    (good_request(weight=[0, 0.5, 0]), "whole number"),
    (good_request(weight="0,0,0"), "(layer, row, column)"),
    (good_request(eps=0), "ε must be a number between"),
    (good_request(eps=0.5), "ε must be a number between"),
    (good_request(eps="1e-4"), "ε must be a number"),
    (good_request(eps=float("nan")), "ε must be a number"),
    (good_request(example=-1), "the chosen example"),
    (good_request(example=10**12), "the chosen example"),
    (good_request(net_state={"net_json": {}, "step": 0, "run": 0}), "does not match"),
    (
        good_request(net_state={"net_json": fresh_net()["net_json"], "step": -1, "run": 0}),
        "step count",
    ),
]


@pytest.mark.parametrize(("request_", "message"), BAD_REQUESTS)
def test_a_forged_check_gets_a_message_and_no_numbers(app, client, request_, message):
    answer = check(app, client, request_)
    assert set(answer) == {"error"}, answer
    assert answer["error"].startswith("The check was not run")
    assert message in answer["error"]


def test_a_network_with_huge_weights_is_refused_or_checked_but_never_crashes(app, client):
    net = fresh_net()
    net = copy.deepcopy(net)
    net["net_json"]["weights"][0] = [[1e308, 1e308]] * 4
    answer = check(app, client, good_request(net_state=net))
    assert "error" in answer or all(
        np.isfinite(answer[k]) for k in ("loss_plus", "loss_minus", "numerical")
    )


def test_damaged_settings_are_refused(app, client):
    answer = check(app, client, good_request(), config={"dataset": "xor"})
    assert answer["error"].startswith("The check was not run")


def test_nothing_asked_changes_nothing(app, client):
    r = post(app, client, ids.FD_STORE, [None], [dict(state.DEFAULT_CONFIG)])
    assert r.status_code == 204


def test_a_step_sends_what_the_inspector_needs(app, client):
    """σ′(z) and the biases before the update travel with each step: the inspector
    shows them and must not compute them itself."""
    cfg = state.DEFAULT_CONFIG
    net = MLP.from_dict(fresh_net()["net_json"])
    step = training.run_steps(state.read_setup(cfg, fresh_net(), 0.0, 7), 1)["trace"]
    ds = data.load(cfg)
    bwd = net.backward(net.forward(ds.X[7:8]), ds.Y[7:8])
    for got, want in zip(step["shown"]["sigma_prime"], bwd.sigma_prime, strict=True):
        np.testing.assert_allclose(got, want[0], rtol=1e-3)
    for got, want in zip(step["biases_before"], net.biases, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-12)
