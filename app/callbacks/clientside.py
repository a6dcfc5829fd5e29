"""Clientside callbacks: the functions live in assets/lab-clientside.js under
`window.dash_clientside.backprop`; here they are wired to the page's ids."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State

from app import ids


def _fn(name: str) -> ClientsideFunction:
    return ClientsideFunction(namespace="backprop", function_name=name)


def register(app: Dash) -> None:
    app.clientside_callback(
        _fn("lrText"), Output(ids.LR_VALUE, "children"), Input(ids.LR_SLIDER, "value")
    )

    # Forward, Backward, Update, Train step, Play and the sub-step buttons are counted
    # from the page's own click events (assets/lab-buttons.js): Dash merges presses
    # that come close together into one change of n_clicks, which would lose clicks.
    app.clientside_callback(
        _fn("onReset"), Input(ids.RESET_BTN, "n_clicks"), prevent_initial_call=True
    )
    app.clientside_callback(
        _fn("syncSettings"),
        Input(ids.LR_SLIDER, "value"),
        Input(ids.SPEED, "value"),
        Input(ids.EXAMPLE_STORE, "data"),
    )
    app.clientside_callback(
        _fn("onState"),
        Input(ids.NET_STORE, "data"),
        Input(ids.VIEW_STORE, "data"),
        Input(ids.DATA_STORE, "data"),
    )
    app.clientside_callback(_fn("onFigure"), Input(ids.NETWORK_GRAPH, "figure"))
    app.clientside_callback(
        _fn("onReply"),
        Input(ids.REPLY_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("readouts"),
        Output(ids.STEP_COUNT, "children"),
        Output(ids.LOSS_VALUE, "children"),
        Input(ids.VIEW_STORE, "data"),
    )
    app.clientside_callback(
        _fn("pickExample"),
        Output(ids.EXAMPLE_STORE, "data"),
        Input(ids.DATA_GRAPH, "clickData"),
        State(ids.DATA_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("exampleLabel"),
        Output(ids.EXAMPLE_LABEL, "children"),
        Input(ids.EXAMPLE_STORE, "data"),
        Input(ids.DATA_STORE, "data"),
    )
    app.clientside_callback(
        _fn("batchLabel"), Output(ids.BATCH_LABEL, "children"), Input(ids.DATA_STORE, "data")
    )
    app.clientside_callback(
        _fn("dataFigure"),
        Output(ids.DATA_GRAPH, "figure"),
        Input(ids.DATA_STORE, "data"),
        Input(ids.VIEW_STORE, "data"),
        Input(ids.EXAMPLE_STORE, "data"),
        Input(ids.STEP_STORE, "data"),
    )
    app.clientside_callback(
        _fn("lossFigure"), Output(ids.LOSS_GRAPH, "figure"), Input(ids.VIEW_STORE, "data")
    )
