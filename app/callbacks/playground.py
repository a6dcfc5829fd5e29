"""The training playground's clientside callbacks: Play, the settings draft, the
charts of the vanishing-gradients lab. Its server side (Play's steps, Apply) is in
app/callbacks/training.py."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State

from app import ids
from app.callbacks.wiring import LATER, wire

# The settings the panel edits, as (id, property) of their controls.
VALUE_CONTROLS = [
    (ids.DATASET_SELECT, "value"),
    (ids.NOISE_SLIDER, "value"),
    (ids.SPLIT_SLIDER, "value"),
    (ids.ACTIVATION_SELECT, "value"),
    (ids.LOSS_SELECT, "value"),
    (ids.BATCH_SELECT, "value"),
    (ids.RESIDUAL_SWITCH, "value"),
    (ids.NORM_SWITCH, "value"),
]
CONFIG, NET = State(ids.CONFIG_STORE, "data"), State(ids.NET_STORE, "data")
VIEW, DRAFT = Input(ids.VIEW_STORE, "data"), Input(ids.DRAFT_STORE, "data")


def _each(layer_id: str, prop: str) -> Output:
    return Output({"type": layer_id, "layer": ALL}, prop)


def register(app: Dash) -> None:
    """The browser half of the playground (assets/): settings draft, charts, lessons."""
    wire(
        app,
        "playground",
        ("onRestore", Input(ids.RESTORE_BTN, "n_clicks"), LATER),
        ("onApply", Input(ids.APPLY_BTN, "n_clicks"), LATER),
        ("onKeep", Input(ids.KEEP_BTN, "n_clicks"), LATER),
        (
            "syncControls",
            *[Output(i, p) for i, p in VALUE_CONTROLS],
            Output(ids.DRAFT_STORE, "data"),
            Input(ids.CONFIG_STORE, "data"),
        ),
        (
            "onControl",
            Output(ids.DRAFT_STORE, "data", allow_duplicate=True),
            *[Input(i, p) for i, p in VALUE_CONTROLS],
            *[
                Input(i, "n_clicks")
                for i in (ids.REGENERATE_BTN, ids.LAYERS_MINUS_BTN, ids.LAYERS_PLUS_BTN)
            ],
            Input({"type": ids.NEURONS_MINUS_BTN, "layer": ALL}, "n_clicks"),
            Input({"type": ids.NEURONS_PLUS_BTN, "layer": ALL}, "n_clicks"),
            Input(ids.DEEP_PRESET_BTN, "n_clicks"),
            CONFIG,
            State(ids.DRAFT_STORE, "data"),
            NET,
            LATER,
        ),
        ("onDraft", DRAFT, CONFIG, NET, LATER),
        (
            "draftDisplay",
            Output(ids.LAYERS_VALUE, "children"),
            _each(ids.NEURONS_VALUE, "children"),
            _each(ids.NEURONS_BOX, "className"),
            Output(ids.NOISE_VALUE, "children"),
            Output(ids.SPLIT_VALUE, "children"),
            Output(ids.LAYERS_PLUS_BTN, "disabled"),
            Output(ids.LAYERS_MINUS_BTN, "disabled"),
            Output(ids.DATASET_NOTE, "children"),
            DRAFT,
        ),
        (
            "readMetric",
            Output(ids.ACCURACY_LABEL, "children"),
            Output(ids.ACCURACY_VALUE, "children"),
            VIEW,
        ),
        ("gradFigure", Output(ids.GRAD_NORM_GRAPH, "figure"), VIEW),
        ("vanishText", Output(ids.VANISH_TEXT, "children"), VIEW, CONFIG),
    )
