"""All callbacks, registered on the app passed in (never on the global `dash`)."""

from dash import Dash

from app.callbacks import clientside, server


def register(app: Dash) -> None:
    server.register(app)
    clientside.register(app)
