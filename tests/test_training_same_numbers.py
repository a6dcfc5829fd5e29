"""Play's cheaper steps give the same numbers: a run of `training.run_steps` against
the textbook loop written out here in plain NumPy (the same seeds, so the same
mini-batches; the same operations in the same order, so the same bits).

The default network (2-4-4-1, tanh, sigmoid output, bce) with η = 1 for 20 steps:
its loss does not fall at every step, so the reply also carries a best state."""

from __future__ import annotations

import math

import numpy as np

from app import data, metrics, state, training

STEPS = 20
LR_LOG = 0.0  # η = 1


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _forward(Ws, bs, x):
    """a(0) … a(L): z(l) = W(l)·a(l−1) + b(l), tanh in hidden layers, sigmoid at the output."""
    a = [x]
    for i, (W, b) in enumerate(zip(Ws, bs, strict=True)):
        z = a[-1] @ W.T + b
        a.append(_sigmoid(z) if i == len(Ws) - 1 else np.tanh(z))
    return a, z


def _bce(Ws, bs, X, Y):
    _, z = _forward(Ws, bs, X)
    return float((np.logaddexp(0.0, z) - Y * z).sum()) / len(X)


def _step(Ws, bs, x, y, lr):
    """One step of gradient descent on the batch: δ(L) = a(L) − y, then
    δ(l) = (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l)) and ∂L/∂W(l) = δ(l)·a(l−1)ᵀ, batch-averaged."""
    a, _ = _forward(Ws, bs, x)
    n = len(x)
    delta = a[-1] - y
    new_W, new_b = list(Ws), list(bs)
    for i in range(len(Ws) - 1, -1, -1):
        if i < len(Ws) - 1:
            delta = (delta @ Ws[i + 1]) * (1.0 - a[i + 1] * a[i + 1])
        gw = delta.T @ a[i]
        gw *= 1.0 / n
        gb = np.einsum("ij->j", delta)
        gb *= 1.0 / n
        new_W[i], new_b[i] = Ws[i] - lr * gw, bs[i] - lr * gb
    return new_W, new_b


def _batch(seed, step, n_train, size):
    rng = np.random.default_rng([seed, step])
    return sorted(int(i) for i in rng.choice(n_train, size=size, replace=False))


def test_a_play_request_gives_the_textbook_loops_losses_weights_and_best_state():
    cfg = state.read_config(dict(state.DEFAULT_CONFIG))
    start = state.fresh_net(cfg, 0).as_json()
    ds = data.load(cfg)
    setup = state.read_setup(cfg, start, LR_LOG, 0)
    training._drawn_batch.cache_clear()  # the draws themselves, not remembered ones
    reply = training.run_steps(setup, STEPS)

    Ws = [np.array(W) for W in start["net_json"]["weights"]]
    bs = [np.array(b) for b in start["net_json"]["biases"]]
    lr = 10.0**LR_LOG
    loss_now = _bce(Ws, bs, ds.X, ds.Y)
    best = None
    losses, test_losses = [], []
    for step in range(STEPS):
        if best is None or loss_now <= best[0]:
            best = (loss_now, step, Ws, bs)
        batch = _batch(cfg["seed"], step, len(ds.X), cfg["batch_size"])
        Ws, bs = _step(Ws, bs, ds.X[batch], ds.Y[batch], lr)
        loss_now = _bce(Ws, bs, ds.X, ds.Y)
        losses.append(metrics.num(loss_now))
        test_losses.append(metrics.num(_bce(Ws, bs, ds.X_test, ds.Y_test)))

    assert reply["diverged"] is None
    assert reply["losses"] == losses
    assert reply["test_losses"] == test_losses
    net_json = reply["net_state"]["net_json"]
    assert net_json["weights"] == [W.tolist() for W in Ws]
    assert net_json["biases"] == [b.tolist() for b in bs]
    assert reply["view"]["train_loss"] == losses[-1]
    # the loss rose above an earlier one, so the lowest-loss state travels too
    assert best is not None and math.isfinite(best[0]) and loss_now > best[0]
    sent = reply["best"]
    assert sent["loss"] == metrics.num(best[0])
    assert sent["net_state"]["step"] == best[1]
    assert sent["net_state"]["net_json"]["weights"] == [W.tolist() for W in best[2]]
    assert sent["net_state"]["net_json"]["biases"] == [b.tolist() for b in best[3]]
    assert sent["view"]["train_loss"] == metrics.num(best[0])


def test_a_remembered_batch_is_the_drawn_one():
    cfg = state.read_config(dict(state.DEFAULT_CONFIG))
    training._drawn_batch.cache_clear()
    first = [training.batch_indices(cfg, 160, step) for step in range(5)]
    again = [training.batch_indices(cfg, 160, step) for step in range(5)]
    drawn = [_batch(cfg["seed"], step, 160, cfg["batch_size"]) for step in range(5)]
    assert first == again == drawn
    first[0].append(-1)  # a caller's list is its own
    assert training.batch_indices(cfg, 160, 0) == again[0]
