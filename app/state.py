"""What the browser keeps, and the one check it passes where it enters the server.

Everything a callback receives may be forged, so `read_setup` takes the raw JSON
of the stores and returns a `Setup` the rest of app/ trusts, or raises
`InputError` with a sentence for the page. Nothing downstream checks again.

Store shapes (dcc.Store `data`):

    config-store  {"dataset": "xor", "sizes": [2, 4, 4, 1], "activation": "tanh",
                   "output_activation": "sigmoid", "loss": "bce", "batch_size": 16,
                   "n_samples": 200, "noise": 0.1, "test_fraction": 0.2, "seed": 0,
                   "residual": false, "normalization": false, "train_shown": false}
                  with "dataset": "own" it also holds "data": the user's own examples
                  (app/own_data.py); `train_shown`: each step trains on the shown example
    net-store     a net_state {"net_json": <MLP.to_dict()>, "step": 0, "run": 0}:
                  the network after the last adopted update; `step` counts training
                  steps taken, `run` counts resets (so stale answers can be told apart)
    example-store 0                       index of the example the diagram follows
    lr-slider     value = lr_log = log10(η), from -4 to 1
    request-store {"nonce": n, "steps": k}  written by the browser (app/training.py), or
                  {"nonce": n, "steps": 0, "edit": {...}} for a value typed in; read by
                  app/training_request.py
    reply-store, view-store, data-store: written by the server, drawn by the browser
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app import data, limits, own_data, rules
from app.rules import (
    ACTIVATIONS,
    DATASETS,
    LOSSES,
    MAX_NOISE,
    MAX_SEED,
    MAX_TEST_FRACTION,
    MIN_SAMPLES,
    OUTPUTS,
    OWN,
)
from backprop_engine import MLP, Config
from backprop_engine import features as feature_names
from backprop_engine.features import check_names as check_features

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
    "features": ["x1", "x2"],  # the inputs a(0) the network sees (backprop_engine/features.py)
    "l2": 0.0,  # λ of L2 regularisation, a training setting like η
    "train_shown": False,
}
# Settings a file saved before they existed does not have: it means these.
ADDED_SETTINGS: dict[str, Any] = {"features": ["x1", "x2"], "l2": 0.0, "train_shown": False}
# Keys a stored config may lack (the page's store before the switch existed).
OPTIONAL = {"train_shown": False}
MAX_RUN = 2**31 - 1
MAX_STEP = 10**9
MAX_ECHO = 80  # characters of a sent value a sentence may quote back


class InputError(ValueError):
    """Input the page refuses; the message is shown to the student as is."""


def echo(value: Any) -> str:
    """A sent value (or a message quoting one) cut short, for a sentence."""
    text = str(value)
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 1] + "…"


@dataclass(frozen=True)
class NetState:
    """The network after `step` training steps of reset number `run`; in JSON a
    net_state {"net_json", "step", "run"}."""

    net: MLP
    step: int
    run: int

    def as_json(self) -> dict[str, Any]:
        return {"net_json": self.net.to_dict(), "step": self.step, "run": self.run}


@dataclass(frozen=True)
class Setup:
    """A checked set-up: the settings (a dict shaped like DEFAULT_CONFIG, every value
    in range), the network, log10 η and the example on show."""

    config: dict[str, Any]
    net_state: NetState
    lr_log: float
    example: int

    @property
    def lr(self) -> float:
        return 10.0**self.lr_log

    @property
    def data(self) -> data.Dataset:
        return dataset(self.config)


# ---------- single values ----------
def read_int(what: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number")
    if not lo <= value <= hi:
        raise InputError(f"{what} must be between {lo} and {hi}")
    return value


def read_float(what: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{what} must be a number")
    # Compared before any conversion: an int too large for a float cannot overflow here.
    if not lo <= value <= hi or not math.isfinite(value):
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


# ---------- the settings ----------
def output_sentence(dataset: str, loss: str) -> str:
    """Why the output layer must have the size it must, for a refusal."""
    n, name = rules.n_outputs(dataset, loss), rules.LOSS_NAMES[loss]
    if task_of(dataset) == "regression":
        return f"the {dataset} data fits one number, so the output layer needs 1 unit"
    classes = rules.CLASSES.get(dataset, 2)
    units = "1 unit (the chance of class 2)" if n == 1 else f"{n} units, one per class"
    return f"the {dataset} data has {classes} classes: with {name} the output layer needs {units}"


task_of = rules.task_of


def read_config(raw: Any) -> dict[str, Any]:
    """The settings (config-store), checked; where only settings enter (Reset, Apply)."""
    if isinstance(raw, dict):  # an older file or link may lack the optional keys
        raw = {**OPTIONAL, **raw}
    keys = set(DEFAULT_CONFIG)
    if not isinstance(raw, dict) or set(raw) - {"data"} != keys:
        raise InputError("the page's settings are damaged; press Reset or reload the page")
    sizes = raw["sizes"]
    if not isinstance(sizes, list) or not 2 <= len(sizes) <= limits.MAX_LAYERS + 2:
        raise InputError(f"a network has from 0 to {limits.MAX_LAYERS} hidden layers")
    chosen = read_features(raw["features"])
    if sizes[0] != len(chosen):
        n = len(chosen)
        raise InputError(
            f"the input layer needs one unit per chosen input feature: {n}, not {echo(sizes[0])}"
        )
    for n in sizes[1:-1]:
        read_int("neurons per hidden layer", n, 1, limits.MAX_NEURONS)
    dataset = _name("dataset", raw["dataset"], (*DATASETS, OWN))
    task = task_of(dataset)
    loss = _name("loss", raw["loss"], LOSSES)
    if (task, loss) not in OUTPUTS:
        raise InputError("regression data needs the squared-error loss (mse)")
    output = _name("output activation", raw["output_activation"], (OUTPUTS[task, loss],))
    read_int("the number of outputs", sizes[-1], 1, limits.MAX_OUTPUTS)
    # Data of one's own has as many target columns as the output layer has units
    # (checked with the data); a built-in set asks for its own number.
    if dataset != OWN and sizes[-1] != rules.n_outputs(dataset, loss):
        raise InputError(output_sentence(dataset, loss))
    own = _own(raw, sizes, chosen) if dataset == OWN else None
    if own is None:
        n_samples = read_int(
            "the number of data points", raw["n_samples"], MIN_SAMPLES, limits.MAX_SAMPLES
        )
        batch_hi = n_samples // 2  # the training part is what batches draw from
    else:  # counted, never taken from the request; batch_indices takes at most all
        n_samples, batch_hi = len(own.inputs), limits.MAX_SAMPLES // 2
    cfg = {
        "dataset": dataset,
        "sizes": list(sizes),
        "activation": _name("activation", raw["activation"], ACTIVATIONS),
        "output_activation": output,
        "loss": loss,
        "batch_size": read_int("the mini-batch size", raw["batch_size"], 1, batch_hi),
        "n_samples": n_samples,
        "noise": read_float("noise", raw["noise"], 0.0, MAX_NOISE),
        "test_fraction": read_float("the test share", raw["test_fraction"], 0.0, MAX_TEST_FRACTION),
        "seed": read_int("the seed", raw["seed"], 0, MAX_SEED),
        "residual": _bool("residual connections", raw["residual"]),
        "normalization": _bool("normalization", raw["normalization"]),
        "features": list(chosen),
        "l2": read_float("the L2 strength λ", raw["l2"], 0.0, limits.MAX_L2),
        "train_shown": _bool("train on the shown example", raw["train_shown"]),
    }
    if own is not None:
        cfg["data"] = own.as_json()
    return cfg


def _own(raw: dict[str, Any], sizes: list, chosen: tuple[str, ...]) -> own_data.OwnData:
    """Data of the user's own, checked here where it enters (see app/own_data.py)."""
    if "data" not in raw:
        raise InputError(
            "the settings name your own data but carry none; "
            "type an example, upload a table or pick a data set"
        )
    try:
        return own_data.read(raw["data"], sizes[-1], chosen)
    except own_data.DataError as e:
        raise InputError(str(e)) from None


def dataset(config: dict[str, Any]) -> data.Dataset:
    """The training data of checked settings: a built-in set rebuilt from its seed, or
    the user's own (a cache hit: read_config checked it)."""
    if config["dataset"] == OWN:
        n_out, chosen = config["sizes"][-1], tuple(config["features"])
        return own_data.read(config["data"], n_out, chosen).dataset
    return data.load(config)


def read_features(raw: Any) -> tuple[str, ...]:
    """The chosen input features, in the engine's order (features.NAMES)."""
    if not isinstance(raw, list) or not 1 <= len(raw) <= limits.MAX_INPUTS:
        raise InputError("choose at least one input feature (x₁, x₂, x₁², …)")
    try:
        return check_features(raw)
    except ValueError:
        names = ", ".join(feature_names.NAMES)
        raise InputError(f"the input features must be among {names}, each once") from None


def net_options(config: dict[str, Any]) -> dict[str, Any]:
    """The MLP keyword arguments checked settings ask for."""
    return {
        "activation": config["activation"],
        "output_activation": config["output_activation"],
        "loss": config["loss"],
        "seed": config["seed"],
        "residual": config["residual"],
        "normalization": "layer" if config["normalization"] else None,
        "l2": config["l2"],
    }


def n_params(config: dict[str, Any]) -> int:
    norm = "layer" if config["normalization"] else None
    return Config(tuple(config["sizes"]), normalization=norm).n_params


def fresh_net(config: dict[str, Any], run: int) -> NetState:
    """A new network at step 0: the same for everyone with these settings."""
    return NetState(MLP(config["sizes"], **net_options(config)), 0, run)


# ---------- a whole set-up ----------
def _net_state(raw: Any, config: dict[str, Any]) -> NetState:
    if not isinstance(raw, dict) or set(raw) != {"net_json", "step", "run"}:
        raise InputError("the stored network is damaged; press Reset to start again")
    step = read_int("the step count", raw["step"], 0, MAX_STEP)
    run = read_int("the run count", raw["run"], 0, MAX_RUN)
    d = raw["net_json"]
    if not isinstance(d, dict) or d.get("sizes") != config["sizes"]:
        raise InputError("the stored network does not match the chosen layers; press Reset")
    try:
        # λ is a training setting, like η: the network trains with the one in force.
        d = {**d, "l2": config["l2"]}
        # The cap is this architecture's own size: nothing bigger is ever built.
        net = MLP.from_dict(d, max_params=n_params(config))
    except (ValueError, TypeError, OverflowError) as e:
        raise InputError(f"the stored network was refused: {echo(e)}") from None
    c = net.config
    chosen = (config["activation"], config["output_activation"], config["loss"])
    options = (config["residual"], config["normalization"])
    if (c.activation, c.output_activation, c.loss) != chosen:
        raise InputError("the stored network does not match the chosen settings; press Reset")
    if (c.residual, c.normalization == "layer") != options:
        raise InputError("the stored network does not match the chosen settings; press Reset")
    if c.dtype != "float64" or c.momentum != 0.0:
        raise InputError("the stored network uses options this page does not offer; press Reset")
    return NetState(net, step, run)


def read_lr_log(raw: Any) -> float:
    lo, hi = math.log10(limits.MIN_LEARNING_RATE), math.log10(limits.MAX_LEARNING_RATE)
    return read_float("the learning-rate slider", raw, lo, hi)


def read_setup(
    config: Any, net_state: Any, lr_log: Any, example: Any, *, fresh_run: int | None = None
) -> Setup:
    """config-store, net-store, lr-slider and example-store, checked in that order (so
    every callback reports the same first fault). With `fresh_run`, a missing network
    (None) means fresh weights from the seed, as a link without weights asks."""
    cfg = read_config(config)
    if net_state is None and fresh_run is not None:
        ns = fresh_net(cfg, fresh_run)
    else:
        ns = _net_state(net_state, cfg)
    n_train = len(dataset(cfg).X)
    # arguments are read left to right: η before the example, as documented above
    return Setup(
        cfg, ns, read_lr_log(lr_log), read_int("the chosen example", example, 0, n_train - 1)
    )


def next_run(raw_net_state: Any) -> int:
    """The run count for a fresh start after the stored network. The count only
    tells old answers from new ones, so a damaged one restarts at 0."""
    run = raw_net_state.get("run") if isinstance(raw_net_state, dict) else None
    ok = isinstance(run, int) and not isinstance(run, bool) and 0 <= run < MAX_RUN
    return run + 1 if ok else 0


def read_nonce(request: Any) -> int:
    """The request number of request-store {"nonce", "steps"}: read first, so even a
    refusal answers the request it belongs to."""
    raw = request.get("nonce") if isinstance(request, dict) else None
    return read_int("the request number", raw, 0, 2**53)
