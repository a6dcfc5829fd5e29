"""The spiral's own settings (app/rules.py DATASET_DEFAULTS) learn it, measured by
training with the engine exactly as the page's Train steps do: seeded data, seeded
mini-batches, no clock."""

from __future__ import annotations

import numpy as np

from app import rules, state, training
from backprop_engine import MLP, datasets


def accuracy(net: MLP, X: np.ndarray, Y: np.ndarray) -> float:
    return float(((net.predict(X) > 0.5) == (Y > 0.5)).mean())


def best_accuracy(changes: dict, lr: float, steps: int, every: int = 100) -> float:
    """The highest training accuracy seen every `every` steps over `steps` steps."""
    cfg = state.read_config({**state.DEFAULT_CONFIG, "dataset": "spiral", **changes})
    ds = datasets.spiral(cfg["n_samples"], cfg["noise"], cfg["test_fraction"], cfg["seed"])
    net = MLP(cfg["sizes"], **state.net_options(cfg))
    best = 0.0
    for step in range(steps):
        batch = training.batch_indices(cfg, len(ds.X_train), step)
        net.train_step(ds.X_train[batch], ds.Y_train[batch], lr)
        if (step + 1) % every == 0:
            best = max(best, accuracy(net, ds.X_train, ds.Y_train))
    return best


def test_the_spiral_defaults_are_settings_the_page_accepts():
    own = rules.DATASET_DEFAULTS["spiral"]
    settings = {k: v for k, v in own.items() if k != "lr_log"}
    assert state.read_config({**state.DEFAULT_CONFIG, "dataset": "spiral", **settings})
    assert state.read_lr_log(own["lr_log"]) == own["lr_log"]
    # the browser gets them, and the note beside the menu quotes them
    block = rules.browser_rules()
    assert block["dataset_defaults"]["spiral"] == own
    assert f"η = {10 ** own['lr_log']:g}" in block["dataset_notes"]["spiral"]


def test_the_page_defaults_leave_the_spiral_a_blob():
    # why the spiral has settings of its own: the general ones stay near a coin toss
    assert best_accuracy({}, 10**rules.DEFAULT_LR_LOG, 1000) < 0.7


def test_the_spiral_defaults_learn_the_spiral():
    own = dict(rules.DATASET_DEFAULTS["spiral"])
    lr = 10 ** own.pop("lr_log")
    assert best_accuracy(own, lr, rules.LEARNS_WITHIN["spiral"]) >= 0.9
