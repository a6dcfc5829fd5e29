"""The settings that shape the model beyond its layers: which input features the
network sees, and the L2 strength λ. Their values and bounds come from the engine
(backprop_engine/features.py) and app/limits.py; assets/model-controls.js turns a
change into the settings draft."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids, limits
from backprop_engine.features import FEATURES


def features_control(cfg: dict) -> html.Div:
    """One toggle per feature, as the TensorFlow playground offers them."""
    return html.Div(
        [
            html.Span("Input features", className="bl-label", id=ids.FEATURES_LABEL),
            dbc.Checklist(
                id=ids.FEATURES_CHECKLIST,
                options=[{"label": label, "value": name} for name, (label, _) in FEATURES.items()],
                value=list(cfg["features"]),
                inline=True,
                className="bl-features",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-secondary btn-sm",
                labelCheckedClassName="active",
            ),
        ],
        role="group",
        **{"aria-labelledby": ids.FEATURES_LABEL},
    )


def l2_control(cfg: dict) -> html.Div:
    """λ of L2 regularisation: each step also pulls every weight toward 0 by η·λ·w."""
    top = limits.MAX_L2
    return html.Div(
        [
            html.Div(
                [
                    html.Label("L2 regularisation λ", htmlFor=ids.L2_SLIDER, className="bl-label"),
                    html.Span(id=ids.L2_VALUE, className="bl-pg-value"),
                ],
                className="bl-control-head",
            ),
            dcc.Slider(
                id=ids.L2_SLIDER,
                min=0,
                max=top,
                step=limits.L2_STEP,
                value=cfg["l2"],
                marks={0: "0", top / 10: f"{top / 10:g}", top / 2: f"{top / 2:g}", top: f"{top:g}"},
                className="bl-slider bl-slider-sm",
            ),
        ]
    )
