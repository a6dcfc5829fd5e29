"""Loss functions L, each averaged over the batch, and the output error δ(L).

δ(L) is kept per sample, as the textbook writes it (for one example it is exactly
the number a student computes by hand); the 1/n of the batch mean is applied when
the gradients ∂L/∂W and ∂L/∂b are formed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop_engine.arrays import Array


def mse(z: Array, a: Array, y: Array) -> float:
    """L = 1/(2n) Σ_samples ‖a − y‖²."""
    diff = (a - y).ravel()
    return 0.5 * float(diff @ diff) / len(a)


def mse_grad(a: Array, y: Array) -> Array:
    """∇aL per sample; δ(L) = ∇aL ⊙ σ'(z(L))."""
    return a - y


def bce(z: Array, a: Array, y: Array) -> float:
    """L = −1/n Σ [y log a + (1 − y) log(1 − a)] with a = sigmoid(z).

    Written in z as softplus(z) − y·z, which is the same number but stays finite
    when a rounds to exactly 0 or 1.
    """
    return float((np.logaddexp(0.0, z) - y * z).sum()) / len(a)


def cross_entropy(z: Array, a: Array, y: Array) -> float:
    """L = −1/n Σ y · log softmax(z), with log softmax from z for the same reason."""
    zs = z - z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(zs).sum(axis=1))  # (batch,)
    return float(log_sum @ y.sum(axis=1) - (y * zs).sum()) / len(a)


def sigmoid_bce_delta(a: Array, y: Array) -> Array:
    # σ'(z) cancels against the 1/(a(1 − a)) of ∂L/∂a
    return a - y


def softmax_ce_delta(a: Array, y: Array) -> Array:
    # a·Σy − y; for one-hot rows (Σy = 1) this is the familiar a − y
    total: Array = y.sum(axis=1, keepdims=True)  # (batch, 1)
    return a * total - y


@dataclass(frozen=True)
class Loss:
    name: str
    value: Callable[[Array, Array, Array], float]
    # With `output_delta` set, δ(L) comes from it directly (σ' folded in);
    # otherwise δ(L) = grad_a(a, y) ⊙ σ'(z(L)).
    grad_a: Callable[[Array, Array], Array] | None
    output_delta: Callable[[Array, Array], Array] | None
    output_activations: tuple[str, ...]
    advice: str


LOSSES: dict[str, Loss] = {
    "mse": Loss(
        "mse",
        mse,
        grad_a=mse_grad,
        output_delta=None,
        output_activations=("sigmoid", "tanh", "relu", "leaky_relu", "linear"),
        advice="mse works with a sigmoid, tanh, relu, leaky_relu or linear output",
    ),
    "bce": Loss(
        "bce",
        bce,
        grad_a=None,
        output_delta=sigmoid_bce_delta,
        output_activations=("sigmoid",),
        advice="bce needs a sigmoid output",
    ),
    "cross_entropy": Loss(
        "cross_entropy",
        cross_entropy,
        grad_a=None,
        output_delta=softmax_ce_delta,
        output_activations=("softmax",),
        advice="cross_entropy needs a softmax output",
    ),
}
