"""What the page watches while training: gradient and weight norms per layer, and
the units that pass on almost none of their error (saturated) or none at all (dead)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from backprop_engine.activations import Activation
from backprop_engine.arrays import Array, column_sum
from backprop_engine.trace import BackwardTrace, Diagnostics, ForwardTrace, UnitMarks

SATURATED_BELOW = 1e-3  # σ' under which a unit passes on almost none of its error


def diagnose(
    fwd: ForwardTrace,
    bwd: BackwardTrace,
    weights: Sequence[Array],
    hidden: Activation,
    output: Activation,
    output_counts: bool,
) -> Diagnostics:
    """The diagnostics of one forward and backward pass, before any update (update
    norms stay 0). `output_counts`: whether the output layer's σ' reaches the gradient.
    Saturated and dead units are counted when first asked for."""
    L = len(weights)
    grad_sq = [float(np.vdot(g, g)) for g in bwd.grad_w]
    grad_norm = [math.sqrt(q) for q in grad_sq]
    grad_rms = [n / math.sqrt(g.size) for n, g in zip(grad_norm, bwd.grad_w, strict=True)]
    weight_sq = [float(np.vdot(W, W)) for W in weights]
    weight_norm = [math.sqrt(q) for q in weight_sq]
    sizes = [W.shape[0] for W in weights]  # n_l, one row of W(l) per neuron

    def count_units() -> UnitMarks:
        return _unit_marks(fwd, bwd, sizes, hidden, output, output_counts)

    return Diagnostics(
        grad_norm, grad_rms, weight_norm, [0.0] * L, count_units,
        grad_sq=grad_sq, weight_sq=weight_sq,
    )  # fmt: skip


def _unit_marks(
    fwd: ForwardTrace,
    bwd: BackwardTrace,
    sizes: list[int],
    hidden: Activation,
    output: Activation,
    output_counts: bool,
) -> UnitMarks:
    """Per layer, which units are saturated (σ' averages below SATURATED_BELOW on the
    batch) and which are dead (a ReLU-family unit with z ≤ 0 on every sample)."""
    L = len(sizes)
    saturated_units: list[list[bool]] = []
    dead_units: list[list[bool]] = []
    threshold = SATURATED_BELOW * fwd.a[0].shape[0]
    for i, n in enumerate(sizes):
        act = hidden if i < L - 1 else output
        sat: list[bool] = [False] * n
        dd: list[bool] = [False] * n
        if i < L - 1 or output_counts:
            if act.saturates:
                sat = (column_sum(bwd.sigma_prime[i]) < threshold).tolist()
            if act.can_die:
                active = (fwd.z_hat[i] > 0.0).any(axis=0)  # (n_l,)
                dd = np.logical_not(active).tolist()
        saturated_units.append(sat)
        dead_units.append(dd)
    return saturated_units, dead_units
