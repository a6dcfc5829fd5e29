"""How well a network does, in the numbers a student reads beside the loss:
loss on the held-out test points, accuracy (classification) or error
(regression), and the per-layer diagnostics of the vanishing-gradients lab.

A number that is not finite never leaves this module: it becomes None, which the
page shows as a dash."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from app import data
from backprop_engine import MLP, Diagnostics

DIGITS = 4  # significant digits of the numbers drawn on screen


def num(v: Any) -> float | None:
    """A float rounded for display, or None if it is not finite."""
    v = float(v)
    return float(f"{v:.{DIGITS}g}") if math.isfinite(v) else None


def predicted_class(out: np.ndarray) -> np.ndarray:
    """(n, n_out) outputs or targets -> (n,) classes: one output says class 1 from
    0.5 up; several say the class of the largest."""
    if out.shape[1] == 1:
        return (out[:, 0] >= 0.5).astype(np.int64)
    return np.argmax(out, axis=1)


class Losses(NamedTuple):
    """A network's losses on the training and test points, each with the L2 term,
    and the outputs a(L) they came from (None for a part without points)."""

    train: float
    test: float
    data: float  # the training loss's data part, without the L2 term
    out: np.ndarray | None
    out_test: np.ndarray | None


def losses(net: MLP, ds: data.Dataset) -> Losses:
    """The two numbers a step of Play adds to the loss chart, from one forward pass
    over each part (not one over both: it may round a last digit differently);
    `measure` takes accuracy or error from the same outputs when a view is drawn."""
    penalty = net.penalty()
    train, data_part, out = _loss(net, ds.X, ds.Y, penalty)
    test, _, out_test = _loss(net, ds.X_test, ds.Y_test, penalty)
    return Losses(train, test, data_part, out, out_test)


def _loss(
    net: MLP, X: np.ndarray, Y: np.ndarray, penalty: float
) -> tuple[float, float, np.ndarray | None]:
    """(loss, its data part, a(L)) on the points X; the loss is the data part plus
    the L2 term, as net.loss adds them."""
    if len(X) == 0:
        return math.nan, math.nan, None
    fwd = net.forward(X)
    data_part = net.data_loss(fwd, Y)
    return float(data_part + penalty), data_part, fwd.a[-1]


def _metric(task: str, out: np.ndarray | None, Y: np.ndarray) -> float | None:
    """Accuracy (classification) or root-mean-square error, in the target's units."""
    if out is None:
        return None
    if task == "classification":
        return num(np.mean(predicted_class(out) == predicted_class(Y)))
    return num(np.sqrt(np.mean((out - Y) ** 2)))


class Measured(NamedTuple):
    train_loss: float  # exact, for comparisons
    test_loss: float
    # rounded, for the view: train_loss, test_loss, metric; with L2 (λ > 0) also the
    # training loss's two parts, data_loss and l2_term, for "L = data + λ-term"
    shown: dict[str, Any]


def measure(net: MLP, ds: data.Dataset, known: Losses | None = None) -> Measured:
    """Training and test loss, and accuracy or error: one forward pass over each part,
    or none when the network's `losses` are `known` already."""
    ls = known or losses(net, ds)
    name = "accuracy" if ds.task == "classification" else "error"
    metric = {
        "name": name,
        "train": _metric(ds.task, ls.out, ds.Y),
        "test": _metric(ds.task, ls.out_test, ds.Y_test),
    }
    shown = {"train_loss": num(ls.train), "test_loss": num(ls.test), "metric": metric}
    if net.config.l2:
        shown.update(data_loss=num(ls.data), l2_term=num(net.penalty()))
    return Measured(ls.train, ls.test, shown)


def marks(diag: Diagnostics) -> dict[str, Any]:
    """Saturated and dead units per layer (layer 1 first), as the diagram marks them."""
    return {"saturated": diag.saturated_units, "dead": diag.dead_units}


def initial_diagnostics(net: MLP, ds: data.Dataset) -> dict[str, Any]:
    """Gradient sizes per weight (RMS) and marks of a network before it has trained:
    the engine's diagnostics of a forward and backward pass on the training set."""
    fwd = net.forward(ds.X)
    diag = net.diagnose(fwd, net.backward(fwd, ds.Y))
    return {"grad_rms": [num(g) for g in diag.grad_rms], "marks": marks(diag)}
