"""The lab's toolbar: the four algorithm buttons, Reset, learning rate and speed."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids, limits, rules
from app.components import playground

LR_MIN_LOG = -4  # η = 0.0001
LR_MAX_LOG = 1  # η = 10
LR_STEP_LOG = 0.05  # Dash 4's Slider needs an explicit step for float ranges


assert 10.0**LR_MIN_LOG == limits.MIN_LEARNING_RATE
assert 10.0**LR_MAX_LOG == limits.MAX_LEARNING_RATE


def _lr_mark(exponent: int) -> str:
    return f"{10.0**exponent:g}"


def algorithm_buttons() -> html.Div:
    def button(label: str, idx: str, colour: str, hint: str, step_no: str) -> dbc.Button:
        return dbc.Button(
            [html.Span(step_no, className="bl-btn-num"), label],
            id=idx,
            color=colour,
            className=f"bl-btn bl-btn-{idx.split('-')[0]}",
            title=hint,
            n_clicks=0,
        )

    return html.Div(
        [
            button(
                "Forward", ids.FORWARD_BTN, "primary", "Run the forward pass and the loss", "1-2"
            ),
            button("Backward", ids.BACKWARD_BTN, "danger", "Send the error back", "3"),
            button("Update weights", ids.UPDATE_BTN, "success", "Apply the gradients", "4"),
            dbc.Button(
                "Train step",
                id=ids.STEP_BTN,
                color="dark",
                className="bl-btn bl-btn-step",
                title="All four parts of a training step, in order",
                n_clicks=0,
            ),
            dbc.Button(
                "Reset",
                id=ids.RESET_BTN,
                color="secondary",
                outline=True,
                className="bl-btn bl-btn-reset",
                title="Start again from fresh random weights",
                n_clicks=0,
            ),
        ],
        className="bl-buttons",
        role="group",
        **{"aria-label": "Training controls"},
    )


def learning_rate() -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.Label("Learning rate η", htmlFor=ids.LR_SLIDER, className="bl-label"),
                    html.Span(id=ids.LR_VALUE, className="bl-lr-value"),
                ],
                className="bl-control-head",
            ),
            dcc.Slider(
                id=ids.LR_SLIDER,
                min=LR_MIN_LOG,
                max=LR_MAX_LOG,
                step=LR_STEP_LOG,
                value=rules.DEFAULT_LR_LOG,
                marks={e: _lr_mark(e) for e in range(LR_MIN_LOG, LR_MAX_LOG + 1)},
                allow_direct_input=False,
                updatemode="drag",
                className="bl-slider",
            ),
        ],
        className="bl-control bl-control-lr",
    )


def speed() -> html.Div:
    return html.Div(
        [
            html.Label("Animation", htmlFor=ids.SPEED, className="bl-label"),
            dbc.RadioItems(
                id=ids.SPEED,
                options=[{"label": name, "value": value} for name, value, _ in rules.SPEEDS],
                value=rules.DEFAULT_SPEED,
                inline=True,
                className="bl-speed btn-group",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-secondary btn-sm",
                labelCheckedClassName="active",
            ),
        ],
        className="bl-control bl-control-speed",
    )


def toolbar() -> html.Div:
    return html.Div(
        [playground.play_button(), algorithm_buttons(), learning_rate(), speed()],
        className="bl-toolbar",
    )
