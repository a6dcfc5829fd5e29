"""Layer normalization of a hidden layer's pre-activation, per sample:
ẑ = γ ⊙ (z − mean(z)) / sqrt(var(z) + ε) + β, means over the layer's units."""

from __future__ import annotations

import numpy as np

from backprop_engine.arrays import Array, column_sum

EPS = 1e-5


def layer_norm(z: Array, gamma: Array, beta: Array) -> tuple[Array, Array, Array]:
    """Return ẑ, the standardized x̂ = (z − mean) / std and 1/std, all per sample."""
    centered = z - z.mean(axis=1, keepdims=True)  # (batch, n)
    inv_std = 1.0 / np.sqrt((centered * centered).mean(axis=1, keepdims=True) + EPS)  # (batch, 1)
    x_hat = centered * inv_std  # (batch, n)
    return x_hat * gamma + beta, x_hat, inv_std


def layer_norm_backward(
    delta_hat: Array, x_hat: Array, inv_std: Array, gamma: Array
) -> tuple[Array, Array, Array]:
    """From ∂L/∂ẑ (per sample) to ∂L/∂z, and the per-sample sums for ∂L/∂γ, ∂L/∂β.

    z enters every unit's x̂ through the mean and the variance, so ∂L/∂z is not just
    γ/std ⊙ ∂L/∂ẑ: the two extra terms remove the parts of the error that a shift
    or a rescaling of the whole layer would undo.
    """
    g = delta_hat * gamma  # ∂L/∂x̂, (batch, n)
    delta = inv_std * (
        g - g.mean(axis=1, keepdims=True) - x_hat * (g * x_hat).mean(axis=1, keepdims=True)
    )
    grad_gamma = column_sum(delta_hat * x_hat)  # (n,)
    grad_beta = column_sum(delta_hat)  # (n,)
    return delta, grad_gamma, grad_beta
