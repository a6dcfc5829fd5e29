"""The whole page, in the seed's order: title, chain rule, forward and backward
pass, the lab, the algorithm steps, key ideas, the mathematics, why it matters.
The browser's state lives in the dcc.Store elements at the end (see app/state.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import content, figures, ids, state, views
from app.components import inspector, lab, playground, steps
from app.components import lessons as lesson_ui
from app.components import own_data as own_ui
from app.components.text import card, markdown, section


def _stores() -> list[dcc.Store]:
    fresh = views.fresh_start(state.DEFAULT_CONFIG, run=0)
    initial = {
        ids.CONFIG_STORE: dict(state.DEFAULT_CONFIG),
        ids.NET_STORE: fresh["net_state"],
        ids.VIEW_STORE: fresh["view"],
        ids.DATA_STORE: fresh["data"],
        ids.EXAMPLE_STORE: 0,
        ids.STEP_STORE: None,
        ids.REQUEST_STORE: None,
        ids.REPLY_STORE: None,
    }
    return [dcc.Store(id=k, data=v, storage_type="memory") for k, v in initial.items()]


def _hero() -> html.Header:
    return html.Header(
        dbc.Container(
            fluid=True,
            className="bl-hero-inner",
            children=[
                html.Div("Backprop Lab", className="bl-brand"),
                html.H1(content.TITLE, className="bl-title"),
                html.P(content.TAGLINE, className="bl-tagline"),
                html.A("Go to the lab ↓", href="#lab", className="btn btn-light btn-sm bl-jump"),
            ],
        ),
        className="bl-hero",
    )


def _theory() -> html.Div:
    return dbc.Row(
        [
            dbc.Col(
                card(content.CHAIN_RULE_TITLE, markdown(content.CHAIN_RULE)), lg=4, className="mb-3"
            ),
            dbc.Col(
                card(content.FORWARD_TITLE, markdown(content.FORWARD), "bl-card-forward"),
                lg=4,
                className="mb-3",
            ),
            dbc.Col(
                card(content.BACKWARD_TITLE, markdown(content.BACKWARD), "bl-card-backward"),
                lg=4,
                className="mb-3",
            ),
        ],
        className="g-3",
    )


def build() -> html.Div:
    sizes = state.DEFAULT_CONFIG["sizes"]
    concepts = dbc.Row(
        [
            dbc.Col(card(title, markdown(text)), md=4, className="mb-3")
            for title, text in content.CONCEPTS
        ],
        className="g-3",
    )
    foundation = dbc.Row(
        [
            dbc.Col(
                card(None, markdown(content.FOUNDATION_FORWARD), "bl-card-forward"),
                md=6,
                className="mb-3",
            ),
            dbc.Col(
                card(None, markdown(content.FOUNDATION_BACKWARD), "bl-card-backward"),
                md=6,
                className="mb-3",
            ),
        ],
        className="g-3",
    )
    return html.Div(
        [
            _hero(),
            dbc.Container(
                fluid=True,
                children=[
                    html.Section(_theory(), className="bl-section bl-theory"),
                    section(
                        content.LAB_TITLE,
                        lesson_ui.lesson_bar(),
                        lab.lab(
                            figures.network_figure(sizes),
                            figures.placeholder_figure(),
                            figures.placeholder_figure(),
                        ),
                        own_ui.editor(),
                        inspector.panel(),
                        lesson_ui.share_bar(),
                        section_id="lab",
                        lead=content.LAB_INTRO,
                    ),
                    section(content.STEPS_TITLE, steps.algorithm_steps(), section_id="steps"),
                    section(content.CONCEPTS_TITLE, concepts),
                    section(content.FOUNDATION_TITLE, foundation),
                    section(content.WHY_TITLE, markdown(content.WHY, "bl-why")),
                ],
                className="bl-main",
            ),
            html.Footer(dbc.Container(content.FOOTER), className="bl-footer"),
            *_stores(),
            *inspector.stores(),
            *playground.stores(),
            *lesson_ui.stores(),
            *own_ui.stores(),
        ],
        className="bl-page",
    )
