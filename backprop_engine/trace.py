"""Every number of one pass, kept per layer so a page can show it.

Lists are indexed by layer: entry i belongs to layer i+1 (the layer whose weights
are `net.weights[i]`), except `ForwardTrace.a`, where a[0] is the input X and
a[i+1] is layer i+1's output. Arrays are (batch, units).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from backprop_engine.arrays import Array


@dataclass
class ForwardTrace:
    a: list[Array]  # a[0] = X; a[l] = σ(ẑ(l)), plus a[l−1] where a skip connection adds it
    z: list[Array]  # z(l) = W(l)·a(l−1) + b(l)
    z_hat: list[Array]  # ẑ(l), the normalized z(l); the same array as z(l) without normalization
    h: list[Array]  # σ(ẑ(l)) before any skip connection; the same array as a(l) without one
    x_hat: list[Array | None] = field(default_factory=list)  # layer norm: (z − mean) / std
    inv_std: list[Array | None] = field(default_factory=list)  # layer norm: 1 / std, (batch, 1)

    @property
    def output(self) -> Array:
        return self.a[-1]

    @property
    def finite(self) -> bool:
        """False when some number of the pass overflowed to inf or became NaN."""
        return all(bool(np.isfinite(v).all()) for v in (*self.z, *self.a))


@dataclass
class BackwardTrace:
    delta: list[Array]  # δ(l) = ∂L/∂z(l) per sample
    delta_hat: list[Array]  # ∂L/∂ẑ(l) per sample; the same array as δ(l) without normalization
    sigma_prime: list[Array]  # σ'(ẑ(l)) on the batch
    grad_w: list[Array]  # ∂L/∂W(l) = δ(l)·a(l−1)ᵀ averaged over the batch, (n_l, n_{l−1})
    grad_b: list[Array]  # ∂L/∂b(l), (n_l,)
    grad_gamma: list[Array]  # ∂L/∂γ(l) per normalized hidden layer; empty without normalization
    grad_beta: list[Array]  # ∂L/∂β(l), likewise


# Per layer, which units are saturated and which are dead: (saturated_units, dead_units).
UnitMarks = tuple[list[list[bool]], list[list[bool]]]


@dataclass
class Diagnostics:
    """What the page watches while training; one entry per layer unless noted."""

    grad_norm: list[float]  # ‖∂L/∂W(l)‖, Frobenius
    # ‖∂L/∂W(l)‖ / √(its count): a per-weight size, so layers of different shapes
    # (W(1) 8×2, W(L) 1×8) compare fairly
    grad_rms: list[float]
    weight_norm: list[float]  # ‖W(l)‖ before the update
    update_norm: list[float]  # ‖ΔW(l)‖ the step applied (or would have applied)
    # Counts the saturated and dead units when first asked: a run of many steps
    # shows the marks of its last step only.
    count_units: Callable[[], UnitMarks] = field(repr=False, compare=False)
    diverged: bool = False
    reason: str = ""
    # ‖∂L/∂W(l)‖² and ‖W(l)‖², as the norms above were taken from them
    grad_sq: list[float] = field(default_factory=list, repr=False, compare=False)
    weight_sq: list[float] = field(default_factory=list, repr=False, compare=False)

    @cached_property
    def _units(self) -> UnitMarks:
        return self.count_units()

    @property
    def saturated_units(self) -> list[list[bool]]:
        """Per layer, per unit: σ' averages below 1e-3 on the batch."""
        return self._units[0]

    @property
    def dead_units(self) -> list[list[bool]]:
        """Per layer, per unit: a ReLU-family unit with z ≤ 0 on every sample of the batch."""
        return self._units[1]

    @property
    def saturated(self) -> list[float]:
        """Per layer, the share of units that are saturated."""
        return [sum(units) / len(units) for units in self.saturated_units]

    @property
    def dead(self) -> list[float]:
        """Per layer, the share of units that are dead."""
        return [sum(units) / len(units) for units in self.dead_units]


@dataclass
class Step:
    """One training step. forward, loss and backward hold the values before the update."""

    forward: ForwardTrace
    loss: float
    backward: BackwardTrace
    diagnostics: Diagnostics
    lr: float

    @property
    def diverged(self) -> bool:
        return self.diagnostics.diverged

    def refused(self, why: str) -> Step:
        """The divergence guard's verdict on a step it did not take: flagged, and why."""
        self.diagnostics.diverged = True
        self.diagnostics.reason = (
            f"Training diverged: {why}. The parameters were left as they were; "
            "a smaller learning rate should help."
        )
        return self

    @property
    def updated(self) -> bool:
        """Whether the parameters changed; a diverged step leaves them as they were."""
        return not self.diagnostics.diverged
