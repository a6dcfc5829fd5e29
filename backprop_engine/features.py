"""Input features: the two raw coordinates of a point in the plane, mapped to the
inputs a(0) the network sees, as the TensorFlow playground offers them.

A network on x₁ and x₂ alone needs hidden units to bend its boundary; given x₁²
and x₂² it can draw a circle with none. The map is fixed (it has no weights), so
backpropagation stops at a(0): ∂L/∂W(1) = δ(1)·a(0)ᵀ uses the feature values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from backprop_engine.arrays import Array

# name -> (how the page writes it, the column it computes from X = (x₁, x₂) rows)
FEATURES: dict[str, tuple[str, Callable[[Array], Array]]] = {
    "x1": ("x₁", lambda X: X[:, 0]),
    "x2": ("x₂", lambda X: X[:, 1]),
    "x1_sq": ("x₁²", lambda X: X[:, 0] ** 2),
    "x2_sq": ("x₂²", lambda X: X[:, 1] ** 2),
    "x1_x2": ("x₁x₂", lambda X: X[:, 0] * X[:, 1]),
    "sin_x1": ("sin x₁", lambda X: np.sin(X[:, 0])),
    "sin_x2": ("sin x₂", lambda X: np.sin(X[:, 1])),
}
NAMES = tuple(FEATURES)
RAW = ("x1", "x2")  # the identity map: the network sees the point itself


def check_names(names: Any) -> tuple[str, ...]:
    """The chosen features, in the order of NAMES; at least one, none twice."""
    if not isinstance(names, (list, tuple)) or not names:
        raise ValueError(f"choose at least one input feature from {', '.join(NAMES)}")
    for name in names:
        if not isinstance(name, str) or name not in FEATURES:
            raise ValueError(f"unknown input feature {name!r}; choose from {', '.join(NAMES)}")
    if len(set(names)) != len(names):
        raise ValueError("an input feature is chosen twice")
    return tuple(n for n in NAMES if n in names)


def features(X: Any, names: Sequence[str] = RAW) -> Array:
    """(n, 2) points -> (n, k) inputs a(0), one column per chosen feature, in the
    order of NAMES."""
    chosen = check_names(names)
    x = np.asarray(X, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != 2:
        raise ValueError(f"features are computed from (n, 2) points; got shape {x.shape}")
    out: Array = np.column_stack([FEATURES[name][1](x) for name in chosen])  # (n, k)
    return out


def labels(names: Sequence[str]) -> list[str]:
    """How the page writes each chosen feature, in the order of the columns."""
    return [FEATURES[name][0] for name in check_names(names)]
