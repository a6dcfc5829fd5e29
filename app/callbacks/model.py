"""The model's extra settings (input features, λ of L2) as clientside callbacks
(assets/model-controls.js): they edit the same settings draft as the rest of the
panel (app/callbacks/playground.py)."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from app import ids
from app.callbacks.wiring import LATER, wire

CONTROLS = [(ids.FEATURES_CHECKLIST, "value"), (ids.L2_SLIDER, "value")]


def register(app: Dash) -> None:
    wire(
        app,
        "model",
        ("syncModel", *[Output(i, p) for i, p in CONTROLS], Input(ids.CONFIG_STORE, "data")),
        (
            "onKeep",
            *[Output(i, p, allow_duplicate=True) for i, p in CONTROLS],
            Input(ids.KEEP_BTN, "n_clicks"),
            State(ids.CONFIG_STORE, "data"),
            LATER,
        ),
        (
            "onModelControl",
            Output(ids.DRAFT_STORE, "data", allow_duplicate=True),
            *[Input(i, p) for i, p in CONTROLS],
            State(ids.DRAFT_STORE, "data"),
            State(ids.CONFIG_STORE, "data"),
            LATER,
        ),
        ("l2Text", Output(ids.L2_VALUE, "children"), Input(ids.L2_SLIDER, "value")),
    )
