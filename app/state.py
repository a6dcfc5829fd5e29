"""What the browser keeps, and the checks it passes before the server uses it.

Everything a callback receives may be forged, so each reader below takes raw JSON
and either returns clean values or raises `InputError` with a sentence for the page.

Store shapes (dcc.Store `data`):

    config-store  {"dataset": "xor", "sizes": [2, 4, 4, 1], "activation": "tanh",
                   "output_activation": "sigmoid", "loss": "bce", "batch_size": 16,
                   "n_samples": 200, "noise": 0.1, "test_fraction": 0.2, "seed": 0,
                   "residual": false, "normalization": false}
    net-store     {"net": <MLP.to_dict()>, "step": 0, "run": 0}
                  the network after the last adopted update; `step` counts training
                  steps taken, `run` counts resets (so stale answers can be told apart)
    example-store 0                       index of the example the diagram follows
    lr-slider     value = log10(η), from -4 to 1
    view-store, data-store, step-store: written by the server, only drawn by the
                  browser (see app/training.py)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app import handdata, limits
from backprop_engine import MLP, Config

CLASSIFICATION = ("xor", "circle", "gaussians", "spiral", "moons")
REGRESSION = ("plane", "sine")
DATASETS = (*CLASSIFICATION, *REGRESSION, *handdata.NAMES)  # hand-sized sets: lessons only
ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu", "linear")
LOSSES = ("bce", "mse")
# (task, loss) -> the output activation the page pairs with it; regression fits
# numbers in about [−1, 1] with a linear output and squared error.
OUTPUTS = {
    ("classification", "bce"): "sigmoid",
    ("classification", "mse"): "sigmoid",
    ("regression", "mse"): "linear",
}

DEFAULT_CONFIG: dict[str, Any] = {
    "dataset": "xor",
    "sizes": [2, 4, 4, 1],
    "activation": "tanh",
    "output_activation": "sigmoid",
    "loss": "bce",
    "batch_size": 16,
    "n_samples": 200,
    "noise": 0.1,
    "test_fraction": 0.2,
    "seed": 0,
    "residual": False,
    "normalization": False,
}
MAX_SEED = 2**31 - 1
MAX_NOISE = 1.0
MAX_RUN = 2**31 - 1
MAX_STEP = 10**9


class InputError(ValueError):
    """Input the page refuses; the message is shown to the student as is."""


@dataclass(frozen=True)
class NetState:
    net: MLP
    step: int
    run: int


def _int(what: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number")
    if not lo <= value <= hi:
        raise InputError(f"{what} must be between {lo} and {hi}")
    return value


def _float(what: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} must be a number")
    if not math.isfinite(value) or not lo <= value <= hi:
        raise InputError(f"{what} must be a number between {lo:g} and {hi:g}")
    return float(value)


def _bool(what: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InputError(f"{what} must be on or off")
    return value


def _name(what: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise InputError(f"{what} must be one of: {', '.join(allowed)}")
    return value


def read_config(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or set(raw) != set(DEFAULT_CONFIG):
        raise InputError("the page's settings are damaged; press Reset or reload the page")
    sizes = raw["sizes"]
    if not isinstance(sizes, list) or not 2 <= len(sizes) <= limits.MAX_LAYERS + 2:
        raise InputError(f"a network has from 0 to {limits.MAX_LAYERS} hidden layers")
    _int("the number of inputs", sizes[0], limits.MAX_INPUTS, limits.MAX_INPUTS)
    for n in sizes[1:-1]:
        _int("neurons per hidden layer", n, 1, limits.MAX_NEURONS)
    _int("the number of outputs", sizes[-1], 1, limits.MAX_OUTPUTS)
    dataset = _name("dataset", raw["dataset"], DATASETS)
    task = task_of(dataset)
    loss = _name("loss", raw["loss"], LOSSES)
    if (task, loss) not in OUTPUTS:
        raise InputError("regression data needs the squared-error loss (mse)")
    output = _name("output activation", raw["output_activation"], (OUTPUTS[task, loss],))
    n_samples = _int("the number of data points", raw["n_samples"], 8, limits.MAX_SAMPLES)
    return {
        "dataset": dataset,
        "sizes": list(sizes),
        "activation": _name("activation", raw["activation"], ACTIVATIONS),
        "output_activation": output,
        "loss": loss,
        # the training part is what batches draw from, so bound by it
        "batch_size": _int("the mini-batch size", raw["batch_size"], 1, n_samples // 2),
        "n_samples": n_samples,
        "noise": _float("noise", raw["noise"], 0.0, MAX_NOISE),
        "test_fraction": _float("the test share", raw["test_fraction"], 0.0, 0.5),
        "seed": _int("the seed", raw["seed"], 0, MAX_SEED),
        "residual": _bool("residual connections", raw["residual"]),
        "normalization": _bool("normalization", raw["normalization"]),
    }


def task_of(dataset: str) -> str:
    return "regression" if dataset in REGRESSION else "classification"


def net_options(config: dict[str, Any]) -> dict[str, Any]:
    """The MLP keyword arguments a validated config asks for."""
    return {
        "activation": config["activation"],
        "output_activation": config["output_activation"],
        "loss": config["loss"],
        "seed": config["seed"],
        "residual": config["residual"],
        "normalization": "layer" if config["normalization"] else None,
    }


def max_params(config: dict[str, Any]) -> int:
    norm = "layer" if config["normalization"] else None
    return Config(tuple(config["sizes"]), normalization=norm).n_params


def read_net(raw: Any, config: dict[str, Any]) -> NetState:
    if not isinstance(raw, dict) or set(raw) != {"net", "step", "run"}:
        raise InputError("the stored network is damaged; press Reset to start again")
    step = _int("the step count", raw["step"], 0, MAX_STEP)
    run = _int("the run count", raw["run"], 0, MAX_RUN)
    d = raw["net"]
    if not isinstance(d, dict) or d.get("sizes") != config["sizes"]:
        raise InputError("the stored network does not match the chosen layers; press Reset")
    try:
        # The cap is this architecture's own size: nothing bigger is ever built.
        net = MLP.from_dict(d, max_params=max_params(config))
    except ValueError as e:
        raise InputError(f"the stored network was refused: {e}") from e
    c = net.config
    if (c.activation, c.output_activation, c.loss) != (
        config["activation"],
        config["output_activation"],
        config["loss"],
    ):
        raise InputError("the stored network does not match the chosen settings; press Reset")
    if (c.residual, c.normalization == "layer") != (config["residual"], config["normalization"]):
        raise InputError("the stored network does not match the chosen settings; press Reset")
    if c.dtype != "float64" or c.momentum != 0.0:
        raise InputError("the stored network uses options this page does not offer; press Reset")
    return NetState(net, step, run)


def next_run(raw_net: Any) -> int:
    """The run count for a fresh start after the stored network `raw_net`. The count
    only tells old answers from new ones, so a damaged one restarts at 0."""
    run = raw_net.get("run") if isinstance(raw_net, dict) else None
    ok = isinstance(run, int) and not isinstance(run, bool) and 0 <= run < MAX_RUN
    return run + 1 if ok else 0


def read_lr_log(raw: Any) -> float:
    lo, hi = math.log10(limits.MIN_LEARNING_RATE), math.log10(limits.MAX_LEARNING_RATE)
    return _float("the learning-rate slider", raw, lo, hi)


def read_example(raw: Any, n_train: int) -> int:
    return _int("the chosen example", raw, 0, n_train - 1)


def read_steps(raw: Any) -> int:
    return _int("the number of steps per request", raw, 1, limits.MAX_STEPS_PER_REQUEST)


def read_nonce(raw: Any) -> int:
    return _int("the request number", raw, 0, 2**53)
