"""The finite-difference check behind the chain-rule inspector.

The browser names a weight, the network it belongs to and the example on show;
the server nudges that weight by ±ε, measures the loss both ways with the engine
and answers with the slope next to backprop's derivative. Like every server
callback it is a pure function of what the request carries."""

from __future__ import annotations

import logging
import math
from typing import Any

from dash import Dash, Input, Output, State
from dash.exceptions import PreventUpdate

from app import ids, rules, state
from backprop_engine import gradient_check

log = logging.getLogger(__name__)

REQUEST_KEYS = {"net_state", "example", "weight", "eps"}


def read_weight(raw: Any, sizes: list[int]) -> tuple[int, int, int]:
    """(layer, row, col) of net.weights[layer][row, col] for a network of `sizes`."""
    if not isinstance(raw, list) or len(raw) != 3:
        raise state.InputError("the chosen weight must be given as (layer, row, column)")
    layer = state.read_int("the weight's layer", raw[0], 0, len(sizes) - 2)
    row = state.read_int("the weight's row", raw[1], 0, sizes[layer + 1] - 1)
    col = state.read_int("the weight's column", raw[2], 0, sizes[layer] - 1)
    return layer, row, col


def read_eps(raw: Any) -> float:
    return state.read_float("the nudge ε", raw, rules.MIN_EPS, rules.MAX_EPS)


def finite_difference(request: Any, config: Any) -> dict[str, Any]:
    """fd-request-store -> fd-store: the check of one weight on the example on show."""
    if request is None:
        raise PreventUpdate
    try:
        if not isinstance(request, dict) or set(request) != REQUEST_KEYS:
            raise state.InputError("the check's request is damaged; click the weight again")
        # The check takes no step, so η plays no part: the slider's default stands in.
        setup = state.read_setup(
            config, request["net_state"], rules.DEFAULT_LR_LOG, request["example"]
        )
        weight = read_weight(request["weight"], setup.config["sizes"])
        eps = read_eps(request["eps"])
        ds, ns, example = setup.data, setup.net_state, setup.example
        x, y = ds.X[example : example + 1], ds.Y[example : example + 1]  # (1, n_0), (1, n_L)
        check = gradient_check(ns.net, x, y, eps, weight=weight)
    except state.InputError as e:
        return {"error": f"The check was not run: {e}."}
    except (ValueError, FloatingPointError, OverflowError) as e:  # the engine refused
        log.warning("finite-difference check refused: %s", e)
        return {"error": f"The check was not run: the network refused it ({state.echo(e)})."}
    numbers = {
        "weight": check.weight,
        "loss": check.loss,
        "loss_plus": check.loss_plus,
        "loss_minus": check.loss_minus,
        "numerical": check.numerical,
        "backprop": check.backprop,
        "relative_error": check.relative_error,
    }
    if not all(math.isfinite(v) for v in numbers.values()):
        return {"error": "The check was not run: the loss is not finite for this network."}
    return {
        "for": {
            "run": ns.run,
            "step": ns.step,
            "example": example,
            "weight": list(weight),
            "eps": eps,
        },
        **numbers,
        "n_weights": sum(W.size for W in ns.net.weights),
    }


def register(app: Dash) -> None:
    app.callback(
        Output(ids.FD_STORE, "data"),
        Input(ids.FD_REQUEST_STORE, "data"),
        State(ids.CONFIG_STORE, "data"),
        prevent_initial_call=True,
    )(finite_difference)

    app.clientside_callback(
        "function (d) { return window.BackpropLab.inspector.onCheck(d); }",
        Input(ids.FD_STORE, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function (v) { return window.BackpropLab.substeps.onSlider(v); }",
        Input(ids.HISTORY_SLIDER, "value"),
        prevent_initial_call=True,
    )
