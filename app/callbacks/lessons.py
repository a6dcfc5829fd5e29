"""Server callbacks for links, lessons and files. A link, a lesson and an opened
file all arrive as a `urlstate.Setup` and pass the same checks before anything on
the page changes; a bad one leaves the page as it was and says why."""

from __future__ import annotations

import logging
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from app import data, export, figures, ids, lessons, state, training, urlstate
from app.callbacks.stores import CURRENT, read_current
from app.components import lessons as lesson_ui

log = logging.getLogger(__name__)

# Outputs of `load`, in order; the shared stores are also written by Reset and others.
LOAD_OUTPUTS = (
    (ids.CONFIG_STORE, "data"),
    (ids.NET_STORE, "data"),
    (ids.VIEW_STORE, "data"),
    (ids.DATA_STORE, "data"),
    (ids.STEP_STORE, "data"),
    (ids.LR_SLIDER, "value"),
    (ids.EXAMPLE_STORE, "data"),
    (ids.NETWORK_GRAPH, "figure"),
    (ids.STATUS, "children"),
    (ids.LESSON_PANEL, "children"),
    (ids.LESSON_SELECT, "children"),
    (ids.LESSON_STORE, "data"),
)
_OWN = {ids.LESSON_PANEL, ids.LESSON_SELECT, ids.LESSON_STORE}


def _weights_fragment(fragment: Any) -> bool:
    """True for a fragment this page wrote (#step=..&w=..), not an anchor like #lab."""
    return isinstance(fragment, str) and fragment.startswith(("#w=", "#step="))


def apply(setup: urlstate.Setup, run: int) -> tuple:
    """A set-up, checked like any input, as the values of LOAD_OUTPUTS."""
    cfg = state.read_config(setup.config)
    lesson = lessons.get(setup.lesson)
    if setup.net is None:
        stores = training.fresh_start(cfg, run)
    else:
        ns = state.read_net({"net": setup.net, "step": setup.step, "run": run}, cfg)
        stores = training.start_from(cfg, ns)
    lr = no_update if setup.lr_log is None else state.read_lr_log(setup.lr_log)
    example = state.read_example(setup.example, data.n_train(cfg))
    key = lesson.key if lesson else None
    status = f"Lesson: {lesson.title}." if lesson else "The set-up from the link is loaded."
    return (
        cfg,
        stores["net"],
        stores["view"],
        stores["data"],
        None,
        lr,
        example,
        figures.network_figure(cfg["sizes"]),
        status,
        lesson_ui.lesson_text(key),
        lesson_ui.lesson_links(key),
        key,
    )


def _refused(message: str) -> tuple:
    return tuple(message if out == (ids.STATUS, "children") else no_update for out in LOAD_OUTPUTS)


def load(search: Any, fragment: Any, contents: Any, net: Any) -> tuple:
    """A link (on page load or a lesson link) or an opened file -> the whole page state."""
    trigger = ctx.triggered_id
    if trigger == ids.IMPORT_JSON:
        if contents is None:
            raise PreventUpdate
        source = "file"
    else:
        only_hash = trigger is not None and ctx.triggered_prop_ids.keys() == {f"{ids.URL}.hash"}
        if only_hash and not _weights_fragment(fragment):
            raise PreventUpdate  # an in-page anchor such as #lab
        if not search and not _weights_fragment(fragment):
            raise PreventUpdate  # a plain address: the page's own defaults
        source = "link"
    try:
        if source == "file":
            setup = export.read_setup_file(contents)
        else:
            setup = urlstate.parse(search, fragment if _weights_fragment(fragment) else "")
        out = apply(setup, state.next_run(net))
    except state.InputError as e:
        return _refused(f"The {source} was not used: {e}. Nothing was changed.")
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("set-up refused: %s", e)
        return _refused(f"The {source} was not used: {str(e)[:200]}. Nothing was changed.")
    if source == "file":
        out = (*out[:8], "The network from the file is loaded.", *out[9:])
    return out


def share(
    n_clicks: Any, with_weights: Any, config: Any, net: Any, lr_log: Any, example: Any, lesson: Any
) -> tuple:
    """Make link -> (share-store, presentation link, status)."""
    if not n_clicks:
        raise PreventUpdate
    try:
        cfg, ns, lr, ex = read_current(config, net, lr_log, example)
        key = lessons.get(lesson).key if isinstance(lesson, str) else None  # type: ignore[union-attr]
    except state.InputError as e:
        return no_update, no_update, f"No link was made: {e}."
    setup = urlstate.Setup(
        cfg, lr, ex, ns.net.to_dict() if with_weights is True else None, ns.step, key
    )
    search, fragment = urlstate.encode(setup)
    present, _ = urlstate.encode(urlstate.Setup(cfg, lr, ex, None, 0, key, view="present"))
    return search + fragment, present + fragment, "Link made: copy it from the box."


def export_json(n_clicks: Any, config: Any, net: Any, lr_log: Any, example: Any) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    try:
        cfg, ns, lr, ex = read_current(config, net, lr_log, example)
    except state.InputError as e:
        return no_update, f"Nothing was saved: {e}."
    text = export.setup_json(cfg, ns, lr, ex)
    name = f"backprop-lab-step-{ns.step}.json"
    return dcc.send_string(text, name, type="application/json"), f"Saved {name}."


def export_csv(n_clicks: Any, config: Any, net: Any, lr_log: Any, example: Any) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    try:
        cfg, ns, lr, ex = read_current(config, net, lr_log, example)
        text = export.step_csv(cfg, ns, 10.0**lr, ex)
    except state.InputError as e:
        return no_update, f"Nothing was saved: {e}."
    except (ValueError, FloatingPointError, OverflowError) as e:
        return no_update, f"Nothing was saved: {str(e)[:200]}."
    name = f"backprop-lab-step-{ns.step + 1}.csv"
    return dcc.send_string(text, name, type="text/csv"), f"Saved {name}."


def _fn(name: str) -> ClientsideFunction:
    return ClientsideFunction(namespace="lessons", function_name=name)


def register(app: Dash) -> None:
    app.callback(
        *[
            Output(i, p) if i in _OWN else Output(i, p, allow_duplicate=True)
            for i, p in LOAD_OUTPUTS
        ],
        Input(ids.URL, "search"),
        Input(ids.URL, "hash"),
        Input(ids.IMPORT_JSON, "contents"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call="initial_duplicate",
    )(load)

    app.callback(
        Output(ids.SHARE_STORE, "data"),
        Output(ids.PRESENT_LINK, "href"),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.SHARE_BTN, "n_clicks"),
        State(ids.SHARE_WEIGHTS, "value"),
        *CURRENT,
        State(ids.LESSON_STORE, "data"),
        prevent_initial_call=True,
    )(share)
    app.callback(
        Output(ids.JSON_DOWNLOAD, "data"),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.EXPORT_JSON_BTN, "n_clicks"),
        *CURRENT,
        prevent_initial_call=True,
    )(export_json)
    app.callback(
        Output(ids.CSV_DOWNLOAD, "data"),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.EXPORT_CSV_BTN, "n_clicks"),
        *CURRENT,
        prevent_initial_call=True,
    )(export_csv)

    # In the browser (assets/lessons.js): the address, presentation view, colours.
    app.clientside_callback(
        _fn("shareLink"),
        Output(ids.SHARE_LINK, "value"),
        Input(ids.SHARE_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(_fn("present"), Input(ids.URL, "search"))
    app.clientside_callback(_fn("palette"), Input(ids.PALETTE_SWITCH, "value"))
    # A new set-up: queued actions and a running animation belong to the old one.
    app.clientside_callback(
        _fn("abort"),
        Input(ids.URL, "search"),
        Input(ids.URL, "hash"),
        Input(ids.IMPORT_JSON, "contents"),
        prevent_initial_call=True,
    )
