"""The training data and the grid the prediction surface is drawn on.

Data sets are seeded, so the server rebuilds them from the settings on every
request instead of trusting points sent by the browser. A small cache keyed by
those settings avoids redoing the same work; it holds no per-user state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from app import handdata, rules
from backprop_engine import datasets
from backprop_engine.features import features
from backprop_engine.features import labels as feature_labels

GRID = 25  # points per axis of the prediction surface: smooth enough, ~4 KB of JSON
MARGIN = 0.15  # room around the data so no point sits on the plot's edge
# Points per axis of each neuron's picture: coarse, as the pictures are small, and
# 12 × 12 bytes per neuron keep even the deepest network's answer small.
PICTURE_GRID = 12


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str
    X: np.ndarray  # (n_train, n_0): the network's inputs a(0), one column per feature
    Y: np.ndarray  # (n_train, n_out): one column per output unit
    X_test: np.ndarray  # (n_test, n_0): held out, never trained on
    Y_test: np.ndarray  # (n_test, n_out)
    grid_x: np.ndarray  # (GRID,)
    grid_y: np.ndarray  # (GRID,)
    grid: np.ndarray  # (GRID * GRID, n_0), row-major: y outer, x inner
    # The points in the plane, (n, 2), where the inputs are features of them
    # (None: X itself is the points); how the page writes each input.
    points: np.ndarray | None = None
    points_test: np.ndarray | None = None
    inputs: tuple[str, ...] = ("x₁", "x₂")

    def to_json(self, config: dict[str, Any]) -> dict[str, Any]:
        """What the browser needs to draw the points (data-store)."""
        return {
            "dataset": self.name,
            "task": self.task,
            "X": np.round(self.X if self.points is None else self.points, 3).tolist(),
            "Y": target_rows(self.Y),
            "X_test": np.round(
                self.X_test if self.points_test is None else self.points_test, 3
            ).tolist(),
            "inputs": list(self.inputs),
            "Y_test": target_rows(self.Y_test),
            "grid_x": np.round(self.grid_x, 4).tolist(),
            "grid_y": np.round(self.grid_y, 4).tolist(),
            "batch_size": config["batch_size"],
        }


def target_rows(Y: np.ndarray) -> list[list[float | int]]:
    """(n, n_out) targets as one row per example, rounded for the plot; a whole
    number is written without ".0" (class targets are 0 and 1), which halves them."""
    return [[int(v) if v.is_integer() else v for v in row] for row in np.round(Y, 3).tolist()]


def targets(Y: np.ndarray, n_out: int) -> np.ndarray:
    """A set's targets for an output layer of n_out units: two classes kept in one
    column become one-hot columns for a softmax output."""
    if Y.shape[1] == 1 and n_out == 2:
        return datasets.one_hot(Y, 2)
    return Y


@lru_cache(maxsize=64)
def _load(
    name: str, n: int, noise: float, test_fraction: float, seed: int, n_out: int, chosen: tuple
) -> Dataset:
    if name in handdata.NAMES:
        ds = handdata.corners(n, noise, test_fraction, seed)
    else:
        ds = datasets.make(name, n=n, noise=noise, test_fraction=test_fraction, seed=seed)
    Y, Y_test = targets(ds.Y_train, n_out), targets(ds.Y_test, n_out)
    X_all = np.vstack([ds.X_train, ds.X_test])
    lo = X_all.min(axis=0) - MARGIN
    hi = X_all.max(axis=0) + MARGIN
    gx = np.linspace(lo[0], hi[0], GRID)
    gy = np.linspace(lo[1], hi[1], GRID)
    xx, yy = np.meshgrid(gx, gy)
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    # The network sees the chosen features of each point (the engine's map).
    X, X_test, inputs = (features(p, chosen) for p in (ds.X_train, ds.X_test, grid))
    for a in (ds.X_train, Y, ds.X_test, Y_test, gx, gy, X, X_test, inputs):
        a.setflags(write=False)  # shared between requests: nobody may change it
    return Dataset(
        ds.name, ds.task, X, Y, X_test, Y_test, gx, gy, inputs,
        ds.X_train, ds.X_test, tuple(feature_labels(chosen)),
    )  # fmt: skip


def load(config: dict[str, Any]) -> Dataset:
    """The training data for validated settings (see app.state.read_config)."""
    return _load(
        config["dataset"],
        config["n_samples"],
        config["noise"],
        config["test_fraction"],
        config["seed"],
        rules.n_outputs(config["dataset"], config["loss"]),
        tuple(config["features"]),
    )


def input_labels(config: dict[str, Any]) -> list[str]:
    """How the page writes each input of the network, for checked settings."""
    return feature_labels(config["features"])


def n_train(config: dict[str, Any]) -> int:
    return len(load(config).X)


def picture_grid(ds: Dataset) -> np.ndarray:
    """(PICTURE_GRID², n_0) inputs over the data plot's range, row-major like `grid`
    (y outer, x inner), where each neuron's picture is computed: every few rows and
    columns of `grid`, so the network sees them as it sees the data (input features
    included), first and last kept."""
    ny, nx = len(ds.grid_y), len(ds.grid_x)
    rows = np.rint(np.linspace(0, ny - 1, PICTURE_GRID)).astype(int)
    cols = np.rint(np.linspace(0, nx - 1, PICTURE_GRID)).astype(int)
    cells = ds.grid.reshape(ny, nx, -1)[np.ix_(rows, cols)]  # (P, P, n_0)
    return cells.reshape(PICTURE_GRID * PICTURE_GRID, -1)
