"""The lesson "A worked example, number by number": the classic published 2-2-2
sigmoid example, loaded as data of one's own with its weights, and walked step by
step with the engine's numbers printed to as many decimals as the source prints.

Source: Matt Mazur, "A Step by Step Backpropagation Example" (2015). Inputs 0.05,
0.10; targets 0.01, 0.99; w1..w8 = .15 .20 .25 .30 .40 .45 .50 .55 (our W(l) has
one row per receiving neuron: W(1) = [[w1, w2], [w3, w4]], W(2) = [[w5, w6],
[w7, w8]]); one bias per layer, b1 = .35, b2 = .60, loaded into both neurons; η =
0.5. His error E = Σ ½(target − out)² is our squared-error loss for one example.
He leaves the biases as they are; the lab updates them too, which changes no weight
of this first step.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from app import state
from app.rules import OWN
from backprop_engine import MLP

KEY = "worked-mazur"
DATA = {"inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]]}
W1, B1 = [[0.15, 0.20], [0.25, 0.30]], [0.35, 0.35]
W2, B2 = [[0.40, 0.45], [0.50, 0.55]], [0.60, 0.60]
LR = 0.5
CONFIG: dict[str, Any] = {
    **state.DEFAULT_CONFIG,
    "dataset": OWN,
    "sizes": [2, 2, 2],
    "activation": "sigmoid",
    "output_activation": "sigmoid",
    "loss": "mse",
    "batch_size": 1,
    "train_shown": True,
    "data": DATA,
}
LR_LOG = math.log10(LR)


def net() -> MLP:
    n = state.fresh_net(state.read_config(CONFIG), run=0).net
    n.weights = [np.array(W1), np.array(W2)]
    n.biases = [np.array(B1), np.array(B2)]
    return n


def _d(v: float, decimals: int = 9) -> str:
    """A number to the decimals the source prints (it prints 8 or 9)."""
    return f"{float(v):.{decimals}f}".replace("-", "−")


@lru_cache(maxsize=1)
def numbers() -> dict[str, float]:
    """Every number the walk quotes, from the engine: one forward and backward pass
    and one update on the example."""
    n = net()
    x, y = np.array(DATA["inputs"]), np.array(DATA["targets"])
    step = n.train_step(x, y, LR)  # n is updated in place
    fwd, bwd = step.forward, step.backward
    out = {
        "net_h1": fwd.z[0][0, 0],
        "out_h1": fwd.a[1][0, 0],
        "out_h2": fwd.a[1][0, 1],
        "net_o1": fwd.z[1][0, 0],
        "out_o1": fwd.a[2][0, 0],
        "out_o2": fwd.a[2][0, 1],
        "E_total": step.loss,
        "dE_dw5": bwd.grad_w[1][0, 0],
        "dE_dw1": bwd.grad_w[0][0, 0],
    }
    names = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")
    after = [*n.weights[0].ravel(), *n.weights[1].ravel()]
    out.update({f"{k}+": float(v) for k, v in zip(names, after, strict=True)})
    return {k: float(v) for k, v in out.items()}


def steps() -> tuple[str, ...]:
    v = numbers()
    return (
        "The published 2-2-2 example: inputs x = (0.05, 0.10), targets (0.01, 0.99), "
        "sigmoid neurons, W(1) = [[0.15, 0.20], [0.25, 0.30]] with bias 0.35, "
        "W(2) = [[0.40, 0.45], [0.50, 0.55]] with bias 0.60, η = 0.5. It is the only "
        "example, and Train on the shown example is on.",
        f"Press Forward (key F). z(1)₁ = 0.15·0.05 + 0.20·0.10 + 0.35 = {_d(v['net_h1'], 4)}, "
        f"so a(1) = ({_d(v['out_h1'])}, {_d(v['out_h2'])}). Then z(2)₁ = "
        f"{_d(v['net_o1'])} and the outputs are a(2) = ({_d(v['out_o1'], 8)}, "
        f"{_d(v['out_o2'])}).",
        f"The error is E = ½(0.01 − a₁)² + ½(0.99 − a₂)² = {_d(v['E_total'])}: the lab's "
        "squared-error loss for one example is the same sum.",
        f"Press Backward (key B). For w5 (W(2) row 1, column 1): ∂E/∂w5 = δ(2)₁ · a(1)₁ = "
        f"{_d(v['dE_dw5'])}. For w1 (W(1) row 1, column 1): ∂E/∂w1 = {_d(v['dE_dw1'])}.",
        f"Press Update (key U): each weight moves by −η times its gradient. w5 becomes "
        f"{_d(v['w5+'], 8)}, w6 {_d(v['w6+'])}, w7 {_d(v['w7+'])}, w8 {_d(v['w8+'])}; "
        f"w1 {_d(v['w1+'])}, w2 {_d(v['w2+'], 8)}, w3 {_d(v['w3+'], 8)}, "
        f"w4 {_d(v['w4+'], 8)}.",
        "Hover over a neuron or a connection, or save the step's numbers (CSV), to read "
        "them at full precision: they are the numbers above.",
    )
