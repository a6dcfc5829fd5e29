"""The diagram's Numbers control: every number, the selection's only, or none.

The browser places the numbers (assets/lab-labels.js); when every number would not
fit without overlapping, the note beside the control says some are hidden."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app import figures, ids

NAMES = {"all": "All", "selected": "Selected", "none": "None"}
assert list(NAMES) == figures.NUMBERS["modes"]


def control() -> html.Div:
    return html.Div(
        [
            html.Label("Numbers", htmlFor=ids.NUMBERS, className="bl-label bl-numbers-label"),
            dbc.RadioItems(
                id=ids.NUMBERS,
                options=[{"label": NAMES[m], "value": m} for m in figures.NUMBERS["modes"]],
                value=figures.NUMBERS["default"],
                inline=True,
                className="bl-toggle btn-group bl-numbers",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-secondary btn-sm",
                labelCheckedClassName="active",
            ),
            html.Span(id=ids.NUMBERS_NOTE, className="bl-numbers-note", role="status"),
        ],
        className="bl-numbers-control",
    )
