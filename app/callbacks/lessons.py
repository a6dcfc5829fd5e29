"""Server callbacks for links, lessons and files. A link, a lesson and an opened
file all arrive as a `urlstate.Setup` and pass the same checks before anything on
the page changes; a bad one leaves the page as it was and says why."""

from __future__ import annotations

import logging
from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, no_update
from dash.exceptions import PreventUpdate

from app import data, export, figures, ids, lessons, rules, state, urlstate, views
from app.callbacks.stores import CURRENT
from app.callbacks.wiring import LATER, wire
from app.components import lessons as lesson_ui

log = logging.getLogger(__name__)

# Outputs of `load`, in order; the shared stores are also written by Reset and others.
LOAD_OUTPUTS = (
    (ids.CONFIG_STORE, "data"),
    (ids.NET_STORE, "data"),
    (ids.VIEW_STORE, "data"),
    (ids.DATA_STORE, "data"),
    (ids.LR_SLIDER, "value"),
    (ids.EXAMPLE_STORE, "data"),
    (ids.NETWORK_GRAPH, "figure"),
    (ids.STATUS, "children"),
    (ids.LESSON_PANEL, "children"),
    (ids.LESSON_SELECT, "children"),
    (ids.LESSON_STORE, "data"),
)
_OWN = {ids.LESSON_PANEL, ids.LESSON_SELECT, ids.LESSON_STORE}
_STATUS = LOAD_OUTPUTS.index((ids.STATUS, "children"))


def _weights_fragment(fragment: Any) -> bool:
    """True for a fragment this page wrote (#step=..&w=..), not an anchor like #lab."""
    return isinstance(fragment, str) and fragment.startswith(("#w=", "#step=", "#d="))


def apply(link: urlstate.Link, run: int) -> tuple:
    """A link, checked like any input (state.read_setup), as the values of LOAD_OUTPUTS."""
    lesson = lessons.get(link.lesson)
    raw_net_state = None
    if link.net_json is not None:
        raw_net_state = {"net_json": link.net_json, "step": link.step, "run": run}
    lr_log = rules.DEFAULT_LR_LOG if link.lr_log is None else link.lr_log
    setup = state.read_setup(link.config, raw_net_state, lr_log, link.example, fresh_run=run)
    if link.net_json is None:
        stores = views.fresh_start(setup.config, run)
    else:
        stores = views.start_from(setup.config, setup.net_state)
    panel, lesson_state = _lesson_for(lesson, setup)
    status = f"Lesson: {lesson.title}." if lesson else "The set-up from the link is loaded."
    return (
        setup.config,
        stores["net_state"],
        stores["view"],
        stores["data"],
        no_update if link.lr_log is None else setup.lr_log,  # no η in the link: keep the slider
        setup.example,
        figures.network_figure(setup.config["sizes"], data.input_labels(setup.config)),
        status,
        panel,
        lesson_ui.lesson_links(lesson.key if lesson else None),
        lesson_state,
    )


def _lesson_for(lesson: lessons.Lesson | None, setup: state.Setup) -> tuple:
    """The lesson's text for the set-up on show, and its lesson-store value."""
    if lesson is None:
        return lesson_ui.lesson_text(None), None
    steps, for_ = lessons.text_for(lesson, setup)
    return lesson_ui.lesson_text(lesson.key, steps), {"key": lesson.key, "for": for_}


def _lesson_key(raw: Any) -> str | None:
    """The key in a lesson-store value, checked (a forged one raises InputError)."""
    key = raw.get("key") if isinstance(raw, dict) else None
    lesson = lessons.get(key) if isinstance(key, str) else None
    return lesson.key if lesson else None


def redo(n_clicks: Any, config: Any, net_state: Any, lr_log: Any, example: Any, raw: Any) -> tuple:
    """Work the lesson's numbers out again for the network and example on show."""
    if not n_clicks:
        raise PreventUpdate
    try:
        setup = state.read_setup(config, net_state, lr_log, example)
        lesson = lessons.get(_lesson_key(raw))
        if lesson is None:
            raise PreventUpdate
        panel, lesson_state = _lesson_for(lesson, setup)
    except state.InputError as e:
        return no_update, no_update, f"The lesson's numbers were not worked out: {e}."
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        return no_update, no_update, f"The lesson's numbers were not worked out: {state.echo(e)}."
    step = setup.net_state.step
    return panel, lesson_state, f"The lesson's numbers are now those of step {step}."


def _refused(message: str) -> tuple:
    return tuple(message if i == _STATUS else no_update for i in range(len(LOAD_OUTPUTS)))


def _class_link(search: Any) -> bool:
    return isinstance(search, str) and search.startswith("?class=") and "&" not in search


def _fired() -> set[Any]:
    """Which inputs fired, as the prop ids the request names: compared as strings, never
    parsed (Dash's triggered_id parses them, and a forged one made it fail)."""
    return {t.get("prop_id") for t in ctx.triggered if isinstance(t, dict)}


def load(search: Any, fragment: Any, contents: Any, net_state: Any) -> tuple:
    """A link (on page load or a lesson link) or an opened file -> the whole page state."""
    fired = _fired()
    if f"{ids.IMPORT_JSON}.contents" in fired:
        if contents is None:
            raise PreventUpdate
        source = "file"
    else:
        if fired == {f"{ids.URL}.hash"} and not _weights_fragment(fragment):
            raise PreventUpdate  # an in-page anchor such as #lab
        if not search and not _weights_fragment(fragment):
            raise PreventUpdate  # a plain address: the page's own defaults
        if _class_link(search) and not _weights_fragment(fragment):
            raise PreventUpdate  # ?class=CODE: the class panel follows the class instead
        source = "link"
    try:
        if source == "file":
            link = export.read_setup_file(contents)
        else:
            link = urlstate.parse(search, fragment if _weights_fragment(fragment) else "")
        out = apply(link, state.next_run(net_state))
    except state.InputError as e:
        return _refused(f"The {source} was not used: {e}. Nothing was changed.")
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("set-up refused: %s", state.echo(e))
        return _refused(f"The {source} was not used: {state.echo(e)}. Nothing was changed.")
    if source == "file":
        out = (*out[:_STATUS], "The network from the file is loaded.", *out[_STATUS + 1 :])
    return out


def load_and_clear(search: Any, fragment: Any, contents: Any, net_state: Any) -> tuple:
    """load(), then the opened file's contents cleared: dcc.Upload tells the page only
    of a change, so the same file picked again would otherwise do nothing."""
    out = load(search, fragment, contents, net_state)
    return (*out, None if f"{ids.IMPORT_JSON}.contents" in _fired() else no_update)


def share(
    n_clicks: Any,
    with_weights: Any,
    config: Any,
    net_state: Any,
    lr_log: Any,
    example: Any,
    lesson: Any,
) -> tuple:
    """Make link -> (share-store, presentation link, status)."""
    if not n_clicks:
        raise PreventUpdate
    try:
        s = state.read_setup(config, net_state, lr_log, example)
        key = _lesson_key(lesson)
        ns = s.net_state
        net_json = ns.net.to_dict() if with_weights is True else None
        search, fragment = urlstate.encode(
            urlstate.Link(s.config, s.lr_log, s.example, net_json, ns.step, key)
        )
        present, _ = urlstate.encode(
            urlstate.Link(s.config, s.lr_log, s.example, None, 0, key, view="present")
        )
    except state.InputError as e:
        return no_update, no_update, f"No link was made: {e}."
    return search + fragment, present + fragment, "Link made: copy it from the box."


def _save(kind: str, config: Any, net_state: Any, lr_log: Any, example: Any) -> tuple:
    """The set-up as a file to download ("json") or its next step as a table ("csv")."""
    try:
        setup = state.read_setup(config, net_state, lr_log, example)
        if kind == "json":
            text, name = export.setup_json(setup), f"backprop-lab-step-{setup.net_state.step}"
        else:
            text, name = export.step_csv(setup), f"backprop-lab-step-{setup.net_state.step + 1}"
    except state.InputError as e:
        return no_update, f"Nothing was saved: {e}."
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        return no_update, f"Nothing was saved: {state.echo(e)}."
    mime = "application/json" if kind == "json" else "text/csv"
    return dcc.send_string(text, f"{name}.{kind}", type=mime), f"Saved {name}.{kind}."


def export_json(n_clicks: Any, config: Any, net_state: Any, lr_log: Any, example: Any) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    return _save("json", config, net_state, lr_log, example)


def export_csv(n_clicks: Any, config: Any, net_state: Any, lr_log: Any, example: Any) -> tuple:
    if not n_clicks:
        raise PreventUpdate
    return _save("csv", config, net_state, lr_log, example)


def register(app: Dash) -> None:
    app.callback(
        *[
            Output(i, p) if i in _OWN else Output(i, p, allow_duplicate=True)
            for i, p in LOAD_OUTPUTS
        ],
        Output(ids.IMPORT_JSON, "contents"),
        Input(ids.URL, "search"),
        Input(ids.URL, "hash"),
        Input(ids.IMPORT_JSON, "contents"),
        State(ids.NET_STORE, "data"),
        prevent_initial_call="initial_duplicate",
    )(load_and_clear)

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
    for download, button, save in (
        (ids.JSON_DOWNLOAD, ids.EXPORT_JSON_BTN, export_json),
        (ids.CSV_DOWNLOAD, ids.EXPORT_CSV_BTN, export_csv),
    ):
        app.callback(
            Output(download, "data"),
            Output(ids.STATUS, "children", allow_duplicate=True),
            Input(button, "n_clicks"),
            *CURRENT,
            prevent_initial_call=True,
        )(save)

    app.callback(
        Output(ids.LESSON_PANEL, "children", allow_duplicate=True),
        Output(ids.LESSON_STORE, "data", allow_duplicate=True),
        Output(ids.STATUS, "children", allow_duplicate=True),
        Input(ids.LESSON_REDO_BTN, "n_clicks"),
        *CURRENT,
        State(ids.LESSON_STORE, "data"),
        prevent_initial_call=True,
    )(redo)

    # In the browser (assets/lessons.js): the address, presentation view, colours, the
    # note under a lesson whose numbers are of another step, and (abort) a new set-up:
    # queued actions and a running animation belong to the old one.
    search, fragment = Input(ids.URL, "search"), Input(ids.URL, "hash")
    wire(
        app,
        "lessons",
        ("shareLink", Output(ids.SHARE_LINK, "value"), Input(ids.SHARE_STORE, "data"), LATER),
        ("present", search),
        ("palette", Input(ids.PALETTE_SWITCH, "value")),
        (
            "note",
            Output(ids.LESSON_NOTE, "hidden"),
            Output(ids.LESSON_NOTE_TEXT, "children"),
            Input(ids.NET_STORE, "data"),
            Input(ids.EXAMPLE_STORE, "data"),
            Input(ids.LESSON_STORE, "data"),
        ),
        ("abort", search, fragment, Input(ids.IMPORT_JSON, "contents"), LATER),
    )
