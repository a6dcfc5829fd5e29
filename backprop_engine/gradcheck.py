"""Backprop checked against the definition of a derivative.

Nudge one parameter by ±ε, run the network again, and the slope
(L(w + ε) − L(w − ε)) / 2ε is what ∂L/∂w must be. Backprop gets every such slope
from one backward pass; the check needs two forward passes per parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from backprop_engine.arrays import Array
from backprop_engine.network import MLP

# Gradients smaller than this are compared in absolute terms (the difference is
# divided by this floor rather than by the gradient): for them the slope's own
# rounding error, about 1e-16·L/ε amplified by every operation of the pass, would
# otherwise dominate the relative error.
ZERO_BELOW = 1e-5


@dataclass(frozen=True)
class WeightCheck:
    """The finite-difference check of one weight W(layer+1)[row, col]."""

    layer: int  # index into net.weights
    row: int  # the neuron the weight feeds
    col: int  # the neuron (or input) it comes from
    weight: float
    eps: float
    loss: float  # L(w)
    loss_plus: float  # L(w + ε)
    loss_minus: float  # L(w − ε)
    numerical: float  # (L(w + ε) − L(w − ε)) / 2ε
    backprop: float  # ∂L/∂w from the backward pass
    relative_error: float


def relative_error(numerical: float, backprop: float) -> float:
    return abs(numerical - backprop) / max(abs(numerical), abs(backprop), ZERO_BELOW)


def _as_float64(net: MLP) -> MLP:
    # Finite differences in float32 are mostly rounding noise; check the same
    # network in float64 instead.
    d = net.to_dict()
    d["dtype"] = "float64"
    return MLP.from_dict(d, max_params=net.n_params)


def _slope(
    net: MLP, param: Array, index: tuple[int, ...], X: Any, Y: Any, eps: float
) -> tuple[float, float]:
    original = float(param[index])
    try:
        param[index] = original + eps
        plus = net.loss(net.forward(X), Y)
        param[index] = original - eps
        minus = net.loss(net.forward(X), Y)
    finally:
        param[index] = original
    return plus, minus


@overload
def gradient_check(net: MLP, X: Any, Y: Any, eps: float = 1e-6) -> float: ...
@overload
def gradient_check(
    net: MLP, X: Any, Y: Any, eps: float = 1e-6, *, weight: tuple[int, int, int]
) -> WeightCheck: ...
def gradient_check(
    net: MLP, X: Any, Y: Any, eps: float = 1e-6, *, weight: tuple[int, int, int] | None = None
) -> float | WeightCheck:
    """Compare backprop with central differences, in float64, on a copy of `net`.

    Without `weight`: every parameter (weights, biases, γ, β) is checked and the
    largest relative error returned. With `weight=(layer, row, col)`: that one
    weight of net.weights[layer] is checked and the numbers behind it returned.
    """
    if not (isinstance(eps, (int, float)) and 0 < eps < 1):
        raise ValueError(f"eps must be a small positive number; got {eps!r}")
    probe = _as_float64(net)
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    fwd = probe.forward(X)
    bwd = probe.backward(fwd, Y)

    if weight is not None:
        layer, row, col = _weight_index(probe, weight)
        W = probe.weights[layer]
        plus, minus = _slope(probe, W, (row, col), X, Y, eps)
        numerical = (plus - minus) / (2 * eps)
        backprop = float(bwd.grad_w[layer][row, col])
        return WeightCheck(
            layer,
            row,
            col,
            float(W[row, col]),
            eps,
            probe.loss(fwd, Y),
            plus,
            minus,
            numerical,
            backprop,
            relative_error(numerical, backprop),
        )

    params = probe.parameters
    grads = [*bwd.grad_w, *bwd.grad_b, *bwd.grad_gamma, *bwd.grad_beta]
    worst = 0.0
    for param, grad in zip(params, grads, strict=True):
        for index in np.ndindex(param.shape):
            plus, minus = _slope(probe, param, index, X, Y, eps)
            numerical = (plus - minus) / (2 * eps)
            worst = max(worst, relative_error(numerical, float(grad[index])))
    return worst


def _weight_index(net: MLP, weight: Any) -> tuple[int, int, int]:
    if (
        not isinstance(weight, (tuple, list))
        or len(weight) != 3
        or not all(isinstance(i, int) and not isinstance(i, bool) for i in weight)
    ):
        raise ValueError("weight must be (layer, row, col), three whole numbers")
    layer, row, col = weight
    if not 0 <= layer < len(net.weights):
        raise ValueError(f"layer must be from 0 to {len(net.weights) - 1}; got {layer}")
    n_out, n_in = net.weights[layer].shape
    if not (0 <= row < n_out and 0 <= col < n_in):
        raise ValueError(
            f"weights[{layer}] is {n_out}×{n_in}: row must be below {n_out} and col below {n_in}"
        )
    return layer, row, col
