"""The lab's rules, written once: what a set-up may be, how much history the page
keeps, how Play paces itself, which keys press which buttons.

The server checks requests against these (app/state.py) and the page is built
from them (app/components/); the browser gets the same values as JSON in the page
(`<script id="bl-rules" type="application/json">`, see `browser_rules`), so no
constant lives in both Python and JavaScript.
"""

from __future__ import annotations

import json
from typing import Any

from app import figures, handdata, ids, limits, palette
from backprop_engine.features import FEATURES
from backprop_engine.features import RAW as RAW_FEATURES

# ---------- what a set-up may be ----------
CLASSIFICATION = ("xor", "circle", "gaussians", "spiral", "moons", "blobs3")
REGRESSION = ("plane", "sine")
DATASETS = (*CLASSIFICATION, *REGRESSION, *handdata.NAMES)  # hand-sized sets: lessons only
OWN = "own"  # data of the user's own: it travels in config["data"] (app/own_data.py)
# The activations a hidden layer may use, in the menu's order, with the names shown.
ACTIVATION_NAMES = {
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "linear": "linear",
}
ACTIVATIONS = tuple(ACTIVATION_NAMES)
LOSS_NAMES = {
    "bce": "cross-entropy",
    "mse": "squared error",
    "cross_entropy": "softmax cross-entropy",
}
LOSSES = tuple(LOSS_NAMES)
# (task, loss) -> the output activation the page pairs with it; regression fits
# numbers in about [−1, 1] with a linear output and squared error.
OUTPUTS = {
    ("classification", "bce"): "sigmoid",
    ("classification", "mse"): "sigmoid",
    ("classification", "cross_entropy"): "softmax",
    ("regression", "mse"): "linear",
}
DEFAULT_LR_LOG = 0.0  # η = 1: xor visibly learns within a few dozen steps
# Settings a data set brings when it is chosen (the others keep what is set). The
# spiral's two arms wind almost twice round the centre, close together: the default
# 2 × 4 tanh network stays a blob near 55% after 1,000 steps, while these reach
# 90% within LEARNS_WITHIN steps (tests/test_spiral_defaults.py, with the engine).
LEARNS_WITHIN = {"spiral": 2000}
DATASET_DEFAULTS: dict[str, dict[str, Any]] = {
    "spiral": {
        "sizes": [2, 8, 8, 8, 8, 1],
        "activation": "leaky_relu",
        "batch_size": 32,
        "noise": 0.0,
        "lr_log": -1.0,  # η = 0.1: larger steps throw the folds back and forth
    },
    # η ≈ 0.32: at η = 1 the accuracy swings between 81% and 96% from step to step
    "blobs3": {"lr_log": -0.5},
}
# Said beside the data-set menu while the set is chosen: why it is hard.
DATASET_NOTES = {
    "spiral": "Hard: the two arms wind almost twice round the centre and lie close "
    "together, so the network must fold the plane again and again to part them; one "
    "or two bends are not enough. Choosing it sets {shape}, mini-batch {batch_size}, "
    "noise {noise:.0%} and η = {lr:g}; even so it needs about {steps:,} steps.",
}
DEFAULT_LOSS = {"classification": "bce", "regression": "mse"}
# Classes of the classification sets that have more than two; a set of three or
# more pairs with softmax and cross-entropy when it is chosen (dataset_loss).
CLASSES = {"blobs3": 3}
MAX_SEED = 2**31 - 1
MAX_NOISE = 1.0
MAX_TEST_FRACTION = 0.5
MIN_SAMPLES = 8

# ---------- the settings panel ----------
SHOWN_LAYERS = 10  # neuron +/− columns; the deep preset has 10 hidden layers
MAX_EDIT_LAYERS = 6  # the + button stops here; only the deep preset goes beyond
DEEP_PRESET = {"hidden": 10, "neurons": 8, "activation": "sigmoid"}
assert SHOWN_LAYERS <= limits.MAX_LAYERS and DEEP_PRESET["hidden"] <= SHOWN_LAYERS

# ---------- history the page keeps ----------
LOSS_HISTORY = 2000  # loss points on the chart
GRAD_NORM_HISTORY = 120  # steps of gradient norms on the vanishing-gradients chart
STEP_HISTORY = 20  # whole training steps kept for replay in the inspector

# ---------- Play ----------
# (label, speed control value, training steps per request). A request is sent once
# the answer before it is adopted, and at least PLAY_PACE_MS after the one before
# (Instant drops the wait), so a class of 200 asks about 200 times a second. The
# page plays each answer's PLAY_FRAMES frames evenly across the pace, so the
# diagram moves several times a second at about the steps per second of a faster
# pace: Slow 5, Normal 20, Fast 50 steps a second.
SPEEDS = (("Slow", 0.5, 5), ("Normal", 1.0, 20), ("Fast", 3.0, 50), ("Instant", 0.0, 50))
DEFAULT_SPEED = 1.0
DEFAULT_STEPS = 20  # steps per request when the speed is unknown
PLAY_PACE_MS = 1000
PLAY_FRAMES = 5  # states of the network an answer of several steps carries (the last: its end)
assert all(1 <= n <= limits.MAX_STEPS_PER_REQUEST for _, _, n in SPEEDS)

# ---------- the inspector's finite-difference check ----------
FD_EPS = 1e-4  # the nudge the page asks for
MIN_EPS, MAX_EPS = 1e-7, 1e-2  # smaller drowns in rounding, larger is no longer a derivative

# ---------- keyboard: (key, what it does, the button it presses or None) ----------
KEYS = (
    ("F", "Forward pass", ids.FORWARD_BTN),
    ("B", "Backward pass", ids.BACKWARD_BTN),
    ("U", "Update weights", ids.UPDATE_BTN),
    ("T", "Train step", ids.STEP_BTN),
    ("P", "Play / Pause", ids.PLAY_BTN),
    ("[", "Previous sub-step", ids.SUBSTEP_PREV_BTN),
    ("]", "Next sub-step", ids.SUBSTEP_NEXT_BTN),
    ("?", "Show or hide this list", None),
)


def task_of(dataset: str) -> str:
    return "regression" if dataset in REGRESSION else "classification"


def n_outputs(dataset: str, loss: str) -> int:
    """Output units for a data set and loss: one per class, except that two classes
    under sigmoid outputs need only one (ŷ = P(class 1)); a fitted number needs one."""
    if task_of(dataset) == "regression":
        return 1
    k = CLASSES.get(dataset, 2)
    return 1 if k == 2 and loss != "cross_entropy" else k


def dataset_loss(dataset: str) -> str:
    """The loss a data set starts with when it is chosen."""
    if CLASSES.get(dataset, 2) > 2:
        return "cross_entropy"
    return DEFAULT_LOSS[task_of(dataset)]


def _ids() -> dict[str, str]:
    return {k: v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)}


def _limits() -> dict[str, Any]:
    out = {k: v for k, v in vars(limits).items() if k.isupper() and isinstance(v, (int, float))}
    out.update(
        MAX_EDIT_LAYERS=MAX_EDIT_LAYERS,
        SHOWN_LAYERS=SHOWN_LAYERS,
        MAX_SEED=MAX_SEED,
        MAX_NOISE=MAX_NOISE,
    )
    return out


def dataset_notes() -> dict[str, str]:
    """DATASET_NOTES with the numbers of DATASET_DEFAULTS written in."""
    out = {}
    for name, note in DATASET_NOTES.items():
        d = DATASET_DEFAULTS[name]
        hidden = d["sizes"][1:-1]
        shape = f"{len(hidden)} {ACTIVATION_NAMES[d['activation']]} layers of {hidden[0]} neurons"
        out[name] = note.format(
            shape=shape,
            batch_size=d["batch_size"],
            noise=d["noise"],
            lr=10.0 ** d["lr_log"],
            steps=LEARNS_WITHIN[name],
        )
    return out


def browser_rules() -> dict[str, Any]:
    """Everything the page's JavaScript needs of the rules above (shape: see
    docs/architecture.md, "Rules handed to the browser")."""
    outputs: dict[str, dict[str, str]] = {}
    for (task, loss), activation in OUTPUTS.items():
        outputs.setdefault(task, {})[loss] = activation
    return {
        "ids": _ids(),
        "limits": _limits(),
        "history": {"losses": LOSS_HISTORY, "grad_norms": GRAD_NORM_HISTORY, "steps": STEP_HISTORY},
        "datasets": {
            "classification": list(CLASSIFICATION),
            "regression": list(REGRESSION),
            "own": OWN,
        },
        "outputs": outputs,
        "default_loss": dict(DEFAULT_LOSS),
        "dataset_loss": {d: dataset_loss(d) for d in DATASETS},
        "n_outputs": {
            d: {loss: n_outputs(d, loss) for t, loss in OUTPUTS if t == task_of(d)}
            for d in DATASETS
        },
        "activation_names": dict(ACTIVATION_NAMES),
        "loss_names": dict(LOSS_NAMES),
        # the engine's input features, in its order: name -> how the page writes it
        "feature_names": {name: label for name, (label, _) in FEATURES.items()},
        "raw_features": list(RAW_FEATURES),  # the point itself: a(0) = (x₁, x₂)
        "deep_preset": dict(DEEP_PRESET),
        "dataset_defaults": DATASET_DEFAULTS,
        "dataset_notes": dataset_notes(),
        "speeds": [{"value": value, "steps": n} for _, value, n in SPEEDS],
        "default_steps": DEFAULT_STEPS,
        "play_pace_ms": PLAY_PACE_MS,
        "play_frames": PLAY_FRAMES,
        "keys": {key.lower(): button for key, _, button in KEYS if button},
        "fd_eps": FD_EPS,
        "activation_scale": figures.ACTIVATION_SCALE,
        "font": figures.FONT,
        "palettes": palette.PALETTES,
        "numbers": figures.NUMBERS,
    }


def script_tag() -> str:
    """The rules as a JSON block for the page's HTML. `</` is escaped so no value
    can end the script element early."""
    text = json.dumps(browser_rules(), separators=(",", ":")).replace("</", "<\\/")
    return f'<script id="bl-rules" type="application/json">{text}</script>'
