"""Activation functions σ and their derivatives σ'.

Each derivative takes both z and s = σ(z): the forward pass has already computed
s, and σ' of sigmoid and tanh is cheapest (and most exact) written in terms of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop_engine.arrays import Array

LEAKY_SLOPE = 0.01


def sigmoid(z: Array) -> Array:
    # exp(−softplus(−z)) = 1 / (1 + e^(−z)), without overflow for very negative z
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_prime(z: Array, s: Array) -> Array:
    return s * (1.0 - s)


def tanh(z: Array) -> Array:
    return np.tanh(z)


def tanh_prime(z: Array, s: Array) -> Array:
    return 1.0 - s * s


def relu(z: Array) -> Array:
    return np.maximum(z, 0.0)


def relu_prime(z: Array, s: Array) -> Array:
    # σ'(0) taken as 0, as most libraries do
    return (z > 0.0).astype(z.dtype)


def leaky_relu(z: Array) -> Array:
    return np.where(z > 0.0, z, LEAKY_SLOPE * z)


def leaky_relu_prime(z: Array, s: Array) -> Array:
    one, slope = z.dtype.type(1.0), z.dtype.type(LEAKY_SLOPE)
    return np.where(z > 0.0, one, slope)


def linear(z: Array) -> Array:
    return z


def linear_prime(z: Array, s: Array) -> Array:
    return np.ones_like(z)


def softmax(z: Array) -> Array:
    e: Array = np.exp(z - z.max(axis=1, keepdims=True))  # shifting by the max keeps exp finite
    total: Array = e.sum(axis=1, keepdims=True)  # (batch, 1)
    return e / total


def softmax_prime(z: Array, s: Array) -> Array:
    # Only the diagonal ∂a_j/∂z_j of the softmax Jacobian; shown for reference, never
    # used for δ: softmax is always paired with cross-entropy, where δ(L) = a − y.
    return s * (1.0 - s)


@dataclass(frozen=True)
class Activation:
    name: str
    f: Callable[[Array], Array]
    prime: Callable[[Array, Array], Array]
    saturates: bool = False  # σ' → 0 for large |z| (sigmoid, tanh)
    can_die: bool = False  # σ' = 0 for every z ≤ 0 (the ReLU family's dead units)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("sigmoid", sigmoid, sigmoid_prime, saturates=True),
        Activation("tanh", tanh, tanh_prime, saturates=True),
        Activation("relu", relu, relu_prime, can_die=True),
        Activation("leaky_relu", leaky_relu, leaky_relu_prime, can_die=True),
        Activation("linear", linear, linear_prime),
        Activation("softmax", softmax, softmax_prime),
    )
}

HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
OUTPUT_ACTIVATIONS = (*HIDDEN_ACTIVATIONS, "softmax")
