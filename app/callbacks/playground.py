"""Server callbacks of the training playground: a batch of steps for Play, and a
new network for changed settings. Both are pure functions of what the request
carries; bad input gets a message on the page and changes nothing."""

from __future__ import annotations

import logging
from typing import Any

from dash import ALL, ClientsideFunction, Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from app import figures, ids, playground, state, training
from app.callbacks.stores import CURRENT, read_current

log = logging.getLogger(__name__)


def _request(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise state.InputError("the request is damaged; press Play again")
    return raw


def play_steps(request: Any, config: Any, net: Any, lr_log: Any, example: Any) -> tuple:
    """play-request-store {"nonce", "steps"} -> (play-reply-store, status text)."""
    if request is None:
        raise PreventUpdate
    try:
        nonce = state.read_nonce(_request(request).get("nonce"))
    except state.InputError as e:
        return {"nonce": None, "error": str(e)}, str(e)
    try:
        n = state.read_steps(request.get("steps"))
        cfg, ns, lr_log, ex = read_current(config, net, lr_log, example)
        reply = playground.play(cfg, ns, 10.0**lr_log, n, ex)
    except state.InputError as e:
        msg = f"Training paused, nothing was changed: {e}."
        return {"nonce": nonce, "error": msg}, msg
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("play refused: %s", e)
        msg = f"Training paused: the network refused these steps ({str(e)[:200]})."
        return {"nonce": nonce, "error": msg}, msg
    reply["nonce"] = nonce
    return reply, no_update


def apply_settings(request: Any, net: Any) -> tuple:
    """apply-store {"nonce", "config"} -> a fresh network with the new settings."""
    if request is None:
        raise PreventUpdate
    try:
        cfg = state.read_config(_request(request).get("config"))
    except state.InputError as e:
        msg = f"Nothing was changed: {e}."
        return (no_update,) * 6 + (msg,)
    fresh = training.fresh_start(cfg, state.next_run(net))
    return (
        cfg,
        fresh["net"],
        fresh["view"],
        fresh["data"],
        None,
        figures.network_figure(cfg["sizes"]),
        "",
    )


def _fn(name: str) -> ClientsideFunction:
    return ClientsideFunction(namespace="playground", function_name=name)


def register(app: Dash) -> None:
    register_server(app)
    register_clientside(app)


def register_server(app: Dash) -> None:
    app.callback(
        Output(ids.PLAY_REPLY_STORE, "data"),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.PLAY_REQUEST_STORE, "data"),
        *CURRENT,
        prevent_initial_call=True,
    )(play_steps)

    app.callback(
        Output(ids.CONFIG_STORE, "data", allow_duplicate=True),
        Output(ids.NET_STORE, "data", allow_duplicate=True),
        Output(ids.VIEW_STORE, "data", allow_duplicate=True),
        Output(ids.DATA_STORE, "data", allow_duplicate=True),
        Output(ids.STEP_STORE, "data", allow_duplicate=True),
        Output(ids.NETWORK_GRAPH, "figure", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.APPLY_STORE, "data"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call=True,
    )(apply_settings)


def register_clientside(app: Dash) -> None:
    """The browser half (assets/lab-playground.js): Play loop, settings draft, charts."""
    app.clientside_callback(
        _fn("onPlay"), Input(ids.PLAY_BTN, "n_clicks"), prevent_initial_call=True
    )
    app.clientside_callback(
        _fn("onReply"), Input(ids.PLAY_REPLY_STORE, "data"), prevent_initial_call=True
    )
    app.clientside_callback(
        _fn("onRestore"), Input(ids.RESTORE_BTN, "n_clicks"), prevent_initial_call=True
    )
    app.clientside_callback(
        _fn("onApply"), Input(ids.APPLY_BTN, "n_clicks"), prevent_initial_call=True
    )
    app.clientside_callback(
        _fn("onKeep"), Input(ids.KEEP_BTN, "n_clicks"), prevent_initial_call=True
    )

    value_controls = [
        (ids.DATASET_SELECT, "value"),
        (ids.NOISE_SLIDER, "value"),
        (ids.SPLIT_SLIDER, "value"),
        (ids.ACTIVATION_SELECT, "value"),
        (ids.LOSS_SELECT, "value"),
        (ids.BATCH_SELECT, "value"),
        (ids.RESIDUAL_SWITCH, "value"),
        (ids.NORM_SWITCH, "value"),
    ]
    app.clientside_callback(
        _fn("syncControls"),
        *[Output(i, p) for i, p in value_controls],
        Output(ids.DRAFT_STORE, "data"),
        Input(ids.CONFIG_STORE, "data"),
    )
    app.clientside_callback(
        _fn("onControl"),
        Output(ids.DRAFT_STORE, "data", allow_duplicate=True),
        *[Input(i, p) for i, p in value_controls],
        Input(ids.REGENERATE_BTN, "n_clicks"),
        Input(ids.LAYERS_MINUS_BTN, "n_clicks"),
        Input(ids.LAYERS_PLUS_BTN, "n_clicks"),
        Input({"type": ids.NEURONS_MINUS_BTN, "layer": ALL}, "n_clicks"),
        Input({"type": ids.NEURONS_PLUS_BTN, "layer": ALL}, "n_clicks"),
        Input(ids.DEEP_PRESET_BTN, "n_clicks"),
        State(ids.CONFIG_STORE, "data"),
        State(ids.DRAFT_STORE, "data"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("onDraft"),
        Input(ids.DRAFT_STORE, "data"),
        State(ids.CONFIG_STORE, "data"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        _fn("draftDisplay"),
        Output(ids.LAYERS_VALUE, "children"),
        Output({"type": ids.NEURONS_VALUE, "layer": ALL}, "children"),
        Output({"type": ids.NEURONS_BOX, "layer": ALL}, "className"),
        Output(ids.NOISE_VALUE, "children"),
        Output(ids.SPLIT_VALUE, "children"),
        Output(ids.LAYERS_PLUS_BTN, "disabled"),
        Output(ids.LAYERS_MINUS_BTN, "disabled"),
        Input(ids.DRAFT_STORE, "data"),
    )
    app.clientside_callback(
        _fn("readMetric"),
        Output(ids.ACCURACY_LABEL, "children"),
        Output(ids.ACCURACY_VALUE, "children"),
        Input(ids.VIEW_STORE, "data"),
    )
    app.clientside_callback(
        _fn("gradFigure"), Output(ids.GRAD_NORM_GRAPH, "figure"), Input(ids.VIEW_STORE, "data")
    )
    app.clientside_callback(
        _fn("vanishText"),
        Output(ids.VANISH_TEXT, "children"),
        Input(ids.VIEW_STORE, "data"),
        State(ids.CONFIG_STORE, "data"),
    )
