"""Builds the Dash app. Every callback is registered on the app itself so that
several apps (tests, replicas) can live in one process."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from app import limits

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def create_app() -> Dash:
    app = Dash(
        __name__,
        title="Backprop Lab",
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,  # classrooms are often offline: no CDN
        external_stylesheets=[],
        external_scripts=[],
        health_endpoint="health",
        update_title=None,
    )
    app.server.config["MAX_CONTENT_LENGTH"] = limits.MAX_REQUEST_BYTES
    app.index_string = app.index_string.replace("<html>", '<html lang="en">', 1)

    from app import callbacks, hardening, layout

    app.layout = layout.build()
    callbacks.register(app)
    hardening.install(app)
    return app
