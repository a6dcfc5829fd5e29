"""The example editor in the lab: type the inputs and targets of the example on
show, and the switch "Train on the shown example". The fields are filled by
app/callbacks/own_data.py from the settings; assets/own-data.js sends the edits."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids
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
        ],
        id=ids.OWN_EDITOR,
        className="bl-own-editor",
    )


def stores() -> list[dcc.Store]:
    return [
        dcc.Store(id=i, data=None, storage_type="memory")
        for i in (ids.OWN_EDIT_STORE, ids.OWN_REPLY_STORE)
    ]
