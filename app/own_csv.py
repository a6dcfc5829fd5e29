"""A table of the user's own data, uploaded as CSV: a header row naming the columns,
then one example per line, the input columns first and the target columns after.

    x1,x2,y
    0.05,0.10,0.01
    1,-1,0.99

The table must fit the network on screen: as many input columns as the input layer
has neurons, as many target columns as the output layer. When the number of target
columns cannot be told from the table (the page's chooser, "as the output layer",
or a number), the chooser decides. A bad table gets one sentence naming the line
(counted from 1, the header being line 1), what is wrong and what would work.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from app import export, own_data
from app.state import InputError

# 400 examples of a few numbers each fit easily; a larger table is refused in words.
MAX_CSV_BYTES = 40_000
AUTO = "auto"  # the chooser's "as many as the output layer has neurons"
MAX_TARGETS = 4  # the chooser's largest number of target columns


def _cell(text: str) -> float | str:
    """A cell as a number; non-numbers come back as text, judged by own_data.check."""
    try:
        return float(text.strip())
    except ValueError:
        return text.strip()


def read_targets(raw: Any, n_out: int) -> int:
    """The chooser's value: AUTO (the output layer's size) or a number of columns."""
    if raw in (None, AUTO):
        return n_out
    if isinstance(raw, str) and raw.isdigit() and 1 <= int(raw) <= MAX_TARGETS:
        return int(raw)
    raise InputError("the number of target columns must be one of the chooser's choices")


def read_table(contents: Any, sizes: list[int], targets: int) -> dict[str, Any]:
    """An uploaded CSV -> raw data {"inputs", "targets"} (checked: own_data.check)."""
    blob = export.decode_upload(contents, MAX_CSV_BYTES, "table")
    try:
        text = blob.decode("utf-8-sig")  # a spreadsheet's byte-order mark is no column name
    except UnicodeDecodeError:
        raise InputError("the table is not text (UTF-8); save it as CSV and upload again") from None
    lines = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), start=1) if row]
    if not lines:
        raise InputError("the table is empty; line 1 should name the columns, such as x1,x2,y")
    (_, header), body = lines[0], lines[1:]
    if all(_is_number(c) for c in header):
        raise InputError(
            "line 1 holds numbers, not column names; add a header line such as x1,x2,y"
        )
    n_in, n_out = own_data.POINT, sizes[-1]
    width = len(header)
    if targets != n_out:
        raise InputError(
            f"the network has {n_out} output neuron{'s' if n_out != 1 else ''}, so it learns "
            f"{n_out} target column{'s' if n_out != 1 else ''}, not {targets}; "
            "choose that number or change the output layer under Settings"
        )
    if width != n_in + n_out:
        raise InputError(
            f"line 1 names {width} columns; the network needs {n_in} input column"
            f"{'s' if n_in != 1 else ''} then {n_out} target column{'s' if n_out != 1 else ''}, "
            f"{n_in + n_out} in all, such as x1,x2,y"
        )
    if not body:
        raise InputError("the table has a header but no examples; add one example per line")
    numbers = [n for n, _ in body]
    for n, row in body:
        if len(row) != width:
            raise InputError(
                f"line {n} has {len(row)} value{'s' if len(row) != 1 else ''}; "
                f"the header names {width} columns, so each line needs {width}"
            )
    cells = [[_cell(c) for c in row] for _, row in body]
    raw = {"inputs": [r[:n_in] for r in cells], "targets": [r[n_in:] for r in cells]}
    try:
        own_data.check(raw, n_out, name=lambda k: f"line {numbers[k - 1]}")
    except own_data.DataError as e:
        raise InputError(str(e)) from None
    return raw


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
