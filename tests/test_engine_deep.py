"""Residual connections and layer normalization, and the vanishing gradients they fix."""

from __future__ import annotations

import json
import statistics

import numpy as np
import pytest

from backprop_engine import MLP, datasets

DEEP = [2] + [8] * 10 + [1]  # the deep preset: 10 hidden layers of 8
SEEDS = range(9)


def first_and_last_hidden_grad_norms(seed, **options):
    """‖∂L/∂W‖ of the first and the last hidden-to-hidden matrix (both 8×8), at init."""
    d = datasets.circle(seed=seed)
    net = MLP(DEEP, seed=seed, **options)
    bwd = net.backward(net.forward(d.X_train), d.Y_train)
    first, last = bwd.grad_w[1], bwd.grad_w[len(DEEP) - 3]
    assert first.shape == last.shape == (8, 8)
    return np.linalg.norm(first), np.linalg.norm(last)


def test_sigmoid_gradients_vanish_towards_the_input():
    # each sigmoid layer scales δ by σ' ≤ 1/4: eight layers apart, a factor of about 4⁻⁸
    ratios = [
        a / b for a, b in (first_and_last_hidden_grad_norms(s, activation="sigmoid") for s in SEEDS)
    ]
    assert statistics.median(ratios) <= 1 / 100


def test_relu_residual_and_normalization_keep_them_alive():
    norms = [
        first_and_last_hidden_grad_norms(s, activation="relu", residual=True, normalization="layer")
        for s in SEEDS
    ]
    ratio = statistics.median(a / b for a, b in norms)
    assert 1 / 10 <= ratio <= 10


def first_and_last_layer_grad_rms(seed, **options):
    """The per-weight gradient size of W(1) (8×2) and W(L) (1×8), at init: the shapes
    differ, so the page compares root-mean-squares, not norms."""
    d = datasets.circle(seed=seed)
    net = MLP(DEEP, seed=seed, **options)
    fwd = net.forward(d.X_train)
    diag = net.diagnose(fwd, net.backward(fwd, d.Y_train))
    return diag.grad_rms[0], diag.grad_rms[-1]


def test_first_layer_gets_a_vanishing_share_per_weight_in_the_sigmoid_stack():
    sigmoid = [
        a / b for a, b in (first_and_last_layer_grad_rms(s, activation="sigmoid") for s in SEEDS)
    ]
    fixed = [
        a / b
        for a, b in (
            first_and_last_layer_grad_rms(
                s, activation="relu", residual=True, normalization="layer"
            )
            for s in SEEDS
        )
    ]
    assert statistics.median(sigmoid) <= 1e-4
    assert statistics.median(fixed) >= 1e-2


def test_residual_layer_adds_its_input():
    net = MLP([2, 3, 3, 3, 1], residual=True, seed=1)
    X = np.random.default_rng(0).standard_normal((5, 2))
    fwd = net.forward(X)
    np.testing.assert_array_equal(fwd.a[1], fwd.h[0])  # 2 → 3: widths differ, no skip
    for i in (1, 2):
        np.testing.assert_allclose(fwd.a[i + 1], fwd.a[i] + np.tanh(fwd.z[i]), rtol=1e-15)
    np.testing.assert_array_equal(fwd.a[4], fwd.h[3])  # never on the output layer


def test_layer_norm_follows_its_definition():
    net = MLP([3, 5, 4, 1], normalization="layer", seed=2)
    rng = np.random.default_rng(1)
    net.gammas[0] = rng.uniform(0.5, 2, 5)
    net.betas[0] = rng.standard_normal(5)
    X = rng.standard_normal((6, 3))
    fwd = net.forward(X)
    z = fwd.z[0]
    expected = (
        net.gammas[0] * (z - z.mean(1, keepdims=True)) / np.sqrt(z.var(1, keepdims=True) + 1e-5)
    )
    np.testing.assert_allclose(fwd.z_hat[0], expected + net.betas[0], rtol=1e-12)
    np.testing.assert_allclose(fwd.a[1], np.tanh(fwd.z_hat[0]), rtol=1e-15)
    assert (fwd.z_hat[-1] is fwd.z[-1]) and len(net.gammas) == 2  # output layer not normalized


def test_gamma_and_beta_learn():
    d = datasets.xor()
    net = MLP([2, 4, 4, 1], normalization="layer", seed=3)
    step = net.train_step(d.X_train, d.Y_train, lr=0.5)
    for i in range(2):
        np.testing.assert_allclose(net.gammas[i], 1 - 0.5 * step.backward.grad_gamma[i], rtol=1e-15)
        np.testing.assert_allclose(net.betas[i], -0.5 * step.backward.grad_beta[i], rtol=1e-15)
        assert np.abs(step.backward.grad_gamma[i]).max() > 0


def test_options_that_do_not_apply_change_nothing():
    X = np.random.default_rng(0).standard_normal((8, 2))
    Y = (X[:, :1] > 0).astype(float)
    plain = MLP([2, 3, 4, 1], seed=5)
    no_skip = MLP([2, 3, 4, 1], seed=5, residual=True)  # no two equal widths: no skip anywhere
    none = MLP([2, 3, 4, 1], seed=5, normalization="none")
    a, b, c = (n.train_step(X, Y, lr=0.1) for n in (plain, no_skip, none))
    assert a.loss == b.loss == c.loss
    for arrays in zip(a.backward.grad_w, b.backward.grad_w, c.backward.grad_w, strict=True):
        np.testing.assert_array_equal(arrays[0], arrays[1])
        np.testing.assert_array_equal(arrays[0], arrays[2])


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_deep_options_survive_json(dtype):
    net = MLP(DEEP, activation="relu", residual=True, normalization="layer", dtype=dtype, seed=4)
    d = datasets.circle()
    for _ in range(3):
        net.train_step(d.X_train, d.Y_train, lr=0.1)
    back = MLP.from_dict(json.loads(json.dumps(net.to_dict())))
    assert back.config == net.config
    for p, q in zip(net.parameters, back.parameters, strict=True):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(net.predict(d.X_test), back.predict(d.X_test))
