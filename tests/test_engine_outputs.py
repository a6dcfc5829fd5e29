"""The engine's several outputs, multi-class data, input features and L2 term,
against hand-computed values and central finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_engine import MLP, datasets, gradient_check
from backprop_engine.features import NAMES, features, labels

EPS = 1e-5
TOL = 1e-6
PAIRINGS = [("sigmoid", "bce"), ("sigmoid", "mse"), ("softmax", "cross_entropy")]


# ---------- several outputs ----------
@pytest.mark.parametrize(("output", "loss"), PAIRINGS)
def test_three_outputs_agree_with_finite_differences(output, loss):
    ds = datasets.make("blobs3", n=40)
    net = MLP([2, 3, 3], output_activation=output, loss=loss, seed=4)
    X, Y = ds.X_train[:12], ds.Y_train[:12]
    assert Y.shape == (12, 3)
    assert gradient_check(net, X, Y, EPS) < TOL


def test_softmax_output_delta_is_a_minus_y_per_output():
    net = MLP([2, 3], output_activation="softmax", loss="cross_entropy")
    net.weights[0] = [[0.1, 0.2], [0.3, -0.1], [0.0, 0.5]]
    x, y = np.array([[1.0, 2.0]]), np.array([[0.0, 1.0, 0.0]])
    fwd = net.forward(x)
    z = np.array([0.5, 0.1, 1.0])  # W·x by hand
    a = np.exp(z) / np.exp(z).sum()
    assert np.allclose(fwd.a[-1][0], a)
    assert np.allclose(net.backward(fwd, y).delta[0][0], a - y[0])  # δ(L) a vector
    assert net.loss(fwd, y) == pytest.approx(-math.log(a[1]))


# ---------- a data set of three classes ----------
def test_blobs3_has_balanced_one_hot_targets():
    ds = datasets.make("blobs3", n=120, test_fraction=0.25)
    Y = np.vstack([ds.Y_train, ds.Y_test])
    assert ds.Y_train.shape == (90, 3) and ds.Y_test.shape == (30, 3)
    assert set(np.unique(Y)) == {0.0, 1.0} and np.all(Y.sum(axis=1) == 1)
    assert list(Y.sum(axis=0)) == [40, 40, 40]


LEARN_STEPS = 40  # it needs about 11 at its defaults; 40 leaves room for any seed


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_blobs3_learns_to_90_percent_at_its_defaults(seed):
    """The page's defaults for the set: 2-4-4-3 tanh network, softmax with
    cross-entropy, noise 0.1, mini-batches of 16 at η = 10^-0.5 (its own η,
    app/rules.py DATASET_DEFAULTS): 90% within LEARN_STEPS, and it stays there."""
    ds = datasets.make("blobs3", n=200, noise=0.1, seed=seed)
    net = MLP([2, 4, 4, 3], output_activation="softmax", loss="cross_entropy", seed=seed)
    accuracy = []
    for step in range(2 * LEARN_STEPS):
        batch = np.random.default_rng([seed, step]).choice(len(ds.X_train), 16, replace=False)
        net.train_step(ds.X_train[batch], ds.Y_train[batch], lr=10**-0.5)
        accuracy.append(np.mean(net.predict(ds.X_train).argmax(1) == ds.Y_train.argmax(1)))
    assert min(accuracy[LEARN_STEPS:]) >= 0.9, accuracy


# ---------- input features ----------
def test_features_by_hand():
    X = np.array([[0.5, -2.0]])
    out = features(X, list(NAMES))
    expected = [0.5, -2.0, 0.25, 4.0, -1.0, math.sin(0.5), math.sin(-2.0)]
    assert out.shape == (1, 7) and np.allclose(out[0], expected)
    assert labels(["x2_sq", "x1"]) == ["x₁", "x₂²"]  # always in the order of NAMES
    assert np.allclose(features(X, ["sin_x2", "x1"])[0], [0.5, math.sin(-2.0)])


@pytest.mark.parametrize("bad", [[], ["x3"], ["x1", "x1"], "x1", None])
def test_features_refuse_a_bad_choice_with_a_sentence(bad):
    with pytest.raises(ValueError, match="feature"):
        features(np.zeros((3, 2)), bad)


def test_a_network_on_features_agrees_with_finite_differences():
    ds = datasets.make("circle", n=40)
    A0 = features(ds.X_train[:10], ["x1_sq", "x2_sq", "sin_x1"])  # (10, 3)
    net = MLP([3, 4, 1], seed=2)
    assert gradient_check(net, A0, ds.Y_train[:10], EPS) < TOL


# ---------- L2 ----------
def hand_net(l2):
    net = MLP([2, 2, 1], output_activation="sigmoid", loss="bce", l2=l2)
    net.weights[0] = [[0.15, 0.2], [0.25, 0.3]]
    net.weights[1] = [[0.4, 0.45]]
    net.biases[0] = [0.35, 0.35]
    net.biases[1] = [0.6]
    return net


def test_l2_adds_half_lambda_sum_of_squared_weights_to_the_loss():
    x, y = np.array([[0.05, 0.1]]), np.array([[1.0]])
    plain, reg = hand_net(0.0), hand_net(0.1)
    squares = 0.15**2 + 0.2**2 + 0.25**2 + 0.3**2 + 0.4**2 + 0.45**2  # biases left out
    assert reg.penalty() == pytest.approx(0.05 * squares)
    assert reg.loss(reg.forward(x), y) == pytest.approx(
        plain.loss(plain.forward(x), y) + 0.05 * squares
    )
    assert reg.data_loss(reg.forward(x), y) == plain.loss(plain.forward(x), y)


def test_l2_adds_lambda_w_to_each_weight_gradient_and_nothing_to_biases():
    x, y = np.array([[0.05, 0.1]]), np.array([[1.0]])
    plain, reg = hand_net(0.0), hand_net(0.1)
    g0 = plain.backward(plain.forward(x), y)
    g1 = reg.backward(reg.forward(x), y)
    for W, a, b in zip(reg.weights, g0.grad_w, g1.grad_w, strict=True):
        assert np.allclose(b, a + 0.1 * W)  # ∂L/∂w = δ·a + λw
    for a, b in zip(g0.grad_b, g1.grad_b, strict=True):
        assert np.allclose(a, b)


@pytest.mark.parametrize(("output", "loss"), PAIRINGS)
def test_l2_agrees_with_finite_differences(output, loss):
    ds = datasets.make("blobs3", n=40)
    net = MLP([2, 4, 3], output_activation=output, loss=loss, seed=1, l2=0.08)
    assert gradient_check(net, ds.X_train[:10], ds.Y_train[:10], EPS) < TOL
    one = gradient_check(net, ds.X_train[:1], ds.Y_train[:1], EPS, weight=(1, 2, 3))
    assert one.relative_error < TOL


def test_a_step_with_l2_shrinks_weights_the_data_leaves_alone():
    net = MLP([2, 1], output_activation="linear", loss="mse", l2=0.5)
    net.weights[0] = [[2.0, 1.0]]
    # x = (1, 0) with target 0 and b = 0: the data's gradient on w₂ is δ·0 = 0
    net.train_step([[1.0, 0.0]], [[2.0]], lr=0.1)
    assert net.weights[0][0, 1] == pytest.approx(1.0 - 0.1 * 0.5 * 1.0)


def test_l2_round_trips_and_old_saves_mean_no_l2():
    net = MLP([2, 3, 1], l2=0.01)
    d = net.to_dict()
    assert d["l2"] == 0.01 and MLP.from_dict(d).config.l2 == 0.01
    del d["l2"]
    assert MLP.from_dict(d).config.l2 == 0.0


@pytest.mark.parametrize("bad", [-0.1, 2.0, True, "0.1", math.nan])
def test_l2_refuses_a_bad_lambda(bad):
    with pytest.raises(ValueError, match="λ"):
        MLP([2, 1], l2=bad)
