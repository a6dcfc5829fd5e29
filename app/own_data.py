"""Data of the user's own: typed examples, an uploaded table, points clicked on the
plot. It lives in the browser (inside the settings, `config["data"]`) and travels
with each request that needs it, so the server keeps nothing between requests.

    {"inputs": [[x₁, x₂], …], "targets": [[y₁, …], …]}   one row per example

An example's inputs are a point in the plane (x₁, x₂), as in every data set; the
network sees the chosen input features of it (config["features"]). Its targets
are as many as the output layer has units.

`read` is the one check, where the data enters: raw JSON -> an `OwnData` with
read-only arrays, or `DataError` with one sentence that names the example (counted
from 1, as on screen), what is wrong and what would work. A parse is cached by a
hash of the data's canonical text, so Play's requests do not check it again.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from app import data, limits
from backprop_engine.features import features
from backprop_engine.features import labels as feature_labels

POINT = 2  # inputs per example: a point (x₁, x₂); the features are made from it
NAME = "own"  # config["dataset"] of data of the user's own
TASK = "classification"  # sigmoid outputs: every target lies between 0 and 1
TARGET_RANGE = (0.0, 1.0)
CACHE_SIZE = 64  # distinct data sets remembered (a class shares a few)
# The prediction surface spans at least [−1, 1] on each axis, so one example near
# the origin (a worked example) still shows its surroundings.
MIN_SPAN = 1.0


class DataError(ValueError):
    """Data the page refuses; the message is one sentence for the page."""


@dataclass(frozen=True, eq=False)
class OwnData:
    inputs: np.ndarray  # (n, 2), read-only: the points
    targets: np.ndarray  # (n, n_out), read-only
    key: str  # hash of the canonical text
    dataset: data.Dataset  # the same numbers as the lab trains on them

    def as_json(self) -> dict[str, Any]:
        return {"inputs": self.inputs.tolist(), "targets": self.targets.tolist()}


_cache: OrderedDict[tuple[str, int, tuple[str, ...]], OwnData] = OrderedDict()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _number(value: Any, where: str, lo: float, hi: float, why: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"{where} is not a number ({str(value)[:20]!r}); type a number there")
    # Compared before any conversion: an int too large for a float cannot overflow here.
    if not lo <= value <= hi or not math.isfinite(value):
        shown = f"{value:.6g}" if isinstance(value, float) or abs(value) < 10**15 else "huge"
        raise DataError(f"{where} is {shown}; {why}")
    return float(value)


def _example(n: int) -> str:
    return f"example {n}"


def _rows(
    raw: Any, part: str, width: int, layer: str, bounds: tuple[float, float, str], name: Any
) -> list:
    lo, hi, why = bounds
    if not isinstance(raw, list):
        raise DataError(f'the data\'s "{part}" must be a list of rows, one per example')
    out = []
    for n, row in enumerate(raw, start=1):
        if not isinstance(row, list) or len(row) != width:
            got = len(row) if isinstance(row, list) else 0
            raise DataError(
                f"{name(n)} has {_plural(got, part[:-1] + ' value')}; each example needs "
                f"{width}, {layer}"
            )
        out.append(
            [_number(v, f"{name(n)}'s {part[:-1]} {i}", lo, hi, why) for i, v in enumerate(row, 1)]
        )
    return out


def check(raw: Any, n_out: int, name: Any = _example) -> tuple[list, list]:
    """The data's rows, checked against the layer sizes and limits (no caching);
    `name(n)` names row n (from 1) in a sentence: "example 3", or a table's "line 4"."""
    if not isinstance(raw, dict) or set(raw) != {"inputs", "targets"}:
        raise DataError('the data must hold "inputs" and "targets", one row per example each')
    inputs, targets = raw["inputs"], raw["targets"]
    if not isinstance(inputs, list) or not inputs:
        raise DataError("the data has no examples; add at least one")
    if len(inputs) > limits.MAX_SAMPLES:
        raise DataError(
            f"the data has {len(inputs)} examples; at most {limits.MAX_SAMPLES} fit in the lab"
        )
    if not isinstance(targets, list) or len(targets) != len(inputs):
        got = len(targets) if isinstance(targets, list) else 0
        raise DataError(
            f"the data has {_plural(len(inputs), 'row')} of inputs but {got} of targets; "
            "each example needs both"
        )
    big = limits.MAX_DATA_VALUE
    why = f"an input must lie between {-big:g} and {big:g}"
    x = _rows(inputs, "inputs", POINT, "a point (x₁, x₂)", (-big, big, why), name)
    lo, hi = TARGET_RANGE
    why = f"a sigmoid output gives values between {lo:g} and {hi:g}, so a target must lie there too"
    layer = "one per unit of the output layer" if n_out > 1 else "as the output layer has 1 unit"
    y = _rows(targets, "targets", n_out, layer, (lo, hi, why), name)
    return x, y


def _dataset(X: np.ndarray, Y: np.ndarray, chosen: tuple[str, ...]) -> data.Dataset:
    lo = np.minimum(X.min(axis=0) - data.MARGIN, -MIN_SPAN)
    hi = np.maximum(X.max(axis=0) + data.MARGIN, MIN_SPAN)
    gx = np.linspace(lo[0], hi[0], data.GRID)
    gy = np.linspace(lo[1], hi[1], data.GRID)
    xx, yy = np.meshgrid(gx, gy)
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    P_test, Y_test = X[:0], Y[:0]  # every example is trained on: none is held out
    # The network sees the chosen features of each point (the engine's map).
    A, A_test, inputs = (features(p, chosen) for p in (X, P_test, grid))
    for a in (gx, gy, A, A_test, inputs):
        a.setflags(write=False)
    labels = tuple(feature_labels(chosen))
    return data.Dataset(NAME, TASK, A, Y, A_test, Y_test, gx, gy, inputs, X, P_test, labels)


def read(raw: Any, n_out: int, chosen: tuple[str, ...]) -> OwnData:
    """The one check of data of the user's own (see the module's docstring); `chosen`:
    the input features (checked settings)."""
    text = json.dumps(raw, separators=(",", ":"), allow_nan=True)
    key = (hashlib.sha256(text.encode()).hexdigest(), n_out, chosen)
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    x, y = check(raw, n_out)
    X, Y = np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)
    X.setflags(write=False)  # shared between requests: nobody may change it
    Y.setflags(write=False)
    own = OwnData(X, Y, key[0], _dataset(X, Y, chosen))
    _cache[key] = own
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return own
