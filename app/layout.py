"""Page layout (placeholder until the page lands)."""

from dash import html


def build() -> html.Div:
    return html.Div([html.H1("Backpropagation")], className="container")
