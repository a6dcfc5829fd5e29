"""How well a network does, in the numbers a student reads beside the loss:
loss on the held-out test points, accuracy (classification) or error
(regression), and the per-layer diagnostics of the vanishing-gradients lab.

A number that is not finite never leaves this module: it becomes None, which the
page shows as a dash."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from app import data
from backprop_engine import MLP, Diagnostics

DIGITS = 4  # significant digits of the numbers drawn on screen


def num(v: Any) -> float | None:
    """A float rounded for display, or None if it is not finite."""
    v = float(v)
    return float(f"{v:.{DIGITS}g}") if math.isfinite(v) else None


def _metric(net: MLP, task: str, X: np.ndarray, Y: np.ndarray) -> float | None:
    if len(X) == 0:
        return None
    out = net.predict(X)
    if task == "classification":
        return num(np.mean((out[:, 0] >= 0.5) == (Y[:, 0] >= 0.5)))
    # root-mean-square error, in the units of the target
    return num(np.sqrt(np.mean((out[:, 0] - Y[:, 0]) ** 2)))


def measures(net: MLP, ds: data.Dataset) -> dict[str, Any]:
    """Test loss and accuracy or error, for the view of a network at rest."""
    test_loss = net.loss(net.forward(ds.X_test), ds.Y_test) if len(ds.X_test) else math.nan
    return {
        "test_loss": num(test_loss),
        "metric": {
            "name": "accuracy" if ds.task == "classification" else "error",
            "train": _metric(net, ds.task, ds.X, ds.Y),
            "test": _metric(net, ds.task, ds.X_test, ds.Y_test),
        },
    }


def marks(diag: Diagnostics) -> dict[str, Any]:
    """Saturated and dead units per layer (layer 1 first), as the diagram marks them."""
    return {"saturated": diag.saturated_units, "dead": diag.dead_units}


def initial_diagnostics(net: MLP, ds: data.Dataset) -> dict[str, Any]:
    """Gradient norms and marks of a network before it has trained: the engine's
    diagnostics of a forward and backward pass on the training set."""
    fwd = net.forward(ds.X)
    diag = net.diagnose(fwd, net.backward(fwd, ds.Y))
    return {"grad_norm": [num(g) for g in diag.grad_norm], "marks": marks(diag)}
