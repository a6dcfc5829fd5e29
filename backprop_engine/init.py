"""Initial weights: Glorot/Xavier for sigmoid and tanh, He for the ReLU family.

Both keep the spread of the signal roughly constant from layer to layer at the
start of training. Numbers are drawn in float64 from NumPy's PCG64 generator with
a fixed seed, so the same seed gives the same network on every machine and in
either dtype; biases start at zero.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from backprop_engine.arrays import Array


def init_std(activation: str, fan_in: int, fan_out: int) -> float:
    if activation in ("relu", "leaky_relu"):
        return math.sqrt(2.0 / fan_in)  # He
    return math.sqrt(2.0 / (fan_in + fan_out))  # Glorot/Xavier (normal)


def initial_parameters(
    sizes: tuple[int, ...],
    activation: str,
    output_activation: str,
    seed: int,
    dtype: np.dtype[np.floating],
) -> tuple[list[Array], list[Array]]:
    rng = np.random.default_rng(seed)
    weights: list[Array] = []
    biases: list[Array] = []
    n_layers = len(sizes) - 1
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        act = output_activation if i == n_layers - 1 else activation
        W = rng.standard_normal((n_out, n_in)) * init_std(act, n_in, n_out)  # (n_out, n_in)
        weights.append(W.astype(dtype))
        biases.append(np.zeros(n_out, dtype=dtype))
    return weights, biases
