"""Server callbacks of the user's own data: the example editor's fields, filled from
the settings, and one edit at a time (own-edit-store -> the stores of the new data).

An edit keeps the network on screen: only the data changes, so a teacher can type
an example after setting the weights. Its input is checked once (own_edits.read_edit,
then state.read_config for the new data); bad input gets a sentence and changes
nothing."""

from __future__ import annotations

import logging
from typing import Any

from dash import Dash, Input, Output, State, no_update
from dash.exceptions import PreventUpdate

from app import ids, own_csv, own_edits, state, views
from app.callbacks.stores import CURRENT
from app.callbacks.wiring import LATER, wire
from app.components import own_data as ui
from app.rules import OWN

log = logging.getLogger(__name__)


def fields(config: Any, example: Any) -> tuple:
    """config-store, example-store -> the editor's fields, its note and the switch."""
    try:
        cfg = state.read_config(config)
        ds = state.dataset(cfg)
        i = state.read_int("the chosen example", example, 0, len(ds.X) - 1)
    except state.InputError:
        raise PreventUpdate from None  # the training callback says what is wrong
    points = ds.X if ds.points is None else ds.points  # the network sees features of them
    x, y = [float(v) for v in points[i]], [float(v) for v in ds.Y[i]]
    if cfg["dataset"] == OWN:
        n = len(ds.X)
        note = (
            f"Your own data: {n} example{'s' if n != 1 else ''}. Change example #{i + 1} "
            "(on show) and press Replace, or type a new one and press Add."
        )
    else:
        note = (
            f"Example #{i + 1} of the {cfg['dataset']} set is on show. Type an example and press "
            "Replace or Add: it becomes your own data, one example, and the network stays."
        )
    return ui.fields(x, y), note, ui.train_shown_switch(cfg["train_shown"])


def edit(request: Any, config: Any, net_state: Any, lr_log: Any, example: Any) -> tuple:
    """own-edit-store -> (config, view, data, example, own-reply, status)."""
    if request is None:
        raise PreventUpdate
    try:
        nonce = state.read_nonce(request)
    except state.InputError as e:
        return (*(no_update,) * 4, {"nonce": None, "error": str(e)}, str(e))
    try:
        setup = state.read_setup(config, net_state, lr_log, example)
        change = own_edits.read_edit(request, setup.config)
        raw, shown, said = own_edits.apply(setup.config, setup.example, change)
        cfg = state.read_config(raw)  # the new data, checked like any other
        stores = views.start_from(cfg, setup.net_state)
    except state.InputError as e:
        msg = f"Nothing was changed: {e}."
        return (*(no_update,) * 4, {"nonce": nonce, "error": msg}, msg)
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("edit refused: %s", state.echo(e))
        msg = "Nothing was changed: the network cannot be evaluated on this data."
        return (*(no_update,) * 4, {"nonce": nonce, "error": msg}, msg)
    return cfg, stores["view"], stores["data"], shown, {"nonce": nonce}, said


def upload(contents: Any, targets: Any, *current: Any) -> tuple:
    """An uploaded table -> (config, view, data, example, status): the table becomes
    the data, the network stays."""
    if contents is None:
        raise PreventUpdate
    try:
        setup = state.read_setup(*current)
        sizes = setup.config["sizes"]
        raw = own_csv.read_table(contents, sizes, own_csv.read_targets(targets, sizes[-1]))
        cfg = state.read_config({**setup.config, "dataset": OWN, "data": raw})
        stores = views.start_from(cfg, setup.net_state)
    except state.InputError as e:
        return (*(no_update,) * 4, f"The table was not used: {e}. Nothing was changed.")
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("table refused: %s", state.echo(e))
        msg = "The table was not used: the network cannot be evaluated on it. Nothing was changed."
        return (*(no_update,) * 4, msg)
    n = cfg["n_samples"]
    said = (
        f"The table is loaded: {n} example{'s' if n != 1 else ''} of your own. The network stays."
    )
    return cfg, stores["view"], stores["data"], 0, said


def upload_and_clear(contents: Any, targets: Any, *current: Any) -> tuple:
    """upload(), then the table's contents cleared: dcc.Upload tells the page only of a
    change, so the same table picked again would otherwise do nothing."""
    return (*upload(contents, targets, *current), None)


def click_modes(config: Any, mode: Any) -> tuple:
    """config-store -> the click modes for its number of classes (the choice kept)."""
    try:
        cfg = state.read_config(config)
    except state.InputError:
        raise PreventUpdate from None
    options = ui.click_options(own_edits.n_classes(cfg["sizes"][-1]))
    keep = any(o["value"] == mode for o in options)
    return options, mode if keep else ui.FOLLOW


def register(app: Dash) -> None:
    app.callback(
        Output(ids.OWN_CLICK_MODE, "options"),
        Output(ids.OWN_CLICK_MODE, "value"),
        Input(ids.CONFIG_STORE, "data"),
        State(ids.OWN_CLICK_MODE, "value"),
    )(click_modes)
    app.callback(
        Output(ids.OWN_FIELDS, "children"),
        Output(ids.OWN_NOTE, "children"),
        Output(ids.TRAIN_SHOWN_BOX, "children"),
        Input(ids.CONFIG_STORE, "data"),
        Input(ids.EXAMPLE_STORE, "data"),
    )(fields)
    app.callback(
        Output(ids.CONFIG_STORE, "data", allow_duplicate=True),
        Output(ids.VIEW_STORE, "data", allow_duplicate=True),
        Output(ids.DATA_STORE, "data", allow_duplicate=True),
        Output(ids.EXAMPLE_STORE, "data", allow_duplicate=True),
        Output(ids.OWN_REPLY_STORE, "data"),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.OWN_EDIT_STORE, "data"),
        *CURRENT,
        prevent_initial_call=True,
    )(edit)
    app.callback(
        Output(ids.CONFIG_STORE, "data", allow_duplicate=True),
        Output(ids.VIEW_STORE, "data", allow_duplicate=True),
        Output(ids.DATA_STORE, "data", allow_duplicate=True),
        Output(ids.EXAMPLE_STORE, "data", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Output(ids.OWN_CSV, "contents"),
        Input(ids.OWN_CSV, "contents"),
        State(ids.OWN_CSV_TARGETS, "value"),
        *CURRENT,
        prevent_initial_call=True,
    )(upload_and_clear)
    wire(
        app,
        "owndata",
        ("onReply", Input(ids.OWN_REPLY_STORE, "data"), LATER),
        ("setMode", Input(ids.OWN_CLICK_MODE, "value")),
    )
