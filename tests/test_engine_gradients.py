"""Backprop against central finite differences, on random networks.

Hypothesis picks the architecture, batch and seed; the numbers themselves come
from a seeded generator so that no pre-activation sits exactly on a ReLU kink.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop_engine import MLP, gradient_check
from backprop_engine import activations as act_module

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
PAIRINGS = [
    ("mse", "sigmoid"),
    ("mse", "tanh"),
    ("mse", "relu"),
    ("mse", "leaky_relu"),
    ("mse", "linear"),
    ("bce", "sigmoid"),
    ("cross_entropy", "softmax"),
]
# eps = 1e-5 balances the slope's truncation error (~eps²) against its rounding
# error (~1e-16·L/eps, which dominates for gradients near gradient_check's 1e-5
# floor); both stay under TOL, while a wrong derivative is off by far more (see
# test_gradient_check_catches_a_wrong_derivative).
EPS = 1e-5
TOL = 1e-4
CHECKS = settings(max_examples=25, deadline=None)


def targets(loss: str, batch: int, n_out: int, rng: np.random.Generator) -> np.ndarray:
    if loss == "cross_entropy":
        return np.eye(n_out)[rng.integers(0, n_out, batch)]
    if loss == "bce":
        return rng.integers(0, 2, (batch, n_out)).astype(float)
    return rng.standard_normal((batch, n_out))


def problem(sizes, loss, seed, batch):
    rng = np.random.default_rng(seed + 1)
    X = rng.standard_normal((batch, sizes[0]))
    return X, targets(loss, batch, sizes[-1], rng)


def random_biases(net, seed):
    # Biases start at zero, so behind a dead ReLU a pre-activation is exactly 0: on
    # the kink, where no derivative exists and central differences read 1/2. Random
    # biases keep every z off the kink, as in a network that has trained a little.
    rng = np.random.default_rng(seed + 2)
    for i, b in enumerate(net.biases):
        net.biases[i] = 0.1 * rng.standard_normal(b.shape)
    return net


KINK_MARGIN = 1e-3  # far beyond what a nudge of EPS moves any pre-activation


def off_the_kinks(net, X, activation, output):
    # Random biases make a pre-activation right at a ReLU kink unlikely, not
    # impossible: one within a nudge of it is crossed by the finite difference,
    # which then measures a mixture of two slopes. Such draws test nothing.
    kinked = ("relu", "leaky_relu")
    fwd = net.forward(X)
    layers = [*(fwd.z_hat[:-1] if activation in kinked else []), *fwd.z_hat[-1:]]
    if output not in kinked:
        layers = layers[:-1]
    assume(all(np.abs(z).min() > KINK_MARGIN for z in layers))


@st.composite
def architectures(draw, min_out=1, equal_hidden=False):
    n_in = draw(st.integers(1, 4))
    depth = draw(st.integers(0, 3))
    if equal_hidden:
        width = draw(st.integers(1, 4))
        hidden = [width] * depth
    else:
        hidden = draw(st.lists(st.integers(1, 5), min_size=depth, max_size=depth))
    n_out = draw(st.integers(min_out, 3))
    return [n_in, *hidden, n_out]


@pytest.mark.parametrize("activation", HIDDEN)
@pytest.mark.parametrize(("loss", "output"), PAIRINGS)
@CHECKS
@given(data=st.data(), seed=st.integers(0, 2**32), batch=st.integers(1, 6))
def test_backprop_matches_finite_differences(activation, loss, output, data, seed, batch):
    sizes = data.draw(architectures(min_out=2 if output == "softmax" else 1))
    net = MLP(sizes, activation=activation, output_activation=output, loss=loss, seed=seed)
    random_biases(net, seed)
    X, Y = problem(sizes, loss, seed, batch)
    off_the_kinks(net, X, activation, output)
    assert gradient_check(net, X, Y, eps=EPS) < TOL


@pytest.mark.parametrize(
    "options",
    [
        {"residual": True},
        {"normalization": "layer"},
        {"residual": True, "normalization": "layer"},
    ],
    ids=["residual", "layernorm", "both"],
)
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
@CHECKS
@given(data=st.data(), seed=st.integers(0, 2**32), batch=st.integers(1, 6))
def test_residual_and_normalized_layers_match_finite_differences(
    options, activation, data, seed, batch
):
    # Equal hidden widths, so every hidden layer after the first gets its skip connection.
    sizes = data.draw(architectures(equal_hidden=True))
    net = MLP(
        sizes, activation=activation, output_activation="linear", loss="mse", seed=seed, **options
    )
    random_biases(net, seed)
    X, Y = problem(sizes, "mse", seed, batch)
    # Move γ and β off their starting values so their gradients are checked in general.
    rng = np.random.default_rng(seed)
    for i in range(len(net.gammas)):
        net.gammas[i] = 1 + 0.3 * rng.standard_normal(net.gammas[i].shape)
        net.betas[i] = 0.3 * rng.standard_normal(net.betas[i].shape)
    off_the_kinks(net, X, activation, "linear")
    assert gradient_check(net, X, Y, eps=EPS) < TOL


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    # The check itself must be able to fail: give tanh a derivative off by 10%.
    tanh = act_module.ACTIVATIONS["tanh"]
    wrong = dataclasses.replace(tanh, prime=lambda z, s: 0.9 * (1 - s * s))
    monkeypatch.setitem(act_module.ACTIVATIONS, "tanh", wrong)
    net = MLP([3, 4, 2], activation="tanh", output_activation="linear", loss="mse", seed=3)
    X, Y = problem([3, 4, 2], "mse", 3, 5)
    assert gradient_check(net, X, Y) > 1e-2


def test_single_weight_check_reports_the_numbers_behind_it():
    net = MLP([2, 3, 1], seed=4)
    X, Y = problem([2, 3, 1], "bce", 4, 8)
    before = [w.copy() for w in net.weights]
    check = gradient_check(net, X, Y, eps=1e-5, weight=(1, 0, 2))
    bwd = net.backward(net.forward(X), Y)

    assert check.weight == net.weights[1][0, 2]
    assert check.backprop == pytest.approx(bwd.grad_w[1][0, 2], rel=1e-12)
    assert check.numerical == pytest.approx((check.loss_plus - check.loss_minus) / 2e-5, rel=1e-12)
    assert (
        check.loss_minus < check.loss < check.loss_plus
        or check.loss_plus < check.loss < check.loss_minus
    )
    assert check.loss == pytest.approx(net.loss(net.forward(X), Y), rel=1e-12)
    assert check.relative_error < 1e-6
    # nudged and restored on a copy: the network is exactly as it was
    assert all((a == b).all() for a, b in zip(before, net.weights, strict=True))

    net.weights[1][0, 2] += 1e-5
    assert net.loss(net.forward(X), Y) == pytest.approx(check.loss_plus, rel=1e-12)


@pytest.mark.parametrize(
    "weight", [(2, 0, 0), (0, 3, 0), (0, 0, 2), (-1, 0, 0), (0, 0), "w", (0.0, 0, 0)]
)
def test_single_weight_check_rejects_a_weight_that_does_not_exist(weight):
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match=r"weight|layer|row"):
        gradient_check(net, [[0.1, 0.2]], [[1.0]], weight=weight)


@pytest.mark.parametrize(("loss", "output"), PAIRINGS)
def test_float32_gradients_agree_with_float64(loss, output):
    sizes = [3, 5, 4, 3]
    X, Y = problem(sizes, loss, 7, 16)
    kwargs = {"activation": "tanh", "output_activation": output, "loss": loss, "seed": 7}
    net64 = MLP(sizes, dtype="float64", **kwargs)
    net32 = MLP(sizes, dtype="float32", **kwargs)
    fwd32 = net32.forward(X)
    bwd32 = net32.backward(fwd32, Y)
    bwd64 = net64.backward(net64.forward(X), Y)
    for arrays in (fwd32.z, fwd32.a, bwd32.delta, bwd32.grad_w, bwd32.grad_b):
        assert all(a.dtype == np.float32 for a in arrays)
    for g32, g64 in zip(bwd32.grad_w + bwd32.grad_b, bwd64.grad_w + bwd64.grad_b, strict=True):
        np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-6)
