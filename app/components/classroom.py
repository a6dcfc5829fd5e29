"""The Class panel: a teacher starts a class (code, link, QR code for the
projector) and asks questions; a student joins by code or link, predicts, and
sees the reveal. Its moving parts are filled in by assets/class-session.js."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids, limits
from app.classroom import questions
from app.components.text import small_button

KIND_LABELS = {
    "weight": "Which way will this weight move?",
    "delta": "Which hidden neuron has the largest |δ|?",
    "loss": "Will the loss go up or down at this η?",
    "gradient": "Type ∂L/∂w for this weight",
}
assert set(KIND_LABELS) == set(questions.QUESTION_KINDS)


def _number(idx: str, label: str, value: int) -> html.Label:
    field = dcc.Input(id=idx, type="number", min=1, step=1, value=value, className="bl-class-num")
    return html.Label([label, field], className="bl-class-field")


def _teacher() -> html.Div:
    kinds = [html.Option(label, value=kind) for kind, label in KIND_LABELS.items()]
    return html.Div(
        id=ids.CLASS_TEACHER,
        hidden=True,
        className="bl-class-teacher",
        children=[
            html.Div(
                [
                    html.Div(["Code ", html.Strong(id=ids.CLASS_CODE, className="bl-class-code")]),
                    html.A(id=ids.CLASS_LINK, href="#", className="bl-class-link"),
                ],
                className="bl-class-share",
            ),
            html.Img(id=ids.CLASS_QR, alt="QR code of the class link", className="bl-class-qr"),
            html.Div(
                [
                    html.Select(
                        kinds, id=ids.CLASS_ASK_KIND, className="form-select form-select-sm"
                    ),
                    _number(ids.CLASS_ASK_LAYER, "W(l): l ", 1),
                    _number(ids.CLASS_ASK_ROW, " row ", 1),  # counted from 1, as on screen
                    _number(ids.CLASS_ASK_COL, " column ", 1),
                    small_button("Ask the class", ids.CLASS_ASK_BTN),
                    small_button("Reveal", ids.CLASS_REVEAL_BTN),
                ],
                className="bl-class-ask",
            ),
        ],
    )


def _labelled(text: str, field: dcc.Input) -> html.Label:
    # dcc.Input takes no aria-label: a label only screen readers hear names it.
    return html.Label([html.Span(text, className="visually-hidden"), field])


def _student() -> html.Div:
    return html.Div(
        className="bl-class-join",
        children=[
            _labelled(
                "Class code",
                dcc.Input(
                    id=ids.CLASS_JOIN_CODE,
                    placeholder="Class code",
                    maxLength=12,
                    autoComplete="off",
                ),
            ),
            _labelled(
                "Nickname (optional)",
                dcc.Input(
                    id=ids.CLASS_NICKNAME,
                    placeholder="Nickname (optional)",
                    maxLength=limits.MAX_NICKNAME_CHARS,
                ),
            ),
            small_button("Join", ids.CLASS_JOIN_BTN),
            small_button("Explore on my own", ids.CLASS_LEAVE_BTN, className="d-none"),
            small_button("Back to the class", ids.CLASS_REJOIN_BTN, className="d-none"),
        ],
    )


def panel() -> html.Details:
    return html.Details(
        id=ids.CLASS_PANEL,
        className="bl-class",
        children=[
            html.Summary("Class: the teacher leads, everyone follows and predicts"),
            dbc.Row(
                [
                    dbc.Col([small_button("Start a class", ids.CLASS_START_BTN), _student()], md=5),
                    dbc.Col(
                        [
                            html.P(id=ids.CLASS_STATUS, className="bl-class-status"),
                            _teacher(),
                            html.Div(id=ids.CLASS_QUESTION, className="bl-class-question"),
                            # the teacher's live tally, under the question it counts
                            html.Div(
                                id=ids.CLASS_TALLY,
                                className="bl-class-tally",
                                **{"aria-live": "polite"},
                            ),
                            html.Div(id=ids.CLASS_RESULT, className="bl-class-result"),
                        ],
                        md=7,
                    ),
                ]
            ),
            dcc.Store(id=ids.CLASS_SIZES_STORE, data=None, storage_type="memory"),
        ],
    )
