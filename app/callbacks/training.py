"""Server callbacks that train or start a network: the one training callback (Train
step and Play alike), Reset and Apply settings. Each is a pure function of what the
request carries: its input is checked once, into a `state.Setup`; bad input gets a
sentence on the page and changes nothing."""

from __future__ import annotations

import logging
from typing import Any

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from app import data, figures, ids, state, training, training_request, views
from app.callbacks.stores import CURRENT

log = logging.getLogger(__name__)


def train(request: Any, config: Any, net_state: Any, lr_log: Any, example: Any) -> tuple:
    """request-store {"nonce", "steps"} (or an edit: {"nonce", "steps": 0, "edit"})
    -> (reply-store, status text)."""
    if request is None:  # the store's first render: nothing was asked yet
        raise PreventUpdate
    try:
        nonce = state.read_nonce(request)
    except state.InputError as e:
        return {"nonce": None, "error": str(e)}, str(e)
    try:
        if isinstance(request, dict) and "edit" in request:  # a value typed in: no step
            setup = state.read_setup(config, net_state, lr_log, example)
            edit = training_request.read_edit(request, setup.config["sizes"])
            reply = training.run_edit(setup, edit)
        else:
            steps = training_request.read_steps(request)
            reply = training.run_steps(state.read_setup(config, net_state, lr_log, example), steps)
    except state.InputError as e:
        msg = f"Nothing was changed: {e}."
        return {"nonce": nonce, "error": msg}, msg
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("training refused: %s", state.echo(e))
        msg = f"Nothing was changed: the network refused to train ({state.echo(e)})."
        return {"nonce": nonce, "error": msg}, msg
    reply["nonce"] = nonce
    return reply, no_update


def _new_network(cfg: dict[str, Any], raw_net_state: Any) -> tuple:
    """(config, net_state, view, data, figure) of a fresh network with `cfg`."""
    fresh = views.fresh_start(cfg, state.next_run(raw_net_state))
    graph = figures.network_figure(cfg["sizes"], data.input_labels(cfg))
    return cfg, fresh["net_state"], fresh["view"], fresh["data"], graph


def reset(n_clicks: Any, config: Any, net_state: Any) -> tuple:
    """Reset: a fresh network at step 0 (the same for everyone with these settings)."""
    try:
        cfg = state.read_config(config)
        message = ""
    except state.InputError:
        cfg = dict(state.DEFAULT_CONFIG)
        message = "The settings were damaged, so the page went back to its defaults."
    return (*_new_network(cfg, net_state), message)


def apply_settings(request: Any, net_state: Any) -> tuple:
    """apply-store {"nonce", "config"} -> a fresh network with the new settings."""
    if request is None:
        raise PreventUpdate
    try:
        if not isinstance(request, dict):
            raise state.InputError("the request is damaged; press Apply again")
        cfg = state.read_config(request.get("config"))
    except state.InputError as e:
        return (no_update,) * 5 + (f"Nothing was changed: {e}.",)
    return (*_new_network(cfg, net_state), "")


# What Reset and Apply write, in _new_network's order, then the status.
NEW_NETWORK = (
    (ids.CONFIG_STORE, "data"),
    (ids.NET_STORE, "data"),
    (ids.VIEW_STORE, "data"),
    (ids.DATA_STORE, "data"),
    (ids.NETWORK_GRAPH, "figure"),
    (ids.STATUS, "children"),
)


def register(app: Dash) -> None:
    app.callback(
        Output(ids.REPLY_STORE, "data"),
        Output(ids.STATUS, "children"),
        Input(ids.REQUEST_STORE, "data"),
        *CURRENT,
        prevent_initial_call=True,
    )(train)
    for trigger, fn, states in (
        (Input(ids.RESET_BTN, "n_clicks"), reset, [State(ids.CONFIG_STORE, "data")]),
        (Input(ids.APPLY_STORE, "data"), apply_settings, []),
    ):
        app.callback(
            *[Output(i, p, allow_duplicate=True) for i, p in NEW_NETWORK],
            trigger,
            *states,
            State(ids.NET_STORE, "data"),
            prevent_initial_call=True,
        )(fn)
