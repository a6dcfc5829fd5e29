"""The whole page: the title in one line, the lab on the first screen, then the
seed's theory in the seed's order (chain rule, forward and backward pass, the four
steps, key ideas, the mathematics, why it matters), each equation linked to the part
of the lab that runs it. The browser's state lives in the dcc.Store elements at the
end (see app/state.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import content, figures, ids, state, views
from app.components import classroom, inspector, lab, playground, theory
from app.components import lessons as lesson_ui
from app.components import own_data as own_ui


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
    # One line: the lab must start high enough to fit a laptop's first screen.
    return html.Header(
        dbc.Container(
            fluid=True,
            className="bl-hero-inner",
            children=[
                html.Span("Backprop Lab", className="bl-brand"),
                html.H1(content.TITLE, className="bl-title"),
                html.P(content.TAGLINE, className="bl-tagline"),
                html.A("Theory ↓", href="#theory", className="bl-jump"),
            ],
        ),
        className="bl-hero",
    )


def build() -> html.Div:
    sizes = state.DEFAULT_CONFIG["sizes"]
    return html.Div(
        [
            _hero(),
            dbc.Container(
                fluid=True,
                children=[
                    html.Section(
                        [
                            # A heading for the page's outline; the lab shows itself.
                            html.H2(content.LAB_TITLE, className="visually-hidden"),
                            lesson_ui.lesson_bar(),
                            lab.lab(
                                figures.network_figure(sizes),
                                figures.placeholder_figure(),
                                figures.placeholder_figure(),
                            ),
                            own_ui.editor(),
                            inspector.panel(),
                            lesson_ui.share_bar(),
                            classroom.panel(),
                        ],
                        id="lab",
                        className="bl-section bl-lab-section",
                    ),
                    theory.passes(),
                    theory.steps_at_length(),
                    theory.concepts(),
                    theory.foundation(),
                    theory.why(),
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
