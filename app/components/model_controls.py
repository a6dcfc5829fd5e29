"""The settings that shape the model beyond its layers: which input features the
network sees, and the L2 strength λ. Their values and bounds come from the engine
(backprop_engine/features.py) and app/limits.py; assets/model-controls.js turns a
change into the settings draft."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app import ids
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
