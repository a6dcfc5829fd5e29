"""What the page draws of a network, as compact JSON: the stores of a fresh start or a
loaded set-up, and the view of a network at rest.

Every number here comes from the engine; this module only picks which numbers the
page needs and rounds them for display. The exact network travels separately (the
net_state's `net_json`), so rounding never feeds back into training.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from app import data, metrics
from app.state import NetState, dataset, fresh_net
from backprop_engine import MLP

SURFACE_DECIMALS = 3  # the shaded surface needs no more
PICTURE_LEVELS = 255  # a picture's cell is one byte: a in [-1, 1] in 255 steps


def sig(values: Any) -> Any:
    """Nested lists of floats rounded to metrics.DIGITS significant digits, for display."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 0:
        return float(f"{float(arr):.{metrics.DIGITS}g}")
    flat = [float(f"{v:.{metrics.DIGITS}g}") for v in arr.ravel().tolist()]
    return np.array(flat).reshape(arr.shape).tolist()


def rows(arrays: list[np.ndarray], row: int = 0) -> list[Any]:
    """One sample's row from each per-layer (batch, units) array."""
    return [sig(a[row]) for a in arrays]


def activation_maps(net: MLP, ds: data.Dataset) -> dict[str, Any]:
    """Each hidden and output neuron's a over the input plane, for its picture.

    A cell is a clipped to [-1, 1] (the range the diagram's colours cover) as one
    byte, base64 per layer, neuron after neuron, each neuron's cells row-major over
    `data.picture_grid` (y outer, x inner): 1.3 characters a cell, where two decimals
    in a JSON list take five or six."""
    maps = net.activation_maps(_picture_grid(ds))  # (n_grid, n_l) per layer
    # The shading's arithmetic once over every layer's neurons side by side.
    a = np.clip(np.nan_to_num(np.hstack(maps), nan=0.0), -1.0, 1.0)  # shading only
    cells = np.rint((a.T + 1.0) / 2.0 * PICTURE_LEVELS).astype(np.uint8)  # neuron by neuron
    ends = np.cumsum([m.shape[1] for m in maps])[:-1]
    layers = [base64.b64encode(part.tobytes()).decode("ascii") for part in np.split(cells, ends)]
    return {"size": data.PICTURE_GRID, "layers": layers}


# data.picture_grid of each data set in use, kept with the set itself: sets are cached
# and shared between requests, and the picture grid is the same for every network.
_PICTURE_GRIDS: dict[int, tuple[data.Dataset, np.ndarray]] = {}
_PICTURE_GRIDS_KEPT = 64


def _picture_grid(ds: data.Dataset) -> np.ndarray:
    kept = _PICTURE_GRIDS.get(id(ds))
    if kept is None or kept[0] is not ds:  # an id is only reused once its set is gone
        if len(_PICTURE_GRIDS) >= _PICTURE_GRIDS_KEPT:
            _PICTURE_GRIDS.clear()
        grid = data.picture_grid(ds)
        grid.setflags(write=False)  # shared between requests, like the set
        kept = (ds, grid)
        _PICTURE_GRIDS[id(ds)] = kept
    return kept[1]


def at_rest(net: MLP, ds: data.Dataset, known: metrics.Losses | None = None) -> dict[str, Any]:
    """What the page draws of a network at rest: weights, loss, prediction surface
    (`known`: the network's losses, when the last step measured them already)."""
    return {
        "weights": [sig(W) for W in net.weights],
        "biases": [sig(b) for b in net.biases],
        **surface(net, ds),
        "activation_maps": activation_maps(net, ds),
        **metrics.measure(net, ds, known).shown,
    }


def surface(net: MLP, ds: data.Dataset) -> dict[str, Any]:
    """The prediction over the grid, row-major (GRID rows of GRID). One output: its
    value ("surface"). Several: the predicted class ("surface_class") and the
    network's confidence in it, the largest output ("surface")."""
    shape = (len(ds.grid_y), len(ds.grid_x))
    out = np.nan_to_num(net.predict(ds.grid), nan=0.0, posinf=1e6, neginf=-1e6)  # shading only
    if out.shape[1] == 1:
        return {"surface": np.round(out[:, 0].reshape(shape), SURFACE_DECIMALS).tolist()}
    confidence = out.max(axis=1).reshape(shape)
    return {
        "surface": np.round(confidence, SURFACE_DECIMALS).tolist(),
        "surface_class": metrics.predicted_class(out).reshape(shape).tolist(),
    }


def start_from(config: dict[str, Any], ns: NetState) -> dict[str, Any]:
    """The stores' contents for a checked network (a shared link, a file)."""
    ds = dataset(config)
    view = at_rest(ns.net, ds)
    view["losses"] = [view["train_loss"]]
    view["step"] = ns.step
    view["run"] = ns.run
    return {"net_state": ns.as_json(), "view": view, "data": ds.to_json(config)}


def fresh_start(config: dict[str, Any], run: int) -> dict[str, Any]:
    """The stores' contents for a new network at step 0 (page load, Reset, Apply),
    with the gradient norms and marks of its first pass."""
    ns = fresh_net(config, run)
    out = start_from(config, ns)
    view = out["view"]
    diag = metrics.initial_diagnostics(ns.net, dataset(config))
    view["test_losses"] = [view["test_loss"]]
    view["grad_hist"] = [diag["grad_rms"]]
    view["marks"] = diag["marks"]
    return out
