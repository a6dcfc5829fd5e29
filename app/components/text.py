"""Building blocks of the page: prose sections, typeset equations, cards, buttons."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import equations


def markdown(text: str, className: str = "") -> dcc.Markdown:
    # Equations come as MathML made when the app starts (app/equations.py), not typeset
    # in the browser. Raw HTML is allowed because `text` is the page's own (app/content.py).
    html_text = equations.to_html(text)
    return dcc.Markdown(
        html_text, dangerously_allow_html=True, className=f"bl-md {className}".strip()
    )


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
