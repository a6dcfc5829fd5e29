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

from app import handdata
from backprop_engine import datasets

GRID = 25  # points per axis of the prediction surface: smooth enough, ~4 KB of JSON
MARGIN = 0.15  # room around the data so no point sits on the plot's edge
# Points per axis of each neuron's picture: coarse, as the pictures are small, and
# 12 × 12 bytes per neuron keep even the deepest network's answer small.
PICTURE_GRID = 12


@dataclass(frozen=True)
class Dataset:
    name: str
    task: str
    X: np.ndarray  # (n_train, 2)
    Y: np.ndarray  # (n_train, 1)
    X_test: np.ndarray  # (n_test, 2): held out, never trained on
    Y_test: np.ndarray  # (n_test, 1)
    grid_x: np.ndarray  # (GRID,)
    grid_y: np.ndarray  # (GRID,)
    grid: np.ndarray  # (GRID * GRID, 2), row-major: y outer, x inner

    def to_json(self, config: dict[str, Any]) -> dict[str, Any]:
        """What the browser needs to draw the points (data-store)."""
        return {
            "dataset": self.name,
            "task": self.task,
            "X": np.round(self.X, 3).tolist(),
            "y": np.round(self.Y[:, 0], 3).tolist(),
            "X_test": np.round(self.X_test, 3).tolist(),
            "y_test": np.round(self.Y_test[:, 0], 3).tolist(),
            "grid_x": np.round(self.grid_x, 4).tolist(),
            "grid_y": np.round(self.grid_y, 4).tolist(),
            "batch_size": config["batch_size"],
        }


@lru_cache(maxsize=64)
def _load(name: str, n: int, noise: float, test_fraction: float, seed: int) -> Dataset:
    if name in handdata.NAMES:
        ds = handdata.corners(n, noise, test_fraction, seed)
    else:
        ds = datasets.make(name, n=n, noise=noise, test_fraction=test_fraction, seed=seed)
    X_all = np.vstack([ds.X_train, ds.X_test])
    lo = X_all.min(axis=0) - MARGIN
    hi = X_all.max(axis=0) + MARGIN
    gx = np.linspace(lo[0], hi[0], GRID)
    gy = np.linspace(lo[1], hi[1], GRID)
    xx, yy = np.meshgrid(gx, gy)
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    for a in (ds.X_train, ds.Y_train, ds.X_test, ds.Y_test, gx, gy, grid):
        a.setflags(write=False)  # shared between requests: nobody may change it
    return Dataset(ds.name, ds.task, ds.X_train, ds.Y_train, ds.X_test, ds.Y_test, gx, gy, grid)


def load(config: dict[str, Any]) -> Dataset:
    """The training data for validated settings (see app.state.read_config)."""
    return _load(
        config["dataset"],
        config["n_samples"],
        config["noise"],
        config["test_fraction"],
        config["seed"],
    )


def n_train(config: dict[str, Any]) -> int:
    return len(load(config).X)


def picture_grid(ds: Dataset) -> np.ndarray:
    """(PICTURE_GRID², 2) inputs over the data plot's range, row-major like `grid`
    (y outer, x inner), where each neuron's picture is computed."""
    gx = np.linspace(ds.grid_x[0], ds.grid_x[-1], PICTURE_GRID)
    gy = np.linspace(ds.grid_y[0], ds.grid_y[-1], PICTURE_GRID)
    xx, yy = np.meshgrid(gx, gy)
    return np.column_stack([xx.ravel(), yy.ravel()])
