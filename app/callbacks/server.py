"""Server callbacks. Each is a pure function of what the request carries: it
validates every value (app.state), asks the engine, and answers with compact
numbers (app.training). Bad input gets a message on the page and changes nothing."""

from __future__ import annotations

import logging
from typing import Any

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from app import figures, ids, state, training
from app.callbacks.stores import CURRENT, read_current

log = logging.getLogger(__name__)


def compute_step(request: Any, config: Any, net: Any, lr_log: Any, example: Any) -> tuple:
    """request-store -> (step-store, reply-store, status text)."""
    if request is None:  # the store's first render: nothing was asked yet
        raise PreventUpdate
    nonce = request.get("nonce") if isinstance(request, dict) else None
    try:
        nonce = state.read_nonce(nonce)
    except state.InputError as e:
        return no_update, {"nonce": None, "error": str(e)}, str(e)
    try:
        cfg, ns, lr_log, ex = read_current(config, net, lr_log, example)
        step = training.train_step(cfg, ns, 10.0**lr_log, lr_log, ex)
    except state.InputError as e:
        msg = f"Nothing was changed: {e}."
        return no_update, {"nonce": nonce, "error": msg}, msg
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("step refused: %s", e)
        msg = f"Nothing was changed: the network refused this step ({str(e)[:200]})."
        return no_update, {"nonce": nonce, "error": msg}, msg
    return step, {"nonce": nonce}, no_update


def reset(n_clicks: Any, config: Any, net: Any) -> tuple:
    """Reset: a fresh network at step 0 (the same for everyone with these settings)."""
    try:
        cfg = state.read_config(config)
        message = ""
    except state.InputError:
        cfg = dict(state.DEFAULT_CONFIG)
        message = "The settings were damaged, so the page went back to its defaults."
    fresh = training.fresh_start(cfg, state.next_run(net))
    return (
        cfg,
        fresh["net"],
        fresh["view"],
        fresh["data"],
        None,
        message,
        figures.network_figure(cfg["sizes"]),
    )


def register(app: Dash) -> None:
    app.callback(
        Output(ids.STEP_STORE, "data"),
        Output(ids.REPLY_STORE, "data"),
        Output(ids.STATUS, "children"),
        Input(ids.REQUEST_STORE, "data"),
        *CURRENT,
        prevent_initial_call=True,
    )(compute_step)

    app.callback(
        Output(ids.CONFIG_STORE, "data"),
        Output(ids.NET_STORE, "data"),
        Output(ids.VIEW_STORE, "data"),
        Output(ids.DATA_STORE, "data"),
        Output(ids.STEP_STORE, "data", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Output(ids.NETWORK_GRAPH, "figure"),
        Input(ids.RESET_BTN, "n_clicks"),
        State(ids.CONFIG_STORE, "data"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call=True,
    )(reset)
