"""The network as a file, and one step's numbers as a table.

A saved set-up is JSON: the settings, `lr_log` (log10 η), the example on show, the
step count and the network as `net_json` (`MLP.to_dict()`); with data of the user's
own (`config.dataset` "own") also `data` {"inputs", "targets"}, one row per example.
Files without `data` or `config.train_shown` (older ones) still open. Version 1 files named
the last two `learning_rate_log10` and `network`; they still open. Reading a file
only decodes and bounds it; the values then pass the same check as a link
(`state.read_setup`, see app/callbacks/lessons.py).
The CSV holds the engine's numbers at full precision, not the rounded ones drawn.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
import json
import math
from typing import Any

from app import state, training, urlstate
from app.rules import OWN
from app.state import InputError, Setup

FORMAT = "backprop-lab/setup"
VERSION = 2
# A 12-layer, 8-wide network at full precision is ~60 KB. The browser sends the file
# base64-encoded (4/3 larger) inside a callback request, which must stay under the
# app's request cap, so the file limit sits well below three quarters of it.
MAX_FILE_BYTES = 120_000
_KEYS = {"format", "version", "config", "lr_log", "example", "step", "net_json"}
# What version 1 called the keys version 2 renamed.
_V1_NAMES = {"learning_rate_log10": "lr_log", "network": "net_json"}


def setup_json(setup: Setup) -> str:
    config = {k: v for k, v in setup.config.items() if k != "data"}
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "config": config,
        "lr_log": setup.lr_log,
        "example": setup.example + 1,  # as on screen: example #1 is the first
        "step": setup.net_state.step,
        "net_json": setup.net_state.net.to_dict(),
    }
    if "data" in setup.config:  # the user's own: the file carries it, top level
        doc["data"] = setup.config["data"]
    return json.dumps(doc, indent=1)


def _decode_upload(contents: Any) -> bytes:
    return decode_upload(contents, MAX_FILE_BYTES, "file")


def decode_upload(contents: Any, max_bytes: int, what: str) -> bytes:
    """dcc.Upload's `contents` is a data URL: 'data:<type>;base64,<payload>'."""
    if not isinstance(contents, str) or "," not in contents[:200]:
        raise InputError(f"the {what} could not be read")
    head, payload = contents.split(",", 1)
    if not head.startswith("data:") or ";base64" not in head:
        raise InputError(f"the {what} could not be read")
    if len(payload) > max_bytes * 4 // 3 + 4:
        raise InputError(f"the {what} is too large (at most {max_bytes // 1000} KB)")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InputError(f"the {what} could not be read") from None


def read_setup_file(contents: Any) -> urlstate.Link:
    raw = _decode_upload(contents)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError("the file is not JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f"the file is not a saved Backprop Lab set-up (format {FORMAT!r})")
    if doc.get("version") == 1:
        doc = {_V1_NAMES.get(k, k): v for k, v in doc.items()}
    elif doc.get("version") != VERSION:
        raise InputError(f"the file's version must be 1 or {VERSION}")
    if set(doc) - {"data"} != _KEYS:
        raise InputError("the file's fields are not the ones this page writes")
    config = doc["config"]
    if "data" in doc:  # checked with the settings (state.read_config), where it enters
        if not isinstance(config, dict) or config.get("dataset") != OWN:
            raise InputError('the file carries data, so its config.dataset must be "own"')
        config = {**config, "data": doc["data"]}
    lr_log, example, step = doc["lr_log"], doc["example"], doc["step"]
    if isinstance(lr_log, bool) or not isinstance(lr_log, (int, float)):
        raise InputError("the file's learning rate must be a number")
    if isinstance(lr_log, float) and not math.isfinite(lr_log):  # range: state.read_setup
        raise InputError("the file's learning rate must be a finite number")
    for what, v in (("example", example), ("step", step)):
        if isinstance(v, bool) or not isinstance(v, int):
            raise InputError(f"the file's {what} must be a whole number")
    if example < 1:
        raise InputError("the file's example must be 1 or more")
    if isinstance(config, dict):  # a file saved before a setting existed means its default
        config = {**state.ADDED_SETTINGS, **config}
    return urlstate.Link(
        config=config,
        lr_log=lr_log,
        example=example - 1,
        net_json=doc["net_json"],
        step=step,
    )


def step_csv(setup: Setup) -> str:
    """Every number of the next training step from the network on screen."""
    ds, ns, example = setup.data, setup.net_state, setup.example
    net = ns.net.copy()
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["part", "quantity", "layer", "row", "column", "value"])

    def matrix(part: str, name: str, layer: int, M: Any) -> None:
        for r, row in enumerate(M):
            for c, v in enumerate(row):
                w.writerow([part, name, layer, r + 1, c + 1, repr(float(v))])

    def vector(part: str, name: str, layer: int, v: Any) -> None:
        for r, value in enumerate(v):
            w.writerow([part, name, layer, r + 1, "", repr(float(value))])

    for li, (W, b) in enumerate(zip(net.weights, net.biases, strict=True), start=1):
        matrix("network", "W", li, W)
        vector("network", "b", li, b)

    part = f"example #{example + 1}"
    x, y = ds.X[example : example + 1], ds.Y[example : example + 1]
    fwd = net.forward(x)
    bwd = net.backward(fwd, y)
    vector(part, "x", 0, x[0])
    vector(part, "y", 0, y[0])
    for li in range(1, len(net.weights) + 1):
        vector(part, "z", li, fwd.z[li - 1][0])
        vector(part, "a", li, fwd.a[li][0])
        vector(part, "delta", li, bwd.delta[li - 1][0])
        matrix(part, "dL/dW", li, bwd.grad_w[li - 1])
        vector(part, "dL/db", li, bwd.grad_b[li - 1])
    w.writerow([part, "loss", "", "", "", repr(float(net.loss(fwd, y)))])

    batch = training.batch_indices(setup.config, len(ds.X), ns.step, example)
    part = f"mini-batch of step {ns.step + 1}"
    vector(part, "example numbers", 0, [i + 1 for i in batch])
    fwd_b = net.forward(ds.X[batch])
    bwd_b = net.backward(fwd_b, ds.Y[batch])
    for li in range(1, len(net.weights) + 1):
        matrix(part, "dL/dW (mean)", li, bwd_b.grad_w[li - 1])
        vector(part, "dL/db (mean)", li, bwd_b.grad_b[li - 1])
    w.writerow([part, "loss", "", "", "", repr(float(net.loss(fwd_b, ds.Y[batch])))])
    w.writerow([part, "learning rate", "", "", "", repr(float(setup.lr))])
    return out.getvalue()
