"""What defines a network besides its numbers, checked once when it is built."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from backprop_engine.activations import HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS
from backprop_engine.arrays import DTYPES
from backprop_engine.losses import LOSSES

NORMALIZATIONS = (None, "layer")
# Full-batch SGD at this rate takes the default 2-4-4-1 network past 95% training
# accuracy on xor and circle within a few hundred steps.
DEFAULT_LR = 0.5


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _choice(what: str, value: Any, allowed: tuple[Any, ...]) -> None:
    if not isinstance(value, str) or value not in allowed:
        names = ", ".join(str(a) for a in allowed)
        raise ValueError(f"{what} must be one of {names}; got {value!r}")


@dataclass(frozen=True)
class Config:
    sizes: tuple[int, ...]
    activation: str = "tanh"
    output_activation: str = "sigmoid"
    loss: str = "bce"
    seed: int = 0
    dtype: str = "float64"
    momentum: float = 0.0
    residual: bool = False
    normalization: str | None = None
    # λ of L2 regularisation: L = data loss + (λ/2)·Σ w² over every weight (not the
    # biases), so ∂L/∂W(l) gains λ·W(l) and each step shrinks the weights a little.
    l2: float = 0.0

    def __post_init__(self) -> None:
        sizes = self.sizes
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise ValueError(
                "sizes must list the layer widths, input first and output last, e.g. [2, 4, 1]"
            )
        if not all(_is_int(n) and n >= 1 for n in sizes):
            raise ValueError(
                f"every layer width must be a whole number of at least 1; got {sizes!r}"
            )
        object.__setattr__(self, "sizes", tuple(sizes))

        _choice("activation", self.activation, HIDDEN_ACTIVATIONS)
        _choice("output_activation", self.output_activation, OUTPUT_ACTIVATIONS)
        _choice("loss", self.loss, tuple(LOSSES))
        loss = LOSSES[self.loss]
        if self.output_activation not in loss.output_activations:
            raise ValueError(
                f"loss {self.loss!r} does not work with a {self.output_activation} output: "
                f"{loss.advice}"
            )
        if self.output_activation == "softmax" and sizes[-1] < 2:
            raise ValueError("a softmax output needs at least two units, one per class")

        if not _is_int(self.seed) or not 0 <= self.seed < 2**63:
            raise ValueError(f"seed must be a whole number from 0 to 2**63 - 1; got {self.seed!r}")
        _choice("dtype", self.dtype, DTYPES)
        momentum = self.momentum
        if (
            isinstance(momentum, bool)
            or not isinstance(momentum, (int, float))
            or not (0.0 <= momentum < 1.0)
        ):
            raise ValueError(
                f"momentum must be a number from 0 up to (not including) 1; got {momentum!r}"
            )
        object.__setattr__(self, "momentum", float(momentum))
        if not isinstance(self.residual, bool):
            raise ValueError(f"residual must be true or false; got {self.residual!r}")
        normalization = None if self.normalization in (None, "none") else self.normalization
        if normalization is not None:
            _choice("normalization", normalization, ("layer", "none"))
        object.__setattr__(self, "normalization", normalization)
        l2 = self.l2
        if isinstance(l2, bool) or not isinstance(l2, (int, float)) or not (0.0 <= l2 <= 1.0):
            raise ValueError(f"the L2 strength λ must be a number from 0 to 1; got {l2!r}")
        object.__setattr__(self, "l2", float(l2))

    @property
    def n_layers(self) -> int:
        """Layers with weights: every layer but the input."""
        return len(self.sizes) - 1

    @property
    def skips(self) -> tuple[bool, ...]:
        """Per layer: whether a(l) = a(l−1) + σ(ẑ(l)). Only hidden layers as wide as
        the layer before them get a skip connection; the output layer never does."""
        s = self.sizes
        return tuple(
            self.residual and i < self.n_layers - 1 and s[i + 1] == s[i]
            for i in range(self.n_layers)
        )

    @property
    def param_shapes(self) -> dict[str, list[tuple[int, ...]]]:
        """The shape of every parameter array, by group, in the order of `MLP.parameters`.
        W(l) has one row per neuron of layer l; γ and β only exist with layer norm."""
        s = self.sizes
        biases: list[tuple[int, ...]] = [(n,) for n in s[1:]]
        hidden = biases[:-1] if self.normalization == "layer" else []
        return {
            "weights": [(b, a) for a, b in itertools.pairwise(s)],
            "biases": biases,
            "gammas": hidden,
            "betas": list(hidden),
        }

    @property
    def n_params(self) -> int:
        s = self.sizes
        n = sum((a + 1) * b for a, b in itertools.pairwise(s))
        if self.normalization == "layer":
            n += 2 * sum(s[1:-1])
        return n


def check_lr(lr: Any) -> float:
    if (
        isinstance(lr, bool)
        or not isinstance(lr, (int, float))
        or not (math.isfinite(lr) and lr > 0)
    ):
        raise ValueError(f"the learning rate must be a positive finite number; got {lr!r}")
    return float(lr)
