"""L2 regularisation on the server: λ's bounds, the loss read-out's two parts, the
trace's ∂L/∂w = δ·a + λw, the finite-difference check, links and files."""

from __future__ import annotations

import numpy as np
import pytest

from app import rules, state, training, urlstate, views
from app.callbacks.inspector import finite_difference

L2 = {**state.DEFAULT_CONFIG, "l2": 0.05}


def setup_of(config, net_state=None, example=0):
    return state.read_setup(state.read_config(config), net_state, 0.0, example, fresh_run=0)


@pytest.mark.parametrize("bad", [0.2, -0.01, "0.01", True, None, float("nan")])
def test_a_bad_lambda_is_refused_in_words(bad):
    with pytest.raises(state.InputError) as e:
        state.read_config({**L2, "l2": bad})
    assert "the L2 strength λ must be a number" in str(e.value)


def test_the_read_out_has_the_data_loss_and_the_lambda_term_from_the_engine():
    setup = setup_of(L2)
    net, ds = setup.net_state.net, setup.data
    view = views.at_rest(net, ds)
    fwd = net.forward(ds.X)
    assert view["data_loss"] == pytest.approx(net.data_loss(fwd, ds.Y), rel=1e-3)
    assert view["l2_term"] == pytest.approx(net.penalty(), rel=1e-3)
    squares = sum(float((W**2).sum()) for W in net.weights)
    assert view["l2_term"] == pytest.approx(0.025 * squares, rel=1e-3)  # (λ/2)·Σw²
    assert "l2_term" not in views.at_rest(setup_of(state.DEFAULT_CONFIG).net_state.net, ds)


def test_the_trace_gradient_is_delta_times_a_plus_lambda_w():
    setup = setup_of(L2, example=3)
    trace = training.run_steps(setup, 1)["trace"]
    sh = trace["shown"]
    assert trace["l2"] == 0.05
    for layer, grad in enumerate(sh["grad_w"]):
        delta, a = np.array(sh["delta"][layer]), np.array(sh["a"][layer])
        W = np.array(trace["weights_before"][layer])
        assert np.allclose(grad, np.outer(delta, a) + 0.05 * W, rtol=2e-3, atol=1e-5)


def test_the_finite_difference_check_agrees_with_l2():
    setup = setup_of(L2)
    ns = setup.net_state.as_json()
    request = {"net_state": ns, "example": 2, "weight": [1, 2, 3], "eps": rules.FD_EPS}
    answer = finite_difference(request, setup.config)
    assert answer["relative_error"] < 1e-6
    plain = finite_difference(request, {**setup.config, "l2": 0.0})
    W = setup.net_state.net.weights[1][2, 3]
    assert answer["backprop"] == pytest.approx(plain["backprop"] + 0.05 * W, rel=1e-9)


def test_lambda_is_a_training_setting_the_stored_network_takes_it():
    trained = training.run_steps(setup_of(state.DEFAULT_CONFIG), 3)["net_state"]
    setup = setup_of(L2, net_state=trained)
    assert setup.net_state.net.config.l2 == 0.05
    assert setup.net_state.step == 3
    assert setup.net_state.net.weights[0].tolist() == trained["net_json"]["weights"][0]


def test_links_carry_lambda():
    setup = setup_of(L2)
    search, fragment = urlstate.encode(urlstate.Link(setup.config, 0.0))
    assert "l2=0.05" in search
    assert urlstate.parse(search, fragment).config["l2"] == 0.05
