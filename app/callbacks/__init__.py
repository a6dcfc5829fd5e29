"""All callbacks, registered on the app passed in (never on the global `dash`)."""

from dash import Dash

from app.callbacks import clientside, inspector, lessons, model, own_data, playground, training


def register(app: Dash) -> None:
    training.register(app)
    clientside.register(app)
    inspector.register(app)
    playground.register(app)
    lessons.register(app)
    model.register(app)
    own_data.register(app)
