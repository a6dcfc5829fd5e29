"""Builds the Dash app. Every callback is registered on the app itself so that
several apps (tests, replicas) can live in one process."""

from __future__ import annotations

from pathlib import Path

from dash import Dash

from app import limits, static

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
    from app import callbacks, hardening, layout, rules
    from app.classroom import page as classroom_page
    from app.classroom import routes as classroom_routes

    # The rules the browser shares with the server, as data in the page: in the DOM
    # before any asset script or the renderer runs.
    page = app.index_string.replace("<html>", '<html lang="en">', 1)
    app.index_string = page.replace("{%app_entry%}", rules.script_tag() + "\n{%app_entry%}", 1)

    app.layout = layout.build()
    callbacks.register(app)
    classroom_routes.install(app)  # the class API: app/classroom/routes.py
    classroom_page.register(app)  # the class panel's wiring and QR code
    hardening.install(app)
    static.install(app)  # gzip and long cache lifetimes: app/static.py
    return app
