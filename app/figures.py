"""Plotly figure builders for the network diagram.

The server draws the geometry once per architecture; the clientside animation
(assets/lab-anim.js) then restyles colours, widths and labels in place, so a
training step never sends a figure. Connections are layout shapes (one per weight,
drawn below the traces): a shape per connection redraws far faster than a trace per
connection, which keeps the animation smooth. The order is a contract with the JS
and is written into `layout.meta`:

    shapes 0 .. E-1   one line per connection, layer by layer; within layer l, row j
                      of W(l) then column i (the row-major order of W(l))
    trace 0           gradient labels and hover/click targets, one per connection
    trace 1           neurons (markers filled by activation, value as text)
    trace 2           δ labels under the neurons
"""

from __future__ import annotations

from typing import Any

from app import palette

NEURON_SIZE = 40  # px: room for a value such as "−0.25" inside the circle, at LABEL_PX
# Every number on the diagram is at least this large (px), so a class can read it;
# the presentation view (a projector) draws numbers, names and neurons larger still.
LABEL_PX, LABEL_PX_PRESENT = 12, 16
# What the diagram's Numbers control offers (app/components/numbers.py), and the
# sizes assets/lab-labels.js places labels with.
NUMBERS = {
    "modes": ["all", "selected", "none"],
    "default": "all",
    "label_px": LABEL_PX,
    "label_px_present": LABEL_PX_PRESENT,
    "neuron_px": NEURON_SIZE,
}
# Where along a connection its click target sits until a label moves it (0 = source,
# 1 = target); assets/lab-labels.js places the labels themselves, in pixels. Targets
# of connections from different source neurons sit at different depths, so the
# fan-in of one neuron does not stack them on top of each other.
LABEL_FROM, LABEL_TO = 0.58, 0.8
BLANK = " "  # an empty label; see BLANK in assets/lab-labels.js
EDGE_NEUTRAL = "rgba(148, 163, 184, 0.55)"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Activation colours: the weight signs' colours (negative, neutral, positive).
ACTIVATION_SCALE = palette.PALETTES["standard"]["activation"]


def neuron_positions(sizes: list[int]) -> list[list[tuple[float, float]]]:
    """(x, y) of every neuron: layer l at x = l, neurons centred on y = 0, top first."""
    return [[(float(li), (n - 1) / 2 - k) for k in range(n)] for li, n in enumerate(sizes)]


DEEP_LAYERS = 6  # more layers than this, and the diagram's columns stand close


def layer_names(sizes: list[int]) -> list[str]:
    hidden = [f"hidden {i}" for i in range(1, len(sizes) - 1)]
    return ["input", *hidden, "output"]


def network_figure(sizes: list[int], inputs: list[str] | None = None) -> dict[str, Any]:
    """The diagram of a network of `sizes`; `inputs` names the input features
    (x₁², sin x₁, …) beside the input layer, else x₁, x₂, …"""
    pos = neuron_positions(sizes)
    edges: list[dict[str, Any]] = []
    label_x: list[float] = []
    label_y: list[float] = []
    label_meta: list[list[int]] = []
    for li in range(1, len(sizes)):
        for j, (x1, y1) in enumerate(pos[li]):
            for i, (x0, y0) in enumerate(pos[li - 1]):
                edges.append(
                    {
                        "type": "line",
                        "layer": "below",
                        "x0": x0,
                        "y0": y0,
                        "x1": x1,
                        "y1": y1,
                        "line": {"color": EDGE_NEUTRAL, "width": 1.5},
                    }
                )
                t = LABEL_FROM + (LABEL_TO - LABEL_FROM) * i / max(1, sizes[li - 1] - 1)
                label_x.append(x0 + t * (x1 - x0))
                label_y.append(y0 + t * (y1 - y0))
                label_meta.append([li, j, i])

    n_edges = len(edges)
    labels = {
        "type": "scatter",
        "mode": "markers+text",
        "x": label_x,
        "y": label_y,
        "customdata": label_meta,
        "text": [BLANK] * n_edges,
        "textfont": {"size": LABEL_PX, "color": "#991b1b", "family": FONT},
        "marker": {"size": 12, "color": "rgba(0,0,0,0)"},
        "hovertemplate": "%{hovertext}<extra></extra>",
        "hovertext": [f"W({li})[{j + 1},{i + 1}]" for li, j, i in label_meta],
        "showlegend": False,
        "cliponaxis": False,
    }

    xs = [x for layer in pos for x, _ in layer]
    ys = [y for layer in pos for _, y in layer]
    neuron_meta = [[li, k] for li, layer in enumerate(pos) for k in range(len(layer))]
    neurons = {
        "type": "scatter",
        "mode": "markers+text",
        "x": xs,
        "y": ys,
        "customdata": neuron_meta,
        "text": [BLANK] * len(xs),
        "textfont": {"size": LABEL_PX, "color": "#0f172a", "family": FONT},
        "marker": {
            "size": NEURON_SIZE,
            "color": [0.0] * len(xs),
            "colorscale": ACTIVATION_SCALE,
            "cmin": -1.0,
            "cmax": 1.0,
            "line": {"color": "#334155", "width": 1.5},
        },
        "hovertemplate": "%{hovertext}<extra></extra>",
        "hovertext": [f"{layer_names(sizes)[li]}, neuron {k + 1}" for li, k in neuron_meta],
        "showlegend": False,
        "cliponaxis": False,
    }
    deltas = {
        "type": "scatter",
        "mode": "text",
        "x": xs,
        "y": [y - 0.42 for y in ys],
        "text": [BLANK] * len(xs),
        "textfont": {"size": LABEL_PX, "color": "#b91c1c", "family": FONT},
        "hoverinfo": "skip",
        "showlegend": False,
        "cliponaxis": False,
    }

    tallest = max(sizes)
    annotations = [
        {
            "x": float(li),
            "y": tallest / 2 + 0.05,
            "text": name,
            "showarrow": False,
            "font": {"size": LABEL_PX + 1, "color": "#475569", "family": FONT},
            "yanchor": "bottom",
        }
        for li, name in enumerate(layer_names(sizes))
    ]
    for k, (x, y) in enumerate(pos[0]):
        name = inputs[k] if inputs else f"x<sub>{k + 1}</sub>"
        annotations.append(_side_label(x - 0.3, y, name, "right"))
    for k, (x, y) in enumerate(pos[-1]):
        name = "ŷ" if sizes[-1] == 1 else f"ŷ<sub>{k + 1}</sub>"
        annotations.append(_side_label(x + 0.3, y, name, "left"))

    axis = {"visible": False, "fixedrange": True}
    # Many layers stand close: x₁ and ŷ beside the outer neurons need room of their own.
    pad = 0.5 if len(sizes) > DEEP_LAYERS else 0.0
    return {
        "data": [labels, neurons, deltas],
        "layout": {
            "meta": {"sizes": sizes, "edges": n_edges, "labels": 0, "neurons": 1, "deltas": 2},
            "shapes": edges,
            "xaxis": {**axis, "range": [-0.5 - pad, len(sizes) - 0.5 + pad]},
            "yaxis": {**axis, "range": [-tallest / 2 - 0.35, tallest / 2 + 0.45]},
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "hovermode": "closest",
            "dragmode": False,
            "annotations": annotations,
            "font": {"family": FONT},
        },
    }


def _side_label(x: float, y: float, text: str, anchor: str) -> dict[str, Any]:
    return {
        "x": x,
        "y": y,
        "text": text,
        "showarrow": False,
        "xanchor": anchor,
        "font": {"size": 15, "color": "#334155", "family": FONT},
    }


def placeholder_figure() -> dict[str, Any]:
    """An empty, axis-less figure that the clientside callbacks fill in."""
    axis = {"visible": False}
    return {
        "data": [],
        "layout": {
            "xaxis": axis,
            "yaxis": axis,
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
        },
    }
