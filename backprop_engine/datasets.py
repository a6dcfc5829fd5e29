"""Small 2-D data sets for the page: six to classify and two to fit.

Every point lies roughly in [−1, 1]², which suits the initial weights. Each
function is seeded (the same arguments give the same numbers on every machine)
and returns a `Dataset` already split into a training and a test part.

Two-class targets are 0/1 in a column, ready for a sigmoid output with bce;
`one_hot` turns them into two columns for a softmax output. Sets of three or more
classes come one-hot already, one column per class. Regression targets are
numbers in about [−1, 1], for a linear or tanh output with mse.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Floats = np.ndarray[Any, np.dtype[np.float64]]


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str  # "classification" or "regression"
    X_train: Floats  # (n_train, 2)
    Y_train: Floats  # (n_train, n_out): one column, or one per class (one-hot)
    X_test: Floats  # (n_test, 2)
    Y_test: Floats  # (n_test, n_out)


def _check(n: Any, noise: Any, test_fraction: Any, seed: Any) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 4:
        raise ValueError(f"n must be a whole number of points, at least 4; got {n!r}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not 0 <= noise <= 1:
        raise ValueError(f"noise must be a number from 0 to 1; got {noise!r}")
    if (
        isinstance(test_fraction, bool)
        or not isinstance(test_fraction, (int, float))
        or not 0 <= test_fraction <= 0.9
    ):
        raise ValueError(f"test_fraction must be a number from 0 to 0.9; got {test_fraction!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise ValueError(f"seed must be a whole number from 0 to 2**63 - 1; got {seed!r}")


def _split(
    name: str, task: str, X: Floats, y: Floats, test_fraction: float, rng: np.random.Generator
) -> Dataset:
    order = rng.permutation(len(X))
    n_test = round(len(X) * test_fraction)
    test, train = order[:n_test], order[n_test:]
    Y = y if y.ndim == 2 else y.reshape(-1, 1)
    return Dataset(name, task, X[train], Y[train], X[test], Y[test])


def _labels(n: int) -> Floats:
    # as balanced as n allows: first half class 0, second half class 1
    return (np.arange(n) >= n // 2).astype(np.float64)


def xor(n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """Class 1 where x₁ and x₂ have the same sign: no single line separates it."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    X += np.where(X >= 0, 0.1, -0.1)  # a gap along both axes keeps labels clear of the edge
    X /= 1.1
    y = (X[:, 0] * X[:, 1] > 0).astype(np.float64)
    X += noise * rng.standard_normal(X.shape)
    return _split("xor", "classification", X, y, test_fraction, rng)


def circle(n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """Class 1 inside a disc, class 0 on a ring around it."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    y = _labels(n)
    radius = np.where(y == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0.0, 2 * math.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    X += noise * rng.standard_normal(X.shape)
    return _split("circle", "classification", X, y, test_fraction, rng)


def gaussians(
    n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0
) -> Dataset:
    """Two round clouds: the easy case, one line separates them."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    y = _labels(n)
    centre = np.where(y[:, None] == 1, 0.5, -0.5)  # (n, 1) broadcast to both coordinates
    X = centre + (0.2 + noise) * rng.standard_normal((n, 2))
    return _split("gaussians", "classification", X, y, test_fraction, rng)


def spiral(n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """Two interleaved spiral arms, one per class: hard, it needs several layers."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    y = _labels(n)
    k = np.where(y == 1, np.arange(n) - n // 2, np.arange(n)) / max(
        n - n // 2, 1
    )  # 0..1 along an arm
    radius = 0.05 + 0.95 * k
    angle = 1.75 * 2 * math.pi * k + math.pi * y
    X = np.column_stack([radius * np.sin(angle), radius * np.cos(angle)])
    X += noise * rng.standard_normal(X.shape)
    return _split("spiral", "classification", X, y, test_fraction, rng)


def moons(n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """Two interlocking half circles."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    y = _labels(n)
    t = rng.uniform(0.0, math.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where(y[:, None] == 0, upper, lower)
    X = (X - [0.5, 0.25]) / 1.5  # centre on the origin, inside [−1, 1]²
    X += noise * rng.standard_normal(X.shape)
    return _split("moons", "classification", X, y, test_fraction, rng)


def blobs3(n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """Three round clouds at the corners of a triangle, one per class (one-hot targets):
    two lines separate them, so a softmax output learns it without hidden layers."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    labels = np.arange(n) * 3 // n  # as balanced as n allows: 0, then 1, then 2
    angle = 2 * math.pi * labels / 3 + math.pi / 2
    centre = 0.6 * np.column_stack([np.cos(angle), np.sin(angle)])  # (n, 2)
    X = centre + (0.18 + noise) * rng.standard_normal((n, 2))
    return _split("blobs3", "classification", X, one_hot(labels, 3), test_fraction, rng)


def plane(n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """y = (x₁ + x₂) / 2 plus noise: a linear fit is all it takes."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = 0.5 * (X[:, 0] + X[:, 1]) + noise * rng.standard_normal(n)
    return _split("plane", "regression", X, y, test_fraction, rng)


def sine(n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """y = sin(πx₁)·cos(πx₂/2) plus noise: a curved surface that needs hidden units."""
    _check(n, noise, test_fraction, seed)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    y = np.sin(math.pi * X[:, 0]) * np.cos(0.5 * math.pi * X[:, 1])
    y += noise * rng.standard_normal(n)
    return _split("sine", "regression", X, y, test_fraction, rng)


CLASSIFICATION: dict[str, Callable[..., Dataset]] = {
    "xor": xor,
    "circle": circle,
    "gaussians": gaussians,
    "spiral": spiral,
    "moons": moons,
    "blobs3": blobs3,
}
REGRESSION: dict[str, Callable[..., Dataset]] = {"plane": plane, "sine": sine}
NAMES = (*CLASSIFICATION, *REGRESSION)


def make(
    name: str, n: int = 200, noise: float = 0.05, test_fraction: float = 0.2, seed: int = 0
) -> Dataset:
    """The data set called `name` (one of NAMES)."""
    makers = {**CLASSIFICATION, **REGRESSION}
    if not isinstance(name, str) or name not in makers:
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(NAMES)}")
    return makers[name](n, noise, test_fraction, seed)


def one_hot(y: Any, n_classes: int = 2) -> Floats:
    """0/1 (or 0..k−1) labels in a column → one row per sample with a single 1."""
    labels = np.asarray(y).reshape(-1).astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must be whole numbers from 0 to {n_classes - 1}")
    return np.eye(n_classes)[labels]
