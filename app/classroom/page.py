"""The class panel's wiring: what the browser module (assets/class-session.js)
hears from Dash's stores, the diagram for a class network of other sizes, and
the QR code of a class link."""

from __future__ import annotations

import io
from typing import Any

import flask
import segno
from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from app import figures, ids, limits
from app.callbacks.wiring import wire
from app.classroom import inputs
from app.state import InputError, read_int


def register(app: Dash) -> None:
    wire(
        app,
        "classroom",
        (
            "onLab",
            Input(ids.CONFIG_STORE, "data"),
            Input(ids.NET_STORE, "data"),
            Input(ids.EXAMPLE_STORE, "data"),
            Input(ids.LR_SLIDER, "value"),
            State(ids.VIEW_STORE, "data"),
        ),
    )
    app.callback(
        Output(ids.NETWORK_GRAPH, "figure", allow_duplicate=True),
        Input(ids.CLASS_SIZES_STORE, "data"),
        prevent_initial_call=True,
    )(diagram)
    server = app.server

    @server.route("/class/<code>/qr.svg", methods=["GET"])
    def class_qr(code: str) -> flask.Response:
        try:
            found = inputs.code(code)
        except inputs.RefusalError as err:
            return flask.Response(err.sentence, status=404, mimetype="text/plain")
        return flask.Response(qr_svg(flask.request.host_url + "?class=" + found),
                              mimetype="image/svg+xml")  # fmt: skip


def diagram(sizes: Any) -> Any:
    """The empty diagram of a network with these layer sizes (a class network can
    differ from the one a student's page had): checked like any request."""
    if not isinstance(sizes, list) or not 2 <= len(sizes) <= limits.MAX_LAYERS + 2:
        raise PreventUpdate
    try:
        checked = [read_int("a layer size", n, 1, limits.MAX_NEURONS) for n in sizes]
    except InputError:
        raise PreventUpdate from None
    return figures.network_figure(checked)


def qr_svg(link: str) -> str:
    """The link as an SVG QR code, made here: the class needs no network service."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False)
    return out.getvalue().decode()
