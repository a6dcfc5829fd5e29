"""Edits of the data by hand: the example editor and "Train on the shown example".

The page sends one edit at a time (own-edit-store, written by assets/own-data.js,
which queues presses so none is lost):

    {"nonce": n, "action": "replace" | "add", "inputs": ["0.05", "0.1"], "targets": ["0.01"]}
    {"nonce": n, "action": "train_shown", "on": true}
    {"nonce": n, "action": "add_point", "inputs": [x₁, x₂], "class": k}   a click on the plot
    {"nonce": n, "action": "remove", "index": i}                          a click on a point

`read_edit` checks it where it enters; `apply` turns checked settings and an edit
into new settings (still to pass `state.read_config`, which checks the new data
like any other) and the example to show, with a sentence saying what happened.

What a teacher expects from typing an example: with a built-in data set on screen,
the typed example becomes the whole data (a worked example has one), so a step
trains on exactly it; with data of their own, "replace" changes the example on
show and "add" appends one. A click on the plot adds to (or removes from) the
points on show, the built-in set's training points included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app import limits, own_data, state
from app.rules import OWN, REGRESSION

ACTIONS = ("replace", "add", "train_shown", "add_point", "remove")
MAX_TEXT = 40  # characters of one typed value


@dataclass(frozen=True)
class Edit:
    nonce: int
    action: str
    inputs: tuple[float, ...] = ()
    targets: tuple[float, ...] = ()
    on: bool = False
    index: int = 0  # the example a click removes


def n_classes(n_out: int) -> int:
    """Classes a click may add: 0 and 1 for one sigmoid output, else one per output."""
    return 2 if n_out == 1 else n_out


def class_targets(k: int, n_out: int) -> list[float]:
    """The targets of class k: the number k for one output, else one-hot."""
    return [float(k)] if n_out == 1 else [float(j == k) for j in range(n_out)]


def _value(text: Any, what: str) -> float:
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
    elif isinstance(text, str) and text.strip():
        if len(text) > MAX_TEXT:
            raise state.InputError(f"{what} is too long; type a number such as 0.5")
        try:
            value = float(text.strip())
        except ValueError:
            raise state.InputError(
                f"{what} is not a number ({state.echo(text)!r}); type a number such as 0.5"
            ) from None
    else:
        raise state.InputError(f"{what} is empty; type a number such as 0.5")
    if not math.isfinite(value):
        raise state.InputError(f"{what} must be a finite number")
    return value


def _values(raw: Any, n: int, what: str) -> tuple[float, ...]:
    if not isinstance(raw, list) or len(raw) != n:
        raise state.InputError(f"the example needs {n} {what} values; reload the page")
    return tuple(_value(v, f"{what} {i}") for i, v in enumerate(raw, start=1))


def read_edit(raw: Any, config: dict[str, Any]) -> Edit:
    """An edit request, checked against checked settings (their layer sizes)."""
    nonce = state.read_nonce(raw)
    action = raw.get("action")
    if action not in ACTIONS:
        raise state.InputError("the edit is not one this page makes; reload the page")
    if action == "train_shown":
        if set(raw) != {"nonce", "action", "on"} or not isinstance(raw["on"], bool):
            raise state.InputError("the switch's request is damaged; reload the page")
        return Edit(nonce, action, on=raw["on"])
    sizes = config["sizes"]
    if action == "remove":
        if set(raw) != {"nonce", "action", "index"}:
            raise state.InputError("the click's request is damaged; reload the page")
        n = len(state.dataset(config).X)
        return Edit(
            nonce, action, index=state.read_int("the clicked example", raw["index"], 0, n - 1)
        )
    if action == "add_point":
        if set(raw) != {"nonce", "action", "inputs", "class"}:
            raise state.InputError("the click's request is damaged; reload the page")
        k = state.read_int("the class", raw["class"], 0, n_classes(sizes[-1]) - 1)
        inputs = _values(raw["inputs"], own_data.POINT, "input")
        return Edit(nonce, action, inputs, tuple(class_targets(k, sizes[-1])))
    if set(raw) != {"nonce", "action", "inputs", "targets"}:
        raise state.InputError("the edit is damaged; reload the page")
    inputs = _values(raw["inputs"], own_data.POINT, "input")
    targets = _values(raw["targets"], sizes[-1], "target")
    return Edit(nonce, action, inputs, targets)


def _fmt(values: tuple[float, ...]) -> str:
    text = ", ".join(f"{v:.6g}" for v in values)
    return f"({text})" if len(values) > 1 else text


def apply(config: dict[str, Any], example: int, edit: Edit) -> tuple[dict[str, Any], int, str]:
    """(settings to check, example to show, what happened) for checked settings."""
    if edit.action == "train_shown":
        said = (
            f"Each training step now uses example #{example + 1} alone, the one on show."
            if edit.on
            else "Each training step now uses a mini-batch drawn at random, as before."
        )
        return {**config, "train_shown": edit.on}, example, said
    if edit.action in ("add_point", "remove"):
        return _clicked(config, example, edit)
    row_x, row_y = list(edit.inputs), list(edit.targets)
    shown = f"x = {_fmt(edit.inputs)}, target {_fmt(edit.targets)}"
    if config["dataset"] != OWN:
        data = {"inputs": [row_x], "targets": [row_y]}
        said = (
            f"Your own data now: one example, {shown}. The {config['dataset']} set is put "
            "aside (pick it again under Settings); add more examples with Add."
        )
        return {**config, "dataset": OWN, "data": data}, 0, said
    inputs = [list(r) for r in config["data"]["inputs"]]
    targets = [list(r) for r in config["data"]["targets"]]
    if edit.action == "replace":
        inputs[example], targets[example] = row_x, row_y
        said = f"Example #{example + 1} now holds {shown}."
    else:
        if len(inputs) >= limits.MAX_SAMPLES:
            raise state.InputError(
                f"the data has {limits.MAX_SAMPLES} examples already, as many as fit; "
                "replace one instead"
            )
        inputs.append(row_x)
        targets.append(row_y)
        example = len(inputs) - 1
        said = f"Example #{example + 1} added: {shown}. The data has {len(inputs)} examples."
    return {**config, "data": {"inputs": inputs, "targets": targets}}, example, said


def _clicked(config: dict[str, Any], example: int, edit: Edit) -> tuple[dict[str, Any], int, str]:
    """A click on the plot: the points on show, with one added or removed."""
    if config["dataset"] in REGRESSION:
        raise state.InputError(
            f"the {config['dataset']} set fits numbers, not classes; a click adds a point "
            "to a classification set or to your own data"
        )
    ds = state.dataset(config)  # the training points on show, as the plot draws them
    points = ds.X if ds.points is None else ds.points
    inputs, targets = points.tolist(), ds.Y.tolist()
    if edit.action == "remove":
        if len(inputs) == 1:
            raise state.InputError("the data needs at least one example; add another first")
        del inputs[edit.index], targets[edit.index]
        if example > edit.index or example == len(inputs):
            example -= 1
        said = f"Example #{edit.index + 1} removed. The data has {len(inputs)} examples."
    else:
        if len(inputs) >= limits.MAX_SAMPLES:
            raise state.InputError(
                f"the data has {limits.MAX_SAMPLES} examples already, as many as fit; "
                "remove one first"
            )
        inputs.append(list(edit.inputs))
        targets.append(list(edit.targets))
        said = (
            f"Example #{len(inputs)} added at x = {_fmt(edit.inputs)}, target "
            f"{_fmt(edit.targets)}. The data has {len(inputs)} examples."
        )
    if config["dataset"] != OWN:
        said += f" It is your own data now, made from the {config['dataset']} training points."
    return {**config, "dataset": OWN, "data": {"inputs": inputs, "targets": targets}}, example, said
