"""The training playground's clientside callbacks: Play, the settings draft, the
charts of the vanishing-gradients lab. Its server side (Play's steps, Apply) is in
app/callbacks/training.py."""

from __future__ import annotations

from dash import ALL, ClientsideFunction, Dash, Input, Output, State

from app import ids


def _fn(name: str) -> ClientsideFunction:
    return ClientsideFunction(namespace="playground", function_name=name)


def register(app: Dash) -> None:
    """The browser half of the playground (assets/): settings draft, charts, lessons."""
    app.clientside_callback(
        _fn("onRestore"), Input(ids.RESTORE_BTN, "n_clicks"), prevent_initial_call=True
    )
    app.clientside_callback(
        _fn("onApply"), Input(ids.APPLY_BTN, "n_clicks"), prevent_initial_call=True
    )
    app.clientside_callback(
        _fn("onKeep"), Input(ids.KEEP_BTN, "n_clicks"), prevent_initial_call=True
    )

    value_controls = [
        (ids.DATASET_SELECT, "value"),
        (ids.NOISE_SLIDER, "value"),
        (ids.SPLIT_SLIDER, "value"),
        (ids.ACTIVATION_SELECT, "value"),
        (ids.LOSS_SELECT, "value"),
        (ids.BATCH_SELECT, "value"),
        (ids.RESIDUAL_SWITCH, "value"),
        (ids.NORM_SWITCH, "value"),
    ]
    app.clientside_callback(
        _fn("syncControls"),
        *[Output(i, p) for i, p in value_controls],
        Output(ids.DRAFT_STORE, "data"),
        Input(ids.CONFIG_STORE, "data"),
    )
    app.clientside_callback(
        _fn("onControl"),
        Output(ids.DRAFT_STORE, "data", allow_duplicate=True),
        *[Input(i, p) for i, p in value_controls],
        Input(ids.REGENERATE_BTN, "n_clicks"),
        Input(ids.LAYERS_MINUS_BTN, "n_clicks"),
        Input(ids.LAYERS_PLUS_BTN, "n_clicks"),
        Input({"type": ids.NEURONS_MINUS_BTN, "layer": ALL}, "n_clicks"),
        Input({"type": ids.NEURONS_PLUS_BTN, "layer": ALL}, "n_clicks"),
        Input(ids.DEEP_PRESET_BTN, "n_clicks"),
        State(ids.CONFIG_STORE, "data"),
        State(ids.DRAFT_STORE, "data"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("onDraft"),
        Input(ids.DRAFT_STORE, "data"),
        State(ids.CONFIG_STORE, "data"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("draftDisplay"),
        Output(ids.LAYERS_VALUE, "children"),
        Output({"type": ids.NEURONS_VALUE, "layer": ALL}, "children"),
        Output({"type": ids.NEURONS_BOX, "layer": ALL}, "className"),
        Output(ids.NOISE_VALUE, "children"),
        Output(ids.SPLIT_VALUE, "children"),
        Output(ids.LAYERS_PLUS_BTN, "disabled"),
        Output(ids.LAYERS_MINUS_BTN, "disabled"),
        Input(ids.DRAFT_STORE, "data"),
    )
    app.clientside_callback(
        _fn("readMetric"),
        Output(ids.ACCURACY_LABEL, "children"),
        Output(ids.ACCURACY_VALUE, "children"),
        Input(ids.VIEW_STORE, "data"),
    )
    app.clientside_callback(
        _fn("gradFigure"), Output(ids.GRAD_NORM_GRAPH, "figure"), Input(ids.VIEW_STORE, "data")
    )
    app.clientside_callback(
        _fn("vanishText"),
        Output(ids.VANISH_TEXT, "children"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.CONFIG_STORE, "data"),
    )
