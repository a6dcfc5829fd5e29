"""Building blocks of the page: prose sections, typeset equations, cards, buttons."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html


def markdown(text: str, className: str = "") -> dcc.Markdown:
    # MathJax ships inside dash's own bundle, so equations typeset offline.
    return dcc.Markdown(text, mathjax=True, className=f"bl-md {className}".strip())


def section(title: str, *children, section_id: str | None = None, lead: str | None = None):
    heading = html.H2(title, className="bl-h2")
    if lead:
        # Title and lead share a line where they fit: on a laptop the lab needs the room.
        head = [heading, html.P(lead, className="bl-lead")]
        parts = [html.Div(head, className="bl-section-head")]
    else:
        parts = [heading]
    parts.extend(children)
    kwargs = {"id": section_id} if section_id else {}
    return html.Section(parts, className="bl-section", **kwargs)


def card(title: str | None, body, className: str = "") -> dbc.Card:
    inner = [html.H3(title, className="bl-h3")] if title else []
    inner.append(body)
    return dbc.Card(dbc.CardBody(inner), className=f"bl-card h-100 {className}".strip())


def small_button(label: str, idx: str, title: str | None = None, **extra) -> dbc.Button:
    """The lab's quiet secondary button (outlined, small), counted from zero presses."""
    if title is not None:
        extra["title"] = title
    return dbc.Button(
        label, id=idx, color="secondary", outline=True, size="sm", n_clicks=0, **extra
    )
