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


def _measure(
    net: MLP, task: str, X: np.ndarray, Y: np.ndarray
) -> tuple[float, float | None, float]:
    """(loss, accuracy or error, the data's part of the loss) on the points X, from
    one forward pass; the loss is the data's part plus the L2 term."""
    if len(X) == 0:
        return math.nan, None, math.nan
    fwd = net.forward(X)
    out = fwd.a[-1]  # the network's output a(L), as predict gives it
    if task == "classification":
        metric = np.mean(predicted_class(out) == predicted_class(Y))
    else:  # root-mean-square error, in the units of the target
        metric = np.sqrt(np.mean((out - Y) ** 2))
    return net.loss(fwd, Y), num(metric), net.data_loss(fwd, Y)


class Measured(NamedTuple):
    train_loss: float  # exact, for comparisons
    test_loss: float
    # rounded, for the view: train_loss, test_loss, metric; with L2 (λ > 0) also the
    # training loss's two parts, data_loss and l2_term, for "L = data + λ-term"
    shown: dict[str, Any]


def measure(net: MLP, ds: data.Dataset) -> Measured:
    """Training and test loss, and accuracy or error: one forward pass over each part."""
    train_loss, train, data_loss = _measure(net, ds.task, ds.X, ds.Y)
    test_loss, test, _ = _measure(net, ds.task, ds.X_test, ds.Y_test)
    name = "accuracy" if ds.task == "classification" else "error"
    shown = {
        "train_loss": num(train_loss),
        "test_loss": num(test_loss),
        "metric": {"name": name, "train": train, "test": test},
    }
    if net.config.l2:
        shown.update(data_loss=num(data_loss), l2_term=num(net.penalty()))
    return Measured(float(train_loss), float(test_loss), shown)


def losses(net: MLP, ds: data.Dataset) -> tuple[float, float]:
    """(training loss, test loss), each with the L2 term: the two numbers a step of
    Play adds to the loss chart, without `measure`'s accuracy, which only the last
    step's view shows. The same numbers as `measure` gives (each part its own pass:
    a pass over both at once may round a last digit differently)."""
    penalty = net.penalty()
    return _loss(net, ds.X, ds.Y, penalty), _loss(net, ds.X_test, ds.Y_test, penalty)


def _loss(net: MLP, X: np.ndarray, Y: np.ndarray, penalty: float) -> float:
    if len(X) == 0:
        return math.nan
    return float(net.data_loss(net.forward(X), Y) + penalty)


def marks(diag: Diagnostics) -> dict[str, Any]:
    """Saturated and dead units per layer (layer 1 first), as the diagram marks them."""
    return {"saturated": diag.saturated_units, "dead": diag.dead_units}


def initial_diagnostics(net: MLP, ds: data.Dataset) -> dict[str, Any]:
    """Gradient sizes per weight (RMS) and marks of a network before it has trained:
    the engine's diagnostics of a forward and backward pass on the training set."""
    fwd = net.forward(ds.X)
    diag = net.diagnose(fwd, net.backward(fwd, ds.Y))
    return {"grad_rms": [num(g) for g in diag.grad_rms], "marks": marks(diag)}
