"""Training that learns, diagnostics that tell the truth, divergence that harms nothing."""

from __future__ import annotations

import numpy as np
import pytest

from backprop_engine import DEFAULT_LR, MLP, datasets

MAX_STEPS = 500  # default network, default data, full batch, DEFAULT_LR


def accuracy(net, X, Y):
    return float(((net.predict(X) > 0.5) == (Y > 0.5)).mean())


@pytest.mark.parametrize("name", ["xor", "circle"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_default_network_learns_within_the_stated_steps(name, dtype):
    d = datasets.make(name)
    net = MLP([2, 4, 4, 1], dtype=dtype)
    assert accuracy(net, d.X_train, d.Y_train) < 0.9  # not solved by chance at the start
    steps = 0
    while accuracy(net, d.X_train, d.Y_train) < 0.95:
        assert steps < MAX_STEPS, f"{name}: below 95% after {MAX_STEPS} steps"
        step = net.train_step(d.X_train, d.Y_train)
        assert step.updated
        steps += 1
    assert accuracy(net, d.X_test, d.Y_test) >= 0.85  # and it generalises


def test_regression_and_softmax_learn():
    d = datasets.sine(n=300, seed=1)
    net = MLP([2, 8, 8, 1], activation="tanh", output_activation="linear", loss="mse", seed=1)
    first = net.train_step(d.X_train, d.Y_train, lr=0.1).loss
    for _ in range(1500):
        last = net.train_step(d.X_train, d.Y_train, lr=0.1).loss
    assert last < first / 5

    d = datasets.moons(seed=2)
    Y = datasets.one_hot(d.Y_train)
    net = MLP(
        [2, 8, 8, 2], activation="relu", output_activation="softmax", loss="cross_entropy", seed=2
    )
    for _ in range(1000):
        net.train_step(d.X_train, Y, lr=0.3)
    assert (net.predict(d.X_train).argmax(axis=1) == d.Y_train[:, 0]).mean() > 0.95


def test_momentum_accumulates_the_previous_steps():
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((10, 2)), rng.integers(0, 2, (10, 1))
    net = MLP([2, 3, 1], momentum=0.9, seed=3)
    plain = MLP([2, 3, 1], seed=3)
    W0 = net.weights[0].copy()
    g1 = net.train_step(X, Y, lr=0.1).backward.grad_w[0]
    g2 = net.train_step(X, Y, lr=0.1).backward.grad_w[0]
    # v1 = g1, v2 = 0.9·v1 + g2, and W moves by −lr·v each step
    np.testing.assert_allclose(net.weights[0], W0 - 0.1 * g1 - 0.1 * (0.9 * g1 + g2), rtol=1e-14)
    plain.train_step(X, Y, lr=0.1)
    plain.train_step(X, Y, lr=0.1)
    assert not np.allclose(plain.weights[0], net.weights[0])


def test_diagnostics_report_gradient_and_update_sizes():
    d = datasets.xor()
    net = MLP([2, 4, 4, 1])
    W = [w.copy() for w in net.weights]
    step = net.train_step(d.X_train, d.Y_train, lr=0.2)
    diag = step.diagnostics
    for i, g in enumerate(step.backward.grad_w):
        assert diag.grad_norm[i] == pytest.approx(np.linalg.norm(g), rel=1e-12)
        # per weight: the root-mean-square of the entries of ∂L/∂W(l)
        assert diag.grad_rms[i] == pytest.approx(np.sqrt(np.mean(g**2)), rel=1e-12)
        assert diag.weight_norm[i] == pytest.approx(np.linalg.norm(W[i]), rel=1e-12)
        assert diag.update_norm[i] == pytest.approx(np.linalg.norm(net.weights[i] - W[i]), rel=1e-9)
    assert diag.saturated == [0.0, 0.0, 0.0] and diag.dead == [0.0, 0.0, 0.0]


def test_diagnose_gives_a_step_s_diagnostics_without_taking_it():
    d = datasets.xor()
    net = MLP([2, 4, 4, 1], activation="sigmoid", seed=3)
    W = [w.copy() for w in net.weights]
    fwd = net.forward(d.X_train)
    diag = net.diagnose(fwd, net.backward(fwd, d.Y_train))
    for before, after in zip(W, net.weights, strict=True):
        np.testing.assert_array_equal(before, after)
    ref = net.copy().train_step(d.X_train, d.Y_train, lr=0.2).diagnostics
    assert diag.grad_norm == ref.grad_norm and diag.weight_norm == ref.weight_norm
    assert diag.saturated_units == ref.saturated_units and diag.dead_units == ref.dead_units
    assert diag.update_norm == [0.0, 0.0, 0.0] and not diag.diverged


def test_saturated_units_are_found():
    net = MLP([2, 4, 1], activation="sigmoid", seed=0)
    net.weights[0] = [[50, 0], [0, 50], [0.1, 0], [0, 0.1]]  # two units driven hard into the tails
    X = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
    diag = net.train_step(X, [[1.0], [0.0], [1.0]], lr=0.1).diagnostics
    assert diag.saturated_units[0] == [True, True, False, False]
    assert diag.saturated[0] == 0.5
    assert diag.dead[0] == 0.0


def test_dead_relus_are_found():
    net = MLP([2, 3, 1], activation="relu", seed=0)
    net.biases[0] = [-100.0, 0.0, 0.0]  # the first unit never fires on this data
    X = np.random.default_rng(1).standard_normal((20, 2))
    step = net.train_step(X, np.ones((20, 1)), lr=0.1)
    assert step.diagnostics.dead_units[0] == [True, False, False]
    assert step.diagnostics.dead[0] == pytest.approx(1 / 3)
    assert (step.backward.grad_w[0][0] == 0).all()  # no gradient reaches a dead unit


def snapshot(net):
    return [p.copy() for p in net.parameters], [v.copy() for v in net.velocity or []]


def assert_unchanged(net, snap):
    params, velocity = snap
    for p, q in zip(params, net.parameters, strict=True):
        np.testing.assert_array_equal(p, q)
    for v, w in zip(velocity, net.velocity or [], strict=True):
        np.testing.assert_array_equal(v, w)


def test_an_overflowing_update_is_refused_and_says_so():
    d = datasets.xor()
    net = MLP([2, 4, 4, 1], momentum=0.5)
    net.train_step(d.X_train, d.Y_train)
    snap = snapshot(net)
    step = net.train_step(d.X_train, d.Y_train, lr=1e308)
    assert step.diverged and not step.updated
    assert "diverged" in step.diagnostics.reason and "left as they were" in step.diagnostics.reason
    assert np.isfinite(step.loss)
    assert_unchanged(net, snap)
    assert net.train_step(d.X_train, d.Y_train, lr=DEFAULT_LR).updated  # and training goes on


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
def test_a_non_finite_loss_is_refused_and_says_so():
    net = MLP([1, 1, 1], activation="relu", output_activation="linear", loss="mse")
    net.weights[0] = [[1e300]]
    net.weights[1] = [[1e300]]
    snap = snapshot(net)
    step = net.train_step([[1e10]], [[0.0]], lr=0.1)  # z overflows to inf
    assert step.diverged
    assert "loss is inf" in step.diagnostics.reason
    assert not step.forward.finite
    assert_unchanged(net, snap)


def test_a_huge_but_finite_learning_rate_that_stays_finite_is_taken():
    net = MLP([2, 2, 1])
    step = net.train_step([[1.0, 0.0]], [[1.0]], lr=1e3)
    assert step.updated
    assert all(np.isfinite(p).all() for p in net.parameters)
