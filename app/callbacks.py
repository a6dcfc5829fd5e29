"""Server callbacks (placeholder until the page lands)."""

from dash import Dash


def register(app: Dash) -> None:
    del app
