"""The training playground's controls: Play / Pause, the data, the network's shape,
the training settings, the notice before a change that starts a new network, the
learning-rate lesson, and the vanishing-gradients lab (gradient norms per layer).

The settings panel only edits a draft in the browser (assets/settings-draft.js);
a draft that needs a new network is applied at once while nothing has been trained
yet, and otherwise only after the student confirms it."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import handdata, ids, rules, state
from app.components import model_controls
from app.components.text import small_button

DATASETS = [
    ("xor", "XOR"),
    ("circle", "Circle"),
    ("gaussians", "Two clusters"),
    ("spiral", "Spiral"),
    ("moons", "Two moons"),
    ("blobs3", "Three classes"),
    ("plane", "Plane (fit a number)"),
    ("sine", "Sine wave (fit a number)"),
]
assert [d for d, _ in DATASETS] == [*rules.CLASSIFICATION, *rules.REGRESSION]
# Hand-sized sets come with a lesson only: listed so the menu names them while a
# lesson uses one (an unlisted value would show the first name, "XOR"), but not
# offered as a choice.
HAND_DATASETS = [("corners", "Four corners (worked example)")]
assert [d for d, _ in HAND_DATASETS] == list(handdata.NAMES)
ACTIVATIONS = list(rules.ACTIVATION_NAMES.items())
LOSSES = [(key, name.capitalize()) for key, name in rules.LOSS_NAMES.items()]
BATCH_SIZES = (1, 4, 8, 16, 32, 64, 100)


def play_button() -> dbc.Button:
    return dbc.Button(
        [html.Span("▶", className="bl-play-icon", **{"aria-hidden": "true"}), "Play"],
        id=ids.PLAY_BTN,
        color="warning",
        className="bl-btn bl-btn-play",
        title="Train continuously; press again to pause",
        n_clicks=0,
    )


def _head(label: str, for_id: str, value_id: str | None = None) -> html.Div:
    parts: list = [html.Label(label, htmlFor=for_id, className="bl-label")]
    if value_id:
        parts.append(html.Span(id=value_id, className="bl-pg-value"))
    return html.Div(parts, className="bl-control-head")


def _toggle_group(id_: str, options: list[tuple[str, str]], value: str) -> dbc.RadioItems:
    return dbc.RadioItems(
        id=id_,
        options=[{"label": label, "value": v} for v, label in options],
        value=value,
        inline=True,
        className="bl-toggle btn-group",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-secondary btn-sm",
        labelCheckedClassName="active",
    )


def _stepper(minus_id, plus_id, value_id, label: str) -> html.Div:
    return html.Div(
        [
            dbc.Button("−", id=minus_id, className="bl-step-btn", n_clicks=0, title=f"{label} −1"),
            html.Span(id=value_id, className="bl-stepper-value"),
            dbc.Button("+", id=plus_id, className="bl-step-btn", n_clicks=0, title=f"{label} +1"),
        ],
        className="bl-stepper",
        role="group",
        **{"aria-label": label},
    )


def _data_group(cfg: dict) -> html.Div:
    return html.Div(
        [
            html.H4("Data", className="bl-pg-title"),
            _head("Data set", ids.DATASET_SELECT),
            html.Div(
                [
                    dbc.Select(
                        id=ids.DATASET_SELECT,
                        options=[{"label": label, "value": v} for v, label in DATASETS]
                        + [
                            {"label": label, "value": v, "disabled": True}
                            for v, label in HAND_DATASETS
                        ]
                        # chosen by typing, uploading or clicking data, not from the menu
                        + [{"label": "Your own data", "value": rules.OWN, "disabled": True}],
                        value=cfg["dataset"],
                        size="sm",
                        className="bl-pg-dataset",
                    ),
                    small_button(
                        "↻ New data",
                        ids.REGENERATE_BTN,
                        title="Draw a new sample of points (and new starting weights)",
                    ),
                ],
                className="bl-pg-row bl-pg-row-nowrap",
            ),
            html.P(id=ids.DATASET_NOTE, className="bl-pg-note", **{"aria-live": "polite"}),
            html.Div(
                [
                    html.Div(
                        [
                            _head("Noise", ids.NOISE_SLIDER, ids.NOISE_VALUE),
                            dcc.Slider(
                                id=ids.NOISE_SLIDER,
                                min=0,
                                max=0.5,
                                step=0.05,
                                value=cfg["noise"],
                                marks=None,
                                className="bl-slider bl-slider-sm",
                            ),
                        ]
                    ),
                    html.Div(
                        [
                            _head("Test points", ids.SPLIT_SLIDER, ids.SPLIT_VALUE),
                            dcc.Slider(
                                id=ids.SPLIT_SLIDER,
                                min=0,
                                max=0.5,
                                step=0.05,
                                value=cfg["test_fraction"],
                                marks=None,
                                className="bl-slider bl-slider-sm",
                            ),
                        ]
                    ),
                ],
                className="bl-pg-pair",
            ),
            model_controls.features_control(cfg),
        ],
        className="bl-pg-group",
    )


def _neuron_box(layer: int) -> html.Div:
    return html.Div(
        [
            html.Span(f"H{layer + 1}", className="bl-neuron-layer"),
            dbc.Button(
                "−",
                id={"type": ids.NEURONS_MINUS_BTN, "layer": layer},
                className="bl-step-btn bl-step-btn-sm",
                n_clicks=0,
                title=f"fewer neurons in hidden layer {layer + 1}",
            ),
            html.Span(id={"type": ids.NEURONS_VALUE, "layer": layer}, className="bl-neuron-n"),
            dbc.Button(
                "+",
                id={"type": ids.NEURONS_PLUS_BTN, "layer": layer},
                className="bl-step-btn bl-step-btn-sm",
                n_clicks=0,
                title=f"more neurons in hidden layer {layer + 1}",
            ),
        ],
        id={"type": ids.NEURONS_BOX, "layer": layer},
        className="bl-neuron-box",
    )


def _network_group(cfg: dict) -> html.Div:
    return html.Div(
        [
            html.H4("Network", className="bl-pg-title"),
            html.Div(
                [
                    html.Div(
                        [
                            html.Span("Hidden layers", className="bl-label"),
                            _stepper(
                                ids.LAYERS_MINUS_BTN,
                                ids.LAYERS_PLUS_BTN,
                                ids.LAYERS_VALUE,
                                "hidden layers",
                            ),
                        ],
                        className="bl-pg-layers",
                    ),
                    html.Div(
                        [
                            html.Span("Neurons per layer", className="bl-label"),
                            html.Div(
                                [_neuron_box(i) for i in range(rules.SHOWN_LAYERS)],
                                className="bl-neuron-row",
                            ),
                        ],
                        className="bl-pg-neurons",
                    ),
                ],
                className="bl-pg-shape",
            ),
            _head("Activation σ (hidden layers)", ids.ACTIVATION_SELECT),
            html.Div(
                [
                    _toggle_group(ids.ACTIVATION_SELECT, ACTIVATIONS, cfg["activation"]),
                    dbc.Switch(
                        id=ids.RESIDUAL_SWITCH,
                        label="Residual connections",
                        value=cfg["residual"],
                        className="bl-switch",
                    ),
                    dbc.Switch(
                        id=ids.NORM_SWITCH,
                        label="Layer normalization",
                        value=cfg["normalization"],
                        className="bl-switch",
                    ),
                    small_button(
                        "Deep preset: 10 × 8",
                        ids.DEEP_PRESET_BTN,
                        title="Ten hidden layers of eight sigmoid neurons: watch gradients vanish",
                    ),
                ],
                className="bl-pg-switches",
            ),
        ],
        className="bl-pg-group bl-pg-network",
    )


def _training_group(cfg: dict) -> html.Div:
    return html.Div(
        [
            html.H4("Training", className="bl-pg-title"),
            _head("Loss", ids.LOSS_SELECT),
            _toggle_group(ids.LOSS_SELECT, LOSSES, cfg["loss"]),
            _head("Mini-batch size", ids.BATCH_SELECT),
            dbc.Select(
                id=ids.BATCH_SELECT,
                options=[{"label": str(b), "value": str(b)} for b in BATCH_SIZES],
                value=str(cfg["batch_size"]),
                size="sm",
            ),
            model_controls.l2_control(cfg),
        ],
        className="bl-pg-group",
    )


def settings_panel() -> html.Details:
    """Folded by default so the toolbar and the diagram share a laptop's screen; the
    summary line says what is set. assets/settings-draft.js fills the summary and
    unfolds the panel when a change waits for the student's confirmation."""
    cfg = state.DEFAULT_CONFIG
    return html.Details(
        [
            html.Summary(
                [
                    html.Span("Settings: data, network, training", className="bl-pg-toggle"),
                    html.Span(id=ids.SETTINGS_SUMMARY, className="bl-pg-summary"),
                ],
                className="bl-pg-summary-row",
            ),
            html.Div(
                [_data_group(cfg), _network_group(cfg), _training_group(cfg)],
                id=ids.SETTINGS_PANEL,
                className="bl-pg-panel",
            ),
        ],
        id=ids.SETTINGS_DETAILS,
        className="bl-pg-details",
    )


def reset_notice() -> html.Div:
    """Shown before a change that would throw away a trained network."""
    return html.Div(
        [
            html.Div(className="bl-notice-text", id=ids.RESET_NOTICE_TEXT),
            dbc.Button(
                "Apply (starts a new network)",
                id=ids.APPLY_BTN,
                color="primary",
                size="sm",
                n_clicks=0,
            ),
            small_button("Keep training this one", ids.KEEP_BTN),
        ],
        id=ids.RESET_NOTICE,
        className="bl-notice",
        role="alertdialog",
        hidden=True,
    )


def lesson_panel() -> html.Div:
    """Why training diverged (with the numbers), or why it crawls."""
    return html.Div(
        [
            html.Div(className="bl-lr-lesson-text", id=ids.LR_LESSON_TEXT),
            dbc.Button("Go back", id=ids.RESTORE_BTN, color="success", size="sm", n_clicks=0),
        ],
        id=ids.LR_LESSON,
        className="bl-lr-lesson",
        role="alert",
        hidden=True,
    )


def gradient_card(figure: dict) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("Gradient size per weight, by layer: RMS of ∂L/∂W(l)", className="bl-h3"),
                dcc.Graph(
                    id=ids.GRAD_NORM_GRAPH,
                    figure=figure,
                    config={"displayModeBar": False, "scrollZoom": False, "responsive": True},
                    style={"height": "var(--bl-grad-h)"},
                ),
            ]
        ),
        className="bl-card h-100",
    )


def vanishing_card() -> dbc.Card:
    def mark(cls: str, text: str) -> html.Span:
        return html.Span([html.Span(className=f"bl-mark {cls}"), text], className="bl-legend-item")

    return dbc.Card(
        dbc.CardBody(
            [
                html.H3("What you are seeing", className="bl-h3"),
                html.Div(id=ids.VANISH_TEXT, className="bl-vanish-text", **{"aria-live": "polite"}),
                html.Div(
                    [
                        mark("bl-mark-sat", "saturated: σ′ ≈ 0, almost no error passes back"),
                        mark("bl-mark-dead", "dead ReLU: never active on the batch"),
                    ],
                    className="bl-legend",
                ),
            ]
        ),
        className="bl-card h-100",
    )


def vanishing_lab(figure: dict) -> dbc.Row:
    return dbc.Row(
        [
            dbc.Col(gradient_card(figure), lg=7, className="mb-3"),
            dbc.Col(vanishing_card(), lg=5, className="mb-3"),
        ],
        className="g-3",
    )


def stores() -> list[dcc.Store]:
    return [
        dcc.Store(id=i, data=None, storage_type="memory")
        for i in (
            ids.APPLY_STORE,
            ids.GOOD_STORE,
            ids.DRAFT_STORE,
        )
    ]


def metric_stat() -> html.Div:
    """Accuracy (classification) or error (regression), training and test."""
    return html.Div(
        [
            html.Span("Accuracy", id=ids.ACCURACY_LABEL, className="bl-stat-label"),
            html.Span("–", id=ids.ACCURACY_VALUE, className="bl-stat-value"),
        ],
        className="bl-stat",
    )
