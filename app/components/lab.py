"""The interactive part: network diagram, data with the prediction surface, loss
chart, and the read-outs the tests and the student rely on."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import figures, ids
from app.components import controls, numbers, playground, steps
from app.components import own_data as own_ui

# Plotly's mode bar and scroll zoom get in the way of clicking on a projector.
GRAPH_CONFIG = {"displayModeBar": False, "scrollZoom": False, "responsive": True}


def _legend() -> html.Div:
    def item(cls: str, text: str) -> html.Span:
        return html.Span(
            [html.Span(className=f"bl-swatch {cls}"), text], className="bl-legend-item"
        )

    return html.Div(
        [
            item("bl-sw-forward", "signal (forward)"),
            item("bl-sw-backward", "gradient (backward)"),
            item("bl-sw-pos", "weight > 0"),
            item("bl-sw-neg", "weight < 0"),
            html.Span("line width ∝ |w|", className="bl-legend-item bl-muted"),
        ],
        className="bl-legend",
    )


def _stat(label: str, value_id: str, initial: str) -> html.Div:
    return html.Div(
        [
            html.Span(label, className="bl-stat-label"),
            html.Span(initial, id=value_id, className="bl-stat-value"),
        ],
        className="bl-stat",
    )


def network_card(figure: dict) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            className="bl-network-body",
            children=[
                html.Div(
                    [
                        html.H3("The network", className="bl-h3"),
                        numbers.control(),
                        html.Div(
                            [
                                _stat("Step", ids.STEP_COUNT, "0"),
                                _stat("Loss", ids.LOSS_VALUE, "–"),
                                playground.metric_stat(),
                            ],
                            className="bl-stats",
                        ),
                    ],
                    className="bl-card-head",
                ),
                html.Div(id=ids.EXAMPLE_LABEL, className="bl-example-label"),
                dcc.Graph(
                    id=ids.NETWORK_GRAPH,
                    figure=figure,
                    config=GRAPH_CONFIG,
                    className="bl-network-graph",
                    style={"height": "var(--bl-network-h)"},
                ),
                _legend(),
            ],
        ),
        className="bl-card bl-network-card",
    )


def data_card(figure: dict) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            className="bl-data-body",
            children=[
                html.H3("Data and prediction", className="bl-h3"),
                html.Div(id=ids.BATCH_LABEL, className="bl-batch-label"),
                own_ui.click_mode(),
                dcc.Graph(
                    id=ids.DATA_GRAPH,
                    figure=figure,
                    config=GRAPH_CONFIG,
                    className="bl-data-graph",
                    # a square plot in a box no taller than it is wide: no empty band
                    style={"height": "var(--bl-data-h)"},
                ),
            ],
        ),
        className="bl-card bl-data-card",
    )


def loss_card(figure: dict) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("Loss over training steps", className="bl-h3"),
                dcc.Graph(
                    id=ids.LOSS_GRAPH,
                    figure=figure,
                    config=GRAPH_CONFIG,
                    className="bl-loss-graph",
                    style={"height": "var(--bl-loss-h)"},
                ),
            ]
        ),
        className="bl-card bl-loss-card",
    )


def lab(network_fig: dict, data_fig: dict, loss_fig: dict) -> html.Div:
    # One grid, laid out by assets/page-layout.css: on a laptop the controls span the
    # top and the steps, diagram and data sit side by side under them, so a step can
    # be watched lighting up while the diagram animates; on a phone the same parts
    # stack as diagram, steps, controls, data. The source order is the reading order.
    return html.Div(
        [
            html.Div(
                [
                    html.Div(
                        [
                            controls.toolbar(),
                            playground.reset_notice(),
                            playground.lesson_panel(),
                            playground.settings_panel(),
                            html.Div(
                                id=ids.STATUS,
                                className="bl-status",
                                role="status",
                                **{"aria-live": "polite"},
                            ),
                        ],
                        className="bl-lab-controls",
                    ),
                    html.Div(steps.algorithm_steps(), className="bl-lab-steps"),
                    html.Div(network_card(network_fig), className="bl-lab-network"),
                    html.Div([data_card(data_fig), loss_card(loss_fig)], className="bl-lab-side"),
                ],
                className="bl-lab-grid",
            ),
            playground.vanishing_lab(figures.placeholder_figure()),
        ],
        className="bl-lab",
    )
