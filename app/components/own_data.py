"""The example editor in the lab: type the inputs and targets of the example on
show, and the switch "Train on the shown example". The fields are filled by
app/callbacks/own_data.py from the settings; assets/own-data.js sends the edits."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids, own_csv
from app.components.text import small_button

SUBSCRIPTS = "₁₂₃₄₅₆₇₈₉"


def _field(kind: str, i: int, symbol: str, value: float | None) -> html.Div:
    idx = f"{kind}-{i}"
    return html.Div(
        [
            html.Label(f"{symbol}{SUBSCRIPTS[i - 1]}", htmlFor=idx, className="bl-own-label"),
            dcc.Input(
                id=idx,
                type="text",
                inputMode="decimal",
                value="" if value is None else f"{value:.6g}",
                className=f"bl-own-field bl-{kind}",
                debounce=False,
                size="6",
            ),
        ],
        className="bl-own-cell",
    )


def fields(x: list[float | None], y: list[float | None]) -> list[Any]:
    """One field per input neuron, an arrow, one per output neuron (ids: own-input-1…)."""
    return [
        *[_field(ids.OWN_INPUT, i, "x", v) for i, v in enumerate(x, start=1)],
        html.Span("→", className="bl-own-arrow", **{"aria-hidden": "true"}),
        *[_field(ids.OWN_TARGET, j, "y", v) for j, v in enumerate(y, start=1)],
    ]


def train_shown_switch(on: bool) -> dbc.Switch:
    return dbc.Switch(
        id=ids.TRAIN_SHOWN, label="Train on the shown example", value=on, className="bl-own-switch"
    )


def _table() -> html.Div:
    """Upload a table: a header line, input columns, then target columns."""
    choices = [{"label": "as the output layer", "value": own_csv.AUTO}]
    return html.Div(
        [
            dcc.Upload(
                small_button("Upload a table (CSV)…", f"{ids.OWN_CSV}-btn"),
                id=ids.OWN_CSV,
                accept=".csv,text/csv,text/plain",
                multiple=False,
            ),
            html.Label("Target columns", htmlFor=ids.OWN_CSV_TARGETS, className="bl-own-label"),
            dbc.Select(
                id=ids.OWN_CSV_TARGETS,
                options=choices
                + [{"label": str(n), "value": str(n)} for n in range(1, own_csv.MAX_TARGETS + 1)],
                value=own_csv.AUTO,
                size="sm",
                className="bl-own-targets",
            ),
            html.Span(
                "A header line, then one example per line: input columns, then target columns.",
                className="bl-own-hint",
            ),
        ],
        className="bl-own-table",
    )


FOLLOW, REMOVE = "follow", "remove"  # click modes; "add-k" adds a point of class k


def click_options(n_classes: int) -> list[dict[str, str]]:
    return [
        {"label": "Follow an example", "value": FOLLOW},
        *[{"label": f"Add class {k}", "value": f"add-{k}"} for k in range(n_classes)],
        {"label": "Remove a point", "value": REMOVE},
    ]


def click_mode() -> html.Div:
    """What a click on the data plot does (read by assets/own-data.js)."""
    return html.Div(
        [
            html.Label(
                "A click on the plot:", htmlFor=ids.OWN_CLICK_MODE, className="bl-own-label"
            ),
            # a menu, not a row of choices: one line whatever the number of classes
            dbc.Select(
                id=ids.OWN_CLICK_MODE,
                options=click_options(2),
                value=FOLLOW,
                size="sm",
                className="bl-own-click",
            ),
        ],
        className="bl-own-click-row",
    )


def editor() -> html.Details:
    return html.Details(
        [
            html.Summary("Your own example", className="bl-own-summary"),
            html.P(id=ids.OWN_NOTE, className="bl-own-note"),
            html.Div(id=ids.OWN_FIELDS, className="bl-own-fields"),
            html.Div(
                [
                    small_button("Replace the shown example", ids.OWN_REPLACE_BTN),
                    small_button("Add as a new example", ids.OWN_ADD_BTN),
                ],
                className="bl-own-buttons",
            ),
            html.Div(train_shown_switch(False), id=ids.TRAIN_SHOWN_BOX),
            _table(),
        ],
        id=ids.OWN_EDITOR,
        className="bl-own-editor",
    )


def stores() -> list[dcc.Store]:
    return [
        dcc.Store(id=i, data=None, storage_type="memory")
        for i in (ids.OWN_EDIT_STORE, ids.OWN_REPLY_STORE)
    ]
