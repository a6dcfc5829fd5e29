"""The chain-rule inspector: sub-step controls, the history of recent steps, the
equations of a clicked neuron or weight with the numbers put in, and the
finite-difference check beside them. assets/inspector.js fills in the numbers and
assets/substeps.js drives the playback; the server only answers the check."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids
from app.components.text import small_button


def _playback() -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    small_button(
                        "◂ Previous",
                        ids.SUBSTEP_PREV_BTN,
                        title="Go back one piece of the training step",
                    ),
                    dbc.Button(
                        "Next piece ▸",
                        id=ids.SUBSTEP_NEXT_BTN,
                        color="primary",
                        size="sm",
                        n_clicks=0,
                        title="Play one layer of the forward pass, the loss, one layer of "
                        "the backward pass, or the update",
                    ),
                ],
                className="bl-substep-buttons",
                role="group",
                **{"aria-label": "Step through one training step"},
            ),
            html.Div(
                "Press Next piece to play a training step one layer at a time.",
                id=ids.SUBSTEP_CAPTION,
                className="bl-substep-caption",
                role="status",
                **{"aria-live": "polite"},
            ),
        ],
        className="bl-playback",
    )


def _history() -> html.Div:
    return html.Div(
        [
            html.Label("Recent steps", htmlFor=ids.HISTORY_SLIDER, className="bl-label"),
            html.Div(
                dcc.Slider(
                    id=ids.HISTORY_SLIDER,
                    min=0,
                    max=1,
                    step=1,
                    value=0,
                    marks=None,
                    disabled=True,
                    allow_direct_input=False,
                    updatemode="drag",
                    className="bl-slider",
                ),
                className="bl-history-slider",
            ),
            html.Span("No step taken yet", id=ids.HISTORY_LABEL, className="bl-history-label"),
            small_button(
                "Replay",
                ids.HISTORY_REPLAY_BTN,
                title="Play the chosen step again, piece by piece",
                disabled=True,
            ),
            small_button(
                "Back to now",
                ids.HISTORY_LIVE_BTN,
                title="Leave the history and show the network as it is now",
                disabled=True,
            ),
        ],
        className="bl-history",
    )


def panel() -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div(
                    [
                        html.H3("Chain-rule inspector", className="bl-h3"),
                        _playback(),
                    ],
                    className="bl-inspector-head",
                ),
                _history(),
                # assets/weight-edit.js owns what is inside: set the selected weight or bias.
                html.Div(id=ids.WEIGHT_EDIT, className="bl-weight-edit"),
                html.Div(
                    # assets/inspector.js owns what is inside these two boxes.
                    [
                        html.Div(id=ids.INSPECTOR_BODY, className="bl-inspector-body"),
                        html.Div(id=ids.FD_BODY, className="bl-fd-body"),
                    ],
                    className="bl-inspector-grid",
                ),
            ]
        ),
        id=ids.INSPECTOR,
        className="bl-card bl-inspector mb-3",
    )


def stores() -> list[dcc.Store]:
    return [
        dcc.Store(id=ids.FD_REQUEST_STORE, data=None, storage_type="memory"),
        dcc.Store(id=ids.FD_STORE, data=None, storage_type="memory"),
    ]
