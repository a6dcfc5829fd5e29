"""What a training request asks for (request-store), checked where it enters: a
number of steps, or a weight or bias typed in by hand. Its request number is read
first, by state.read_nonce, so even a refusal answers the request it belongs to."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app import limits
from app.state import InputError, _name, echo, read_int


def read_steps(request: dict[str, Any]) -> int:
    if set(request) != {"nonce", "steps"}:
        raise InputError('the request must hold "nonce" and "steps"; reload the page')
    return read_int(
        "the number of steps per request", request["steps"], 1, limits.MAX_STEPS_PER_REQUEST
    )


@dataclass(frozen=True)
class Edit:
    """W(l)[row, col] or b(l)[row] (rows and columns counted from 0) set to `value`,
    checked against the network it is for. In JSON the request-store
    {"nonce", "steps": 0, "edit": {"param": "W" | "b", "layer", "row", "col", "value"}},
    `col` null for a bias."""

    param: str
    layer: int
    row: int
    col: int | None
    value: float

    @property
    def name(self) -> str:
        """The parameter as the page writes it, e.g. W(2)[1,3] (counted from 1)."""
        where = f"{self.row + 1}" if self.col is None else f"{self.row + 1},{self.col + 1}"
        return f"{self.param}({self.layer})[{where}]"


EDIT_KEYS = {"param", "layer", "row", "col", "value"}


def _typed(value: Any) -> str:
    """A value sent as typed, for a sentence: numbers short (1e+09), text in quotes."""
    if isinstance(value, str):
        return f'"{echo(value)}"'
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    # JSON has 1e9 arrive as the integer 1000000000; one too large for a float stays as is
    if number and (isinstance(value, float) or abs(value) < 10**300):
        return f"{value:g}"
    return echo(value)


def read_edit(request: dict[str, Any], sizes: list[int]) -> Edit:
    """The edit a request carries, for a network of `sizes` (checked settings)."""
    if set(request) != {"nonce", "steps", "edit"} or request["steps"] != 0:
        raise InputError('an edit must hold "nonce", "steps": 0 and "edit"; reload the page')
    raw = request["edit"]
    if not isinstance(raw, dict) or set(raw) != EDIT_KEYS:
        raise InputError("the edit is damaged; click the connection again and retype the value")
    param = _name("the edited parameter", raw["param"], ("W", "b"))
    layer = read_int("the edited layer", raw["layer"], 1, len(sizes) - 1)
    row = read_int("the edited neuron", raw["row"], 0, sizes[layer] - 1)
    if param == "b":
        if raw["col"] is not None:
            raise InputError("a bias has no column; click the neuron again")
        col = None
    else:
        col = read_int("the edited connection's source", raw["col"], 0, sizes[layer - 1] - 1)
    what = "a weight" if param == "W" else "a bias"
    value = raw["value"]
    typed = _typed(value)
    bound = limits.MAX_TYPED_VALUE
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    # Compared before any conversion: an int too large for a float cannot overflow here.
    if not ok or not -bound <= value <= bound or not math.isfinite(value):
        raise InputError(
            f"{what} can be set to a number from {-bound:g} to {bound:g}, not {typed}; "
            "type one such as 0.5"
        )
    return Edit(param, layer, row, col, float(value))
