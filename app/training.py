"""The server's answers, as compact JSON: a fresh start, and one training step.

Every number here comes from the engine; this module only picks which numbers the
page needs and rounds them for display. The exact network travels separately
(`net`), so rounding never feeds back into training.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app import data, metrics
from app.state import NetState, net_options
from backprop_engine import MLP

SURFACE_DECIMALS = 3  # the shaded surface needs no more
MAX_HISTORY = 2000  # loss points kept for the chart (the browser trims to this)


def sig(values: Any) -> Any:
    """Nested lists of floats rounded to metrics.DIGITS significant digits, for display."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 0:
        return float(f"{float(arr):.{metrics.DIGITS}g}")
    flat = [float(f"{v:.{metrics.DIGITS}g}") for v in arr.ravel().tolist()]
    return np.array(flat).reshape(arr.shape).tolist()


def _rows(arrays: list[np.ndarray], row: int = 0) -> list[Any]:
    """One sample's row from each per-layer (batch, units) array."""
    return [sig(a[row]) for a in arrays]


def _view(net: MLP, ds: data.Dataset) -> dict[str, Any]:
    """What the page draws of a network at rest: weights, loss, prediction surface."""
    fwd = net.forward(ds.X)
    surface = net.predict(ds.grid)[:, 0].reshape(len(ds.grid_y), len(ds.grid_x))
    surface = np.nan_to_num(surface, nan=0.0, posinf=1e6, neginf=-1e6)  # shading only
    return {
        "weights": [sig(W) for W in net.weights],
        "biases": [sig(b) for b in net.biases],
        "train_loss": metrics.num(net.loss(fwd, ds.Y)),
        "surface": np.round(surface, SURFACE_DECIMALS).tolist(),
        **metrics.measures(net, ds),
    }


def fresh_start(config: dict[str, Any], run: int) -> dict[str, Any]:
    """The stores' contents for a new network at step 0 (page load and Reset)."""
    ds = data.load(config)
    net = MLP(config["sizes"], **net_options(config))
    view = _view(net, ds)
    view["losses"] = [view["train_loss"]]
    view["test_losses"] = [view["test_loss"]]
    diag = metrics.initial_diagnostics(net, ds)
    view["grad_hist"] = [diag["grad_norm"]]
    view["marks"] = diag["marks"]
    view["step"] = 0
    view["run"] = run
    return {
        "net": {"net": net.to_dict(), "step": 0, "run": run},
        "view": view,
        "data": ds.to_json(config),
    }


def start_from(config: dict[str, Any], state: NetState) -> dict[str, Any]:
    """The stores' contents for a given, validated network (a shared link, a file)."""
    ds = data.load(config)
    view = _view(state.net, ds)
    view["losses"] = [view["train_loss"]]
    view["step"] = state.step
    view["run"] = state.run
    return {
        "net": {"net": state.net.to_dict(), "step": state.step, "run": state.run},
        "view": view,
        "data": ds.to_json(config),
    }


def batch_indices(config: dict[str, Any], n_train: int, step: int) -> list[int]:
    """The mini-batch of training step `step`: the same for everyone with this seed."""
    rng = np.random.default_rng([config["seed"], step])
    idx = rng.choice(n_train, size=min(config["batch_size"], n_train), replace=False)
    return sorted(int(i) for i in idx)


def train_step(
    config: dict[str, Any], state: NetState, lr: float, lr_log: float, example: int
) -> dict[str, Any]:
    """One training step on the mini-batch, plus the trace of the shown example."""
    ds = data.load(config)
    net = state.net

    # The example the diagram follows: its own forward and backward pass, so each
    # δ and ∂L/∂w on screen belongs to that one input.
    x, y = ds.X[example : example + 1], ds.Y[example : example + 1]
    fwd1 = net.forward(x)
    bwd1 = net.backward(fwd1, y)
    shown = {
        "index": example,
        "x": sig(x[0]),
        "y": sig(y[0]),
        "z": _rows(fwd1.z),
        "a": _rows(fwd1.a),
        "delta": _rows(bwd1.delta),
        "sigma_prime": _rows(bwd1.sigma_prime),
        "grad_w": [sig(g) for g in bwd1.grad_w],
        "grad_b": [sig(g) for g in bwd1.grad_b],
        "loss": sig(net.loss(fwd1, y)),
    }

    batch = batch_indices(config, len(ds.X), state.step)
    before_w = [sig(W) for W in net.weights]
    before_b = [sig(b) for b in net.biases]
    step = net.train_step(ds.X[batch], ds.Y[batch], lr)  # updates `net` in place
    after = _view(net, ds)
    diag = step.diagnostics
    return {
        "for": {"run": state.run, "step": state.step, "example": example, "lr_log": lr_log},
        "lr": lr,
        "batch": batch,
        "shown": shown,
        "batch_loss": sig(step.loss),
        "grad_w": [sig(g) for g in step.backward.grad_w],
        "grad_b": [sig(g) for g in step.backward.grad_b],
        "grad_norm": sig(diag.grad_norm),
        "marks": metrics.marks(diag),
        "weights_before": before_w,
        "biases_before": before_b,
        "diverged": step.diverged,
        "reason": diag.reason,
        "after": after,
        "net": {
            "net": net.to_dict(),
            "step": state.step + (0 if step.diverged else 1),
            "run": state.run,
        },
    }
