"""The public API: shapes, what a step returns, and checks on what goes in."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from backprop_engine import MLP, datasets

SIZES = [3, 5, 4, 2]


def data(batch=7, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((batch, SIZES[0])), rng.integers(0, 2, (batch, SIZES[-1])).astype(
        float
    )


@pytest.mark.parametrize("options", [{}, {"residual": True}, {"normalization": "layer"}])
def test_shapes_follow_the_page(options):
    net = MLP(SIZES, **options)
    X, Y = data()
    fwd = net.forward(X)
    bwd = net.backward(fwd, Y)
    assert len(net.weights) == len(net.biases) == len(SIZES) - 1
    np.testing.assert_array_equal(fwd.a[0], X)
    for i, (n_in, n_out) in enumerate(itertools.pairwise(SIZES)):
        assert net.weights[i].shape == (n_out, n_in)
        assert net.biases[i].shape == (n_out,)
        for arr in (
            fwd.z[i],
            fwd.z_hat[i],
            fwd.h[i],
            fwd.a[i + 1],
            bwd.delta[i],
            bwd.sigma_prime[i],
        ):
            assert arr.shape == (len(X), n_out)
        assert bwd.grad_w[i].shape == net.weights[i].shape
        assert bwd.grad_b[i].shape == net.biases[i].shape
    n_norm = len(SIZES) - 2 if options.get("normalization") else 0
    assert len(net.gammas) == len(bwd.grad_gamma) == n_norm


def test_forward_is_the_page_equations():
    net = MLP(SIZES, activation="tanh", output_activation="sigmoid", seed=3)
    X, _ = data()
    fwd = net.forward(X)
    a = X
    for i, (W, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        z = a @ W.T + b
        a = np.tanh(z) if i < len(net.weights) - 1 else 1 / (1 + np.exp(-z))
        np.testing.assert_allclose(fwd.z[i], z, rtol=1e-13)
        np.testing.assert_allclose(fwd.a[i + 1], a, rtol=1e-13)
    np.testing.assert_allclose(net.predict(X), fwd.output, rtol=0, atol=0)


def test_backward_is_the_page_equations():
    net = MLP(SIZES, activation="sigmoid", output_activation="sigmoid", loss="mse", seed=5)
    X, Y = data()
    fwd = net.forward(X)
    bwd = net.backward(fwd, Y)
    s = fwd.a
    delta = (s[-1] - Y) * s[-1] * (1 - s[-1])  # δ(L) = ∇aL ⊙ σ'(z(L)), per sample
    for i in range(len(net.weights) - 1, -1, -1):
        np.testing.assert_allclose(bwd.delta[i], delta, rtol=1e-12)
        np.testing.assert_allclose(bwd.grad_w[i], delta.T @ s[i] / len(X), rtol=1e-12)
        np.testing.assert_allclose(bwd.grad_b[i], delta.mean(axis=0), rtol=1e-12)
        if i:
            delta = (delta @ net.weights[i]) * s[i] * (1 - s[i])  # (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l))


def test_train_step_reports_values_from_before_the_update():
    net = MLP(SIZES, seed=1)
    X, Y = data()
    before = [W.copy() for W in net.weights]
    fwd = net.forward(X)
    bwd = net.backward(fwd, Y)
    step = net.train_step(X, Y, lr=0.3)
    assert step.loss == net.loss(fwd, Y)
    assert step.updated and not step.diverged
    for i, W in enumerate(net.weights):
        np.testing.assert_array_equal(step.forward.z[i], fwd.z[i])
        np.testing.assert_array_equal(step.backward.grad_w[i], bwd.grad_w[i])
        np.testing.assert_allclose(W, before[i] - 0.3 * bwd.grad_w[i], rtol=1e-15)
    assert net.loss(net.forward(X), Y) < step.loss


def test_same_seed_same_network_in_either_dtype():
    a, b = MLP(SIZES, seed=11), MLP(SIZES, seed=11)
    c = MLP(SIZES, seed=12)
    f32 = MLP(SIZES, seed=11, dtype="float32")
    for wa, wb, wc, w32 in zip(a.weights, b.weights, c.weights, f32.weights, strict=True):
        np.testing.assert_array_equal(wa, wb)
        assert not np.array_equal(wa, wc)
        assert w32.dtype == np.float32
        np.testing.assert_array_equal(w32, wa.astype(np.float32))


@pytest.mark.parametrize(
    ("activation", "expected_var"), [("tanh", 2 / (400 + 300)), ("relu", 2 / 400)]
)
def test_initialisation_scale(activation, expected_var):
    # Glorot for tanh/sigmoid, He for the ReLU family
    net = MLP([400, 300, 1], activation=activation, output_activation="linear", loss="mse", seed=0)
    assert net.weights[0].var() == pytest.approx(expected_var, rel=0.02)
    assert (net.biases[0] == 0).all()


def test_float32_stays_float32():
    net = MLP(SIZES, dtype="float32", seed=2)
    X, Y = data()
    step = net.train_step(X, Y, lr=0.1)  # float64 inputs are converted once, on the way in
    arrays = [*step.forward.a, *step.forward.z, *step.backward.delta, *step.backward.grad_w]
    assert all(a.dtype == np.float32 for a in arrays)
    assert all(p.dtype == np.float32 for p in net.parameters)
    assert net.predict(X).dtype == np.float32


def test_weights_are_assignable_and_checked():
    net = MLP([2, 2, 1])
    net.weights[0] = [[1, 2], [3, 4]]
    assert net.weights[0].dtype == np.float64
    np.testing.assert_array_equal(net.weights[0], [[1, 2], [3, 4]])
    source = np.zeros((1, 2))
    net.weights[-1] = source
    source[0, 0] = 9.0  # the network keeps its own copy
    assert net.weights[1][0, 0] == 0.0
    with pytest.raises(ValueError, match=r"shape \(2, 2\)"):
        net.weights[0] = [[1, 2, 3]]
    with pytest.raises(ValueError, match="finite"):
        net.biases[0] = [np.nan, 0]
    with pytest.raises(ValueError, match="numbers"):
        net.biases[1] = ["x"]
    with pytest.raises(TypeError):
        net.weights.append(np.zeros((1, 1)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sizes": [2]}, "layer widths"),
        ({"sizes": [2, 0, 1]}, "at least 1"),
        ({"sizes": [2, 2.5, 1]}, "whole number"),
        ({"sizes": "2,4,1"}, "layer widths"),
        ({"activation": "softmax"}, "activation must be one of"),
        ({"activation": "swish"}, "activation must be one of"),
        ({"output_activation": "softmax", "loss": "mse"}, "mse works with"),
        ({"output_activation": "tanh", "loss": "bce"}, "bce needs a sigmoid output"),
        ({"output_activation": "sigmoid", "loss": "cross_entropy"}, "needs a softmax output"),
        ({"sizes": [2, 1], "output_activation": "softmax", "loss": "cross_entropy"}, "two units"),
        ({"loss": "hinge"}, "loss must be one of"),
        ({"seed": -1}, "seed"),
        ({"seed": True}, "seed"),
        ({"dtype": "float16"}, "dtype"),
        ({"momentum": 1.0}, "momentum"),
        ({"residual": "yes"}, "residual"),
        ({"normalization": "batch"}, "normalization"),
    ],
)
def test_constructor_rejects_bad_settings_with_a_readable_message(kwargs, message):
    kwargs = {"sizes": [2, 3, 1], **kwargs}
    with pytest.raises(ValueError, match=message):
        MLP(**kwargs)


def test_bad_data_is_rejected():
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match=r"\(batch, 2\)"):
        net.forward([1.0, 2.0])
    with pytest.raises(ValueError, match=r"\(batch, 2\)"):
        net.forward(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="finite"):
        net.forward([[np.inf, 0.0]])
    fwd = net.forward([[0.0, 1.0]])
    with pytest.raises(ValueError, match="Y must have"):
        net.loss(fwd, [[1.0, 0.0]])
    with pytest.raises(ValueError, match="finite"):
        net.backward(fwd, [[np.nan]])
    for lr in (0, -1, np.inf, np.nan, "0.1", True):
        with pytest.raises(ValueError, match="learning rate"):
            net.train_step([[0.0, 1.0]], [[1.0]], lr=lr)


def test_datasets_shapes_split_and_seed():
    for name in datasets.NAMES:
        d = datasets.make(name, n=100, test_fraction=0.3, seed=4)
        assert d.X_train.shape == (70, 2) and d.X_test.shape == (30, 2)
        n_out = 3 if name == "blobs3" else 1  # three classes, one-hot
        assert d.Y_train.shape == (70, n_out) and d.Y_test.shape == (30, n_out)
        assert np.abs(d.X_train).max() < 2
        again = datasets.make(name, n=100, test_fraction=0.3, seed=4)
        other = datasets.make(name, n=100, test_fraction=0.3, seed=5)
        np.testing.assert_array_equal(d.X_train, again.X_train)
        assert not np.array_equal(d.X_train, other.X_train)
        if d.task == "classification":
            labels = np.concatenate([d.Y_train, d.Y_test])
            assert set(np.unique(labels)) == {0.0, 1.0}
            assert 0.3 < labels.mean() < 0.7  # both classes well represented
        else:
            assert name in datasets.REGRESSION


def test_dataset_noise_moves_points():
    quiet = datasets.circle(noise=0.0, seed=1)
    noisy = datasets.circle(noise=0.3, seed=1)
    radius = np.hypot(*quiet.X_train.T)
    inner = quiet.Y_train[:, 0] == 1
    assert radius[inner].max() <= 0.5 and radius[~inner].min() >= 0.7  # clean classes apart
    assert not np.allclose(quiet.X_train, noisy.X_train)


@pytest.mark.parametrize(
    "kwargs",
    [{"n": 2}, {"n": 10.5}, {"noise": -0.1}, {"noise": 5}, {"test_fraction": 1.0}, {"seed": -3}],
)
def test_dataset_arguments_are_checked(kwargs):
    with pytest.raises(ValueError):
        datasets.xor(**kwargs)
    with pytest.raises(ValueError, match="unknown data set"):
        datasets.make("mnist")


def test_one_hot():
    np.testing.assert_array_equal(datasets.one_hot([[1.0], [0.0]]), [[0, 1], [1, 0]])
    with pytest.raises(ValueError):
        datasets.one_hot([2], n_classes=2)
