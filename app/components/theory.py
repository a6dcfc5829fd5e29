"""The theory under the lab, in the seed's order: chain rule, forward and backward
pass, the four steps at length, key ideas, the mathematics, why it matters.

Each equation ends with a link to the part of the lab that runs it, so a reader
who has just read δ(l) = (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l)) is one click from watching it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app import content, ids
from app.components.text import card, markdown, section


def run_link(label: str, target_id: str, verb: str = "Run it") -> html.A:
    """An anchor to the lab's control or chart that runs what the text above shows."""
    return html.A(
        [html.Span(f"{verb}: ", className="bl-run-verb"), label, " ▸"],
        href=f"#{target_id}",
        className="bl-run-link",
    )


def _card(title: str | None, text: str, links: list[html.A], className: str = "") -> dbc.Card:
    body = html.Div([markdown(text), html.Div(links, className="bl-run-links")])
    return card(title, body, className)


def passes() -> html.Section:
    """The three cards the seed opens with, now the first thing under the lab."""
    cols = [
        (content.CHAIN_RULE_TITLE, content.CHAIN_RULE, "", "Backward", ids.BACKWARD_BTN),
        (content.FORWARD_TITLE, content.FORWARD, "bl-card-forward", "Forward", ids.FORWARD_BTN),
        (
            content.BACKWARD_TITLE,
            content.BACKWARD,
            "bl-card-backward",
            "Backward",
            ids.BACKWARD_BTN,
        ),
    ]
    return html.Section(
        dbc.Row(
            [
                dbc.Col(_card(title, text, [run_link(label, target)], cls), lg=4, className="mb-3")
                for title, text, cls, label, target in cols
            ],
            className="g-3",
        ),
        id="theory",
        className="bl-section bl-theory",
    )


def steps_at_length() -> html.Section:
    """The four steps again, with room for their explanation; the lit ones with their
    numbers sit beside the diagram (app/components/steps.py)."""
    items = [html.Li([html.Strong(title), " ", text]) for title, text in content.STEPS]
    return section(
        content.STEPS_TITLE,
        html.Ol(items, className="bl-steps-prose"),
        html.Div(
            [run_link("Train step, all four in order", ids.STEP_BTN)], className="bl-run-links"
        ),
        section_id="steps",
    )


# The key ideas' links, by title: each idea has a part of the lab that shows it.
CONCEPT_TARGETS = {
    "Gradient descent": ("Update weights", ids.UPDATE_BTN),
    "Learning rate η": ("the learning-rate slider", ids.LR_SLIDER, "Try it"),
    "Vanishing gradients": ("gradient size per layer", ids.GRAD_NORM_GRAPH, "See it"),
}
assert set(CONCEPT_TARGETS) == {title for title, _ in content.CONCEPTS}


def concepts() -> html.Section:
    row = dbc.Row(
        [
            dbc.Col(_card(title, text, [run_link(*CONCEPT_TARGETS[title])]), md=4, className="mb-3")
            for title, text in content.CONCEPTS
        ],
        className="g-3",
    )
    return section(content.CONCEPTS_TITLE, row)


def foundation() -> html.Section:
    row = dbc.Row(
        [
            dbc.Col(
                _card(
                    None,
                    content.FOUNDATION_FORWARD,
                    [run_link("Forward", ids.FORWARD_BTN)],
                    "bl-card-forward",
                ),
                md=6,
                className="mb-3",
            ),
            dbc.Col(
                _card(
                    None,
                    content.FOUNDATION_BACKWARD,
                    [run_link("Backward", ids.BACKWARD_BTN)],
                    "bl-card-backward",
                ),
                md=6,
                className="mb-3",
            ),
        ],
        className="g-3",
    )
    return section(content.FOUNDATION_TITLE, row)


def why() -> html.Section:
    return section(content.WHY_TITLE, markdown(content.WHY, "bl-why"))
