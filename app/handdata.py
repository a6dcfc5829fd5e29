"""Data small enough to work through with pencil and paper.

`corners`: the four corners of the square, (±1, ±1), labelled as xor labels them
(1 where x₁ and x₂ share a sign), repeated to n points. With no noise every input
is a round number, so a forward and backward pass can be checked by hand.
"""

from __future__ import annotations

import numpy as np

from backprop_engine import datasets

CORNERS = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])  # (4, 2)
NAMES = ("corners",)


def corners(n: int, noise: float, test_fraction: float, seed: int) -> datasets.Dataset:
    rng = np.random.default_rng(seed)
    X = CORNERS[np.arange(n) % 4] + noise * rng.standard_normal((n, 2))  # (n, 2)
    y = (CORNERS[np.arange(n) % 4].prod(axis=1) > 0).astype(np.float64).reshape(-1, 1)
    n_test = round(n * test_fraction)
    # No shuffle: the points keep the corners' order, so example #1 is (1, 1).
    return datasets.Dataset(
        "corners", "classification", X[n_test:], y[n_test:], X[:n_test], y[:n_test]
    )
