"""Lessons, sharing, files and access: the lesson bar above the lab, the guided
text, and the share/save/keyboard/colours bar under it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import export, ids, lessons, rules
from app.components.text import small_button


def lesson_links(active: str | None = None) -> list:
    out = []
    for lesson in lessons.catalogue().values():
        current = lesson.key == active
        out.append(
            dcc.Link(
                # dcc.Link takes no aria-current: screen readers hear "(open)" instead
                [lesson.title, html.Span(" (open)", className="visually-hidden")]
                if current
                else lesson.title,
                href=lesson.href,
                refresh=False,
                title=lesson.summary,
                className="bl-lesson-link" + (" is-active" if current else ""),
            )
        )
    return out


def lesson_text(key: str | None, steps: tuple[str, ...] | None = None) -> list:
    """The guided text of lesson `key` (a known key: the caller checked it): `steps`,
    worked out for the set-up on show (lessons.text_for), or the lesson's own."""
    lesson = lessons.get(key)
    if lesson is None:
        return []
    return [
        html.Div(
            [
                html.H3(lesson.title, className="bl-h3 mb-0"),
                html.A(
                    "Start this lesson again",
                    href=lesson.href,
                    className="bl-lesson-restart",
                ),
            ],
            className="bl-lesson-head",
        ),
        html.Ol(
            [html.Li(text) for text in (lesson.steps if steps is None else steps)],
            className="bl-lesson-steps",
        ),
    ]


def lesson_note() -> html.Div:
    """Shown by assets/lessons.js once the network or the example on show is no longer
    the one the lesson's numbers were worked out for."""
    return html.Div(
        [
            html.Span(id=ids.LESSON_NOTE_TEXT),
            small_button("Work them out for this step", ids.LESSON_REDO_BTN),
        ],
        id=ids.LESSON_NOTE,
        className="bl-lesson-note",
        hidden=True,
    )


def lesson_bar() -> html.Div:
    return html.Div(
        [
            html.Nav(
                [
                    html.Span("Lessons", className="bl-label bl-lessons-label"),
                    html.Div(lesson_links(), id=ids.LESSON_SELECT, className="bl-lesson-links"),
                ],
                className="bl-lessons",
                **{"aria-label": "Lessons"},
            ),
            html.Div(id=ids.LESSON_PANEL, className="bl-lesson-panel", **{"aria-live": "polite"}),
            lesson_note(),
        ],
        className="bl-lesson-bar",
    )


def _share() -> html.Div:
    return html.Div(
        [
            html.Label("Link to this set-up", htmlFor=ids.SHARE_LINK, className="bl-label"),
            html.Div(
                [
                    dbc.Input(
                        id=ids.SHARE_LINK,
                        readonly=True,
                        placeholder="Press “Make link”",
                        size="sm",
                        className="bl-share-link",
                    ),
                    dbc.Button(
                        "Make link", id=ids.SHARE_BTN, size="sm", color="primary", n_clicks=0
                    ),
                ],
                className="bl-share-row",
            ),
            html.Div(
                [
                    dbc.Switch(
                        id=ids.SHARE_WEIGHTS,
                        label="with the current weights",
                        value=False,
                        className="bl-inline-switch",
                    ),
                    html.A(
                        "Presentation view ↗",
                        id=ids.PRESENT_LINK,
                        href="/?view=present",
                        target="_blank",
                        className="bl-present-link",
                    ),
                ],
                className="bl-share-row",
            ),
        ],
        className="bl-tool bl-tool-share",
    )


def _files() -> html.Div:
    return html.Div(
        [
            html.Span("Files", className="bl-label"),
            html.Div(
                [
                    small_button("Save network (JSON)", ids.EXPORT_JSON_BTN),
                    # data-max-bytes: assets/lessons.js refuses a larger file in the
                    # browser with a message, since the upload would never reach us
                    html.Div(
                        dcc.Upload(
                            html.Span(
                                "Open network…", className="btn btn-sm btn-outline-secondary"
                            ),
                            id=ids.IMPORT_JSON,
                            accept=".json,application/json",
                            max_size=export.MAX_FILE_BYTES,
                            className="bl-upload",
                        ),
                        **{"data-max-bytes": str(export.MAX_FILE_BYTES)},
                    ),
                    small_button(
                        "Step numbers (CSV)",
                        ids.EXPORT_CSV_BTN,
                        title="Activations, deltas and gradients of the next step, per layer",
                    ),
                ],
                className="bl-share-row",
            ),
        ],
        className="bl-tool",
    )


def _access() -> html.Div:
    return html.Div(
        [
            html.Span("Colours", className="bl-label"),
            dbc.Switch(
                id=ids.PALETTE_SWITCH,
                label="Colour-blind-safe palette",
                value=False,
                persistence=True,  # a preference of this browser, kept across visits
                persistence_type="local",
                className="bl-inline-switch",
            ),
            html.Details(
                [
                    html.Summary("Keyboard"),
                    html.Dl(
                        [
                            part
                            for key, what, _ in rules.KEYS
                            for part in (html.Dt(html.Kbd(key)), html.Dd(what))
                        ],
                        className="bl-keys",
                    ),
                    html.P(
                        "Keys work anywhere except while typing in a field.", className="bl-muted"
                    ),
                ],
                id=ids.KEYBOARD_HELP,
                className="bl-keyboard",
            ),
        ],
        className="bl-tool",
    )


def share_bar() -> html.Div:
    return html.Div([_share(), _files(), _access()], className="bl-share-bar")


def stores() -> list:
    return [
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.LESSON_STORE, data=None, storage_type="memory"),
        dcc.Store(id=ids.SHARE_STORE, data=None, storage_type="memory"),
        dcc.Download(id=ids.JSON_DOWNLOAD),
        dcc.Download(id=ids.CSV_DOWNLOAD),
    ]
