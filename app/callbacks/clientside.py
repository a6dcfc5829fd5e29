"""Clientside callbacks of the lab: the functions live in assets/lab-clientside.js
under `window.dash_clientside.backprop`; here they are wired to the page's ids.

Forward, Backward, Update, Train step, Play and the sub-step buttons have no row:
the page counts their click events itself (assets/lab-buttons.js), because Dash
merges presses that come close together into one change of n_clicks."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from app import ids
from app.callbacks.wiring import LATER, wire

VIEW, DATA = Input(ids.VIEW_STORE, "data"), Input(ids.DATA_STORE, "data")
EXAMPLE, STEP = Input(ids.EXAMPLE_STORE, "data"), Input(ids.STEP_STORE, "data")


def register(app: Dash) -> None:
    wire(
        app,
        "backprop",
        ("lrText", Output(ids.LR_VALUE, "children"), Input(ids.LR_SLIDER, "value")),
        ("onReset", Input(ids.RESET_BTN, "n_clicks"), LATER),
        ("syncSettings", Input(ids.LR_SLIDER, "value"), Input(ids.SPEED, "value"), EXAMPLE),
        ("onState", Input(ids.NET_STORE, "data"), VIEW, DATA),
        ("onFigure", Input(ids.NETWORK_GRAPH, "figure")),
        ("onReply", Input(ids.REPLY_STORE, "data"), LATER),
        # One callback for the diagram's clicks (Dash keys a callback without outputs by
        # its inputs, so a second one on the same input would replace the first): it
        # becomes the event bl:diagram-click, which the inspector and a class question hear.
        ("onDiagramClick", Input(ids.NETWORK_GRAPH, "clickData"), LATER),
        ("readouts", Output(ids.STEP_COUNT, "children"), Output(ids.LOSS_VALUE, "children"), VIEW),
        (
            "pickExample",
            Output(ids.EXAMPLE_STORE, "data"),
            Input(ids.DATA_GRAPH, "clickData"),
            State(ids.DATA_STORE, "data"),
            LATER,
        ),
        ("exampleLabel", Output(ids.EXAMPLE_LABEL, "children"), EXAMPLE, DATA),
        ("batchLabel", Output(ids.BATCH_LABEL, "children"), DATA),
        ("dataFigure", Output(ids.DATA_GRAPH, "figure"), DATA, VIEW, EXAMPLE, STEP),
        ("lossFigure", Output(ids.LOSS_GRAPH, "figure"), VIEW),
    )
