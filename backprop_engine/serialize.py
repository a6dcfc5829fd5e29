"""A network as plain data (for JSON and the browser), and back again.

`from_dict` trusts nothing it is given: the data may come from a forged request or
a hand-edited file. Every check fails with a sentence a user can act on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from backprop_engine.arrays import Array
from backprop_engine.config import Config

FORMAT = "backprop-lab/mlp"
VERSION = 1
DEFAULT_MAX_PARAMS = 1_000_000

_CONFIG_KEYS = (
    "sizes",
    "activation",
    "output_activation",
    "loss",
    "seed",
    "dtype",
    "momentum",
    "residual",
    "normalization",
    "l2",
)
# Written by every save; a network saved before L2 existed has none, meaning λ = 0.
_OPTIONAL = {"l2": 0.0}
PARAM_GROUPS = ("weights", "biases", "gammas", "betas")  # the order of `MLP.parameters`
_KEYS = {"format", "version", *_CONFIG_KEYS, *PARAM_GROUPS, "velocity"}


@dataclass(frozen=True)
class Saved:
    """A saved network, checked: its set-up, its parameters by group (float64, in
    the shapes the set-up gives) and its momentum velocity (in the set-up's dtype)."""

    config: Config
    params: dict[str, list[Array]]
    velocity: list[Array] | None


def to_dict(
    config: Config, params: Mapping[str, Sequence[Array]], velocity: Sequence[Array] | None
) -> dict[str, Any]:
    d: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    d.update({k: getattr(config, k) for k in _CONFIG_KEYS})
    d["sizes"] = list(config.sizes)
    # tolist() gives Python floats holding exactly the stored values (float32 ones
    # included), and JSON writes floats with enough digits to read them back exactly.
    for key in PARAM_GROUPS:
        d[key] = [p.tolist() for p in params[key]]
    d["velocity"] = None if velocity is None else [v.tolist() for v in velocity]
    return d


def _numbers(what: str, value: Any, shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    """A nested list of plain numbers with exactly this shape, as float64."""

    def walk(v: Any, dims: tuple[int, ...], where: str) -> None:
        if not dims:
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ValueError(f"{where} must be a number; got {type(v).__name__}")
            if isinstance(v, int) and abs(v) > 2**53:
                raise ValueError(f"{where} is too large")
            if not math.isfinite(v):
                raise ValueError(f"{where} must be a finite number; got {v}")
            return
        if not isinstance(v, list) or len(v) != dims[0]:
            got = f"{len(v)} entries" if isinstance(v, list) else type(v).__name__
            raise ValueError(f"{where} must be a list of {dims[0]} entries; got {got}")
        for i, item in enumerate(v):
            walk(item, dims[1:], f"{where}[{i}]")

    if not _plain(value, shape):  # only then walk it, for a message that says where
        walk(value, shape, what)
    return np.array(value, dtype=np.float64).reshape(shape)


def _plain(v: Any, dims: tuple[int, ...]) -> bool:
    """True if v is a nested list of finite plain numbers of this shape: the quick
    check every request's network passes, without building a message per number."""
    if not dims:
        return _plain_number(v)
    if type(v) is not list or len(v) != dims[0]:
        return False
    if len(dims) == 1:
        return all(_plain_number(x) for x in v)
    return all(_plain(x, dims[1:]) for x in v)


def _plain_number(x: Any) -> bool:
    if type(x) is float:
        return math.isfinite(x)
    return type(x) is int and abs(x) <= 2**53


def from_dict(d: Any, max_params: int) -> Saved:
    if not isinstance(d, dict):
        raise ValueError("a saved network must be a JSON object")
    if d.get("format") != FORMAT:
        raise ValueError(f"this is not a saved network (expected format {FORMAT!r})")
    if d.get("version") != VERSION:
        raise ValueError(f"unknown saved-network version {d.get('version')!r}; expected {VERSION}")
    unknown = sorted(str(k) for k in d if k not in _KEYS)
    if unknown:
        raise ValueError(f"unknown field(s) in the saved network: {', '.join(unknown)[:200]}")
    d = {**_OPTIONAL, **d}
    missing = [k for k in sorted(_KEYS) if k not in d]
    if missing:
        raise ValueError(f"the saved network lacks: {', '.join(missing)}")

    sizes = d["sizes"]
    if not isinstance(sizes, list) or len(sizes) > max_params + 1:
        raise ValueError("sizes must be a list of layer widths")
    # Count parameters before reading any, so a huge network costs nothing.
    cfg = Config(tuple(sizes), *(d[k] for k in _CONFIG_KEYS[1:]))
    if cfg.n_params > max_params:
        raise ValueError(
            f"the network has {cfg.n_params} parameters; at most {max_params} are allowed here"
        )

    params: dict[str, list[Array]] = {}
    for key, shapes in cfg.param_shapes.items():
        values = d[key]
        if not isinstance(values, list) or len(values) != len(shapes):
            raise ValueError(f"{key} must be a list of {len(shapes)} arrays")
        params[key] = [_numbers(f"{key}[{i}]", values[i], shape) for i, shape in enumerate(shapes)]

    velocity = d["velocity"]
    if cfg.momentum == 0.0:
        if velocity is not None:
            raise ValueError("velocity is only kept for a network trained with momentum")
        return Saved(cfg, params, None)
    shapes = [shape for group in cfg.param_shapes.values() for shape in group]
    if not isinstance(velocity, list) or len(velocity) != len(shapes):
        raise ValueError(f"velocity must be a list of {len(shapes)} arrays")
    kept = [
        _numbers(f"velocity[{i}]", v, shape).astype(cfg.dtype)
        for i, (v, shape) in enumerate(zip(velocity, shapes, strict=True))
    ]
    return Saved(cfg, params, kept)
