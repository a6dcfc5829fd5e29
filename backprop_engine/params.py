"""Parameter lists that check what is put into them.

`net.weights[0] = [[0.15, 0.20], [0.25, 0.30]]` should load a worked example, and
anything of the wrong shape or not finite should be refused at once rather than
surface later as a strange number in a trace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, SupportsIndex, overload

import numpy as np

from backprop_engine.arrays import Array


class ParamList(list[Array]):
    def __init__(
        self,
        name: str,
        shapes: Sequence[tuple[int, ...]],
        dtype: np.dtype[Any],
        values: Iterable[Any],
    ):
        self.name = name
        self.shapes = shapes
        self.dtype = dtype
        checked = [self._check(i, v) for i, v in enumerate(values)]
        if len(checked) != len(shapes):
            raise ValueError(f"{name} needs {len(shapes)} arrays, got {len(checked)}")
        super().__init__(checked)

    def _check(self, i: int, value: Any) -> Array:
        if not 0 <= i < len(self.shapes):
            raise IndexError(
                f"{self.name} has {len(self.shapes)} entries, index {i} is out of range"
            )
        try:
            arr = np.array(value, dtype=self.dtype)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{self.name}[{i}] must be an array of numbers") from exc
        if arr.shape != self.shapes[i]:
            raise ValueError(f"{self.name}[{i}] must have shape {self.shapes[i]}, got {arr.shape}")
        if not np.isfinite(arr).all():
            raise ValueError(f"{self.name}[{i}] must hold finite numbers only")
        return arr

    @overload
    def __setitem__(self, i: SupportsIndex, value: Any) -> None: ...
    @overload
    def __setitem__(self, i: slice, value: Iterable[Any]) -> None: ...
    def __setitem__(self, i: SupportsIndex | slice, value: Any) -> None:
        if isinstance(i, slice):
            raise TypeError(f"assign {self.name} one entry at a time")
        index = i.__index__()
        if index < 0:
            index += len(self)
        super().__setitem__(index, self._check(index, value))

    def replace(self, i: int, value: Array) -> None:
        """Store an array the engine computed itself (already checked), without copying."""
        super().__setitem__(i, value)

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError(f"{self.name} has one entry per layer; assign entries, do not resize")

    append = extend = insert = remove = pop = clear = __delitem__ = __iadd__ = __imul__ = _refuse  # type: ignore[assignment]
