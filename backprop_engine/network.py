"""The multilayer perceptron: forward pass, loss, backward pass and update, written
as the page writes them and keeping every intermediate number.

Batch layout: a batch is a matrix with one row per sample, so the page's column
form z(l) = W(l)·a(l−1) + b(l) becomes z = a @ W.T + b here, and
δ(l) = (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l)) becomes (δ @ W) * σ'(z), row by row.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np

from backprop_engine import serialize
from backprop_engine.activations import ACTIVATIONS
from backprop_engine.arrays import Array, column_sum
from backprop_engine.config import DEFAULT_LR, Config, check_lr
from backprop_engine.diagnostics import diagnose
from backprop_engine.init import initial_parameters
from backprop_engine.layernorm import layer_norm, layer_norm_backward
from backprop_engine.losses import LOSSES
from backprop_engine.params import ParamList
from backprop_engine.trace import BackwardTrace, Diagnostics, ForwardTrace, Step


class _LayerPass(NamedTuple):
    """Every number of one layer's forward pass (see ForwardTrace)."""

    z: Array
    z_hat: Array
    h: Array
    a: Array
    x_hat: Array | None
    inv_std: Array | None


class MLP:
    def __init__(
        self,
        sizes: list[int] | tuple[int, ...],
        activation: str = "tanh",
        output_activation: str = "sigmoid",
        loss: str = "bce",
        seed: int = 0,
        dtype: str = "float64",
        *,
        momentum: float = 0.0,
        residual: bool = False,
        normalization: str | None = None,
        l2: float = 0.0,
        _saved: serialize.Saved | None = None,
    ) -> None:
        cfg = Config(
            tuple(sizes) if isinstance(sizes, list) else sizes,
            activation,
            output_activation,
            loss,
            seed,
            dtype,
            momentum,
            residual,
            normalization,
            l2,
        )
        self.config = cfg
        self.dtype = np.dtype(cfg.dtype)
        self._act = ACTIVATIONS[cfg.activation]
        self._out_act = ACTIVATIONS[cfg.output_activation]
        self._loss = LOSSES[cfg.loss]
        self._skips = cfg.skips
        self._norm = cfg.normalization == "layer"

        shapes = cfg.param_shapes
        W: list[Array]
        b: list[Array]
        if _saved is None:  # a new network: drawn weights, zero biases
            W, b = initial_parameters(
                cfg.sizes, cfg.activation, cfg.output_activation, cfg.seed, self.dtype
            )
            # γ starts at 1 and β at 0, so a new normalized layer is plain standardization
            g: list[Array] = [np.ones(s) for s in shapes["gammas"]]
            be: list[Array] = [np.zeros(s) for s in shapes["betas"]]
        else:  # a saved one (from_dict): its own numbers, no drawing to throw away
            W, b, g, be = (_saved.params[k] for k in serialize.PARAM_GROUPS)
        self._weights = ParamList("weights", shapes["weights"], self.dtype, W)
        self._biases = ParamList("biases", shapes["biases"], self.dtype, b)
        self._gammas = ParamList("gammas", shapes["gammas"], self.dtype, g)
        self._betas = ParamList("betas", shapes["betas"], self.dtype, be)
        # velocities for momentum, one per parameter array, in the order of `parameters`
        self.velocity: list[Array] | None = (
            [np.zeros_like(p) for p in self.parameters] if cfg.momentum > 0 else None
        )
        if _saved is not None and _saved.velocity is not None:
            self.velocity = _saved.velocity

    # -- parameters ---------------------------------------------------------------

    @property
    def weights(self) -> ParamList:
        """weights[i]: W of layer i+1, (sizes[i+1], sizes[i]); row j feeds neuron j."""
        return self._weights

    @weights.setter
    def weights(self, values: list[Any]) -> None:
        self._weights = ParamList("weights", self._weights.shapes, self.dtype, values)

    @property
    def biases(self) -> ParamList:
        return self._biases

    @biases.setter
    def biases(self, values: list[Any]) -> None:
        self._biases = ParamList("biases", self._biases.shapes, self.dtype, values)

    @property
    def gammas(self) -> ParamList:
        """γ of each normalized hidden layer (empty without normalization)."""
        return self._gammas

    @gammas.setter
    def gammas(self, values: list[Any]) -> None:
        self._gammas = ParamList("gammas", self._gammas.shapes, self.dtype, values)

    @property
    def betas(self) -> ParamList:
        return self._betas

    @betas.setter
    def betas(self, values: list[Any]) -> None:
        self._betas = ParamList("betas", self._betas.shapes, self.dtype, values)

    @property
    def parameters(self) -> list[Array]:
        return [*self._weights, *self._biases, *self._gammas, *self._betas]

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.config.sizes

    @property
    def n_params(self) -> int:
        return self.config.n_params

    # -- input checks ---------------------------------------------------------------

    def _input(self, X: Any) -> Array:
        x = np.asarray(X, dtype=self.dtype)
        if x.ndim != 2 or x.shape[1] != self.config.sizes[0] or x.shape[0] == 0:
            raise ValueError(
                f"X must be a (batch, {self.config.sizes[0]}) array with at least one row; "
                f"got shape {x.shape}"
            )
        if not np.isfinite(x).all():
            raise ValueError("X must hold finite numbers only")
        return x

    def _target(self, Y: Any, fwd: ForwardTrace) -> Array:
        y = np.asarray(Y, dtype=self.dtype)
        if y.shape != fwd.a[-1].shape:
            raise ValueError(
                f"Y must have the output's shape {fwd.a[-1].shape} (batch, outputs); got {y.shape}"
            )
        if not np.isfinite(y).all():
            raise ValueError("Y must hold finite numbers only")
        return y

    # -- the algorithm ----------------------------------------------------------------

    def forward(self, X: Any) -> ForwardTrace:
        """Step 1: z(l) = W(l)·a(l−1) + b(l), a(l) = σ(z(l)), layer by layer."""
        x = self._input(X)  # (batch, n_0)
        passes = list(self._layers(x))
        return ForwardTrace(
            [x, *(p.a for p in passes)],
            [p.z for p in passes],
            [p.z_hat for p in passes],
            [p.h for p in passes],
            [p.x_hat for p in passes],
            [p.inv_std for p in passes],
        )

    def predict(self, X: Any) -> Array:
        """The output a(L) for each row of X, without keeping a trace."""
        a = self._input(X)
        for layer in self._layers(a):
            a = layer.a
        return a

    def activation_maps(self, grid: Any) -> list[Array]:
        """What each neuron computes over the input plane: a(l) at every grid point,
        one (n_grid, n_l) array per layer l = 1..L (the page draws one picture each)."""
        return [layer.a for layer in self._layers(self._input(grid))]

    def _layers(self, a: Array) -> Iterator[_LayerPass]:
        """The forward pass one layer at a time, from the input a(0) up to a(L)."""
        last = len(self._weights) - 1
        # i indexes net.weights, so this is layer l = i + 1 of the page
        for i, (W, b) in enumerate(zip(self._weights, self._biases, strict=True)):
            z: Array = a @ W.T + b  # z(l) = W(l)·a(l−1) + b(l), (batch, n_l)
            if i == last:
                a = self._out_act.f(z)  # a(L) = σ(z(L)); no layer norm or skip at the output
                yield _LayerPass(z, z, a, a, None, None)
            else:
                z_hat, x_hat, inv_std = self._normalized(i, z)
                h = self._act.f(z_hat)  # σ(ẑ(l)), (batch, n_l)
                a = a + h if self._skips[i] else h  # a skip connection adds a(l−1)
                yield _LayerPass(z, z_hat, h, a, x_hat, inv_std)

    def _normalized(self, i: int, z: Array) -> tuple[Array, Array | None, Array | None]:
        """ẑ(l): z(l) itself, or its layer norm γ ⊙ x̂ + β, with x̂ and 1/std kept
        for the backward pass."""
        if not self._norm:
            return z, None, None
        return layer_norm(z, self._gammas[i], self._betas[i])

    def loss(self, fwd: ForwardTrace, Y: Any) -> float:
        """Step 2: the loss of the forward pass against the targets Y, with the L2
        term (λ/2)·Σ w² when λ > 0."""
        return self.data_loss(fwd, Y) + self.penalty()

    def data_loss(self, fwd: ForwardTrace, Y: Any) -> float:
        """The loss of the forward pass against the targets alone, without the L2 term."""
        return self._loss.value(fwd.z[-1], fwd.a[-1], self._target(Y, fwd))

    def penalty(self) -> float:
        """The L2 term (λ/2)·Σ w² over every weight of every layer; biases are not in it."""
        lam = self.config.l2
        if lam == 0.0:
            return 0.0
        return 0.5 * lam * sum(float(np.vdot(W, W)) for W in self._weights)

    def backward(self, fwd: ForwardTrace, Y: Any) -> BackwardTrace:
        """Step 3: δ(L) from the loss, then δ(l) = (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l)) down to
        layer 1, and ∂L/∂W(l) = δ(l)·a(l−1)ᵀ, ∂L/∂b(l) = δ(l), batch-averaged."""
        return self._backward(fwd, self._target(Y, fwd))

    def _backward(self, fwd: ForwardTrace, y: Array) -> BackwardTrace:
        L = len(self._weights)
        inv_n = 1.0 / y.shape[0]  # gradients are means over the batch
        per_layer: list[Array] = [y] * L  # placeholders, each overwritten below
        hidden = per_layer[: len(self._gammas)]
        blank = per_layer.copy  # a list of placeholders of its own for each field
        bwd = BackwardTrace(blank(), blank(), blank(), blank(), blank(), hidden, hidden.copy())
        delta, sp = self._output_delta(fwd, y)  # δ(L), (batch, n_L)
        skip_grad: Array | None = None  # ∂L/∂a(l+1), where a skip connection hands it down
        for i in range(L - 1, -1, -1):  # layer l = i + 1, output first
            if i < L - 1:
                W = self._weights[i + 1]  # W(l+1), (n_{l+1}, n_l)
                sp = self._act.prime(fwd.z_hat[i], fwd.h[i])  # σ'(ẑ(l)), (batch, n_l)
                if not (self._skips[i] or self._skips[i + 1]):
                    delta = (delta @ W) * sp  # δ(l) = (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l)), (batch, n_l)
                else:
                    delta, skip_grad = self._through_residual(i, delta @ W, skip_grad, sp)
            delta_hat = delta  # ∂L/∂ẑ(l); δ(l) itself unless layer norm stands between
            if self._norm and i < L - 1:
                delta, bwd.grad_gamma[i], bwd.grad_beta[i] = self._through_layer_norm(
                    i, fwd, delta_hat, inv_n
                )
            gw = delta.T @ fwd.a[i]  # ∂L/∂W(l) = δ(l)·a(l−1)ᵀ summed over samples, (n_l, n_{l−1})
            gw *= inv_n
            if self.config.l2:
                gw += self.config.l2 * self._weights[i]  # the L2 term's λ·W(l)
            gb = column_sum(delta)  # ∂L/∂b(l) = δ(l) summed over samples, (n_l,)
            gb *= inv_n
            bwd.delta[i], bwd.delta_hat[i], bwd.sigma_prime[i] = delta, delta_hat, sp
            bwd.grad_w[i], bwd.grad_b[i] = gw, gb
        return bwd

    def _output_delta(self, fwd: ForwardTrace, y: Array) -> tuple[Array, Array]:
        """δ(L) and σ'(z(L)). Bce after a sigmoid and cross-entropy after a softmax
        give δ(L) directly, σ' folded in; otherwise δ(L) = ∇aL ⊙ σ'(z(L))."""
        a_L, z_L = fwd.a[-1], fwd.z[-1]
        sp = self._out_act.prime(z_L, a_L)
        if self._loss.output_delta is not None:
            return self._loss.output_delta(a_L, y), sp
        assert self._loss.grad_a is not None
        return self._loss.grad_a(a_L, y) * sp, sp

    def _through_residual(
        self, i: int, back: Array, skip_grad: Array | None, sp: Array
    ) -> tuple[Array, Array | None]:
        """δ(l) where a skip connection leaves or enters layer l, given back = (W(l+1))ᵀδ(l+1).

        a(l+1) = a(l) + σ(ẑ(l+1)) hands ∂L/∂a(l+1) down to a(l) unchanged, so it joins
        back; and ∂L/∂a(l) is kept when layer l's own skip hands it further down."""
        grad_a = back  # ∂L/∂a(l), (batch, n_l)
        if self._skips[i + 1]:
            assert skip_grad is not None
            grad_a += skip_grad
        return grad_a * sp, grad_a if self._skips[i] else None

    def _through_layer_norm(
        self, i: int, fwd: ForwardTrace, delta_hat: Array, inv_n: float
    ) -> tuple[Array, Array, Array]:
        """δ(l) = ∂L/∂z(l) from ∂L/∂ẑ(l) back through the layer norm, with ∂L/∂γ(l)
        and ∂L/∂β(l) averaged over the batch."""
        x_hat, inv_std = fwd.x_hat[i], fwd.inv_std[i]
        assert x_hat is not None and inv_std is not None
        delta, g_gamma, g_beta = layer_norm_backward(delta_hat, x_hat, inv_std, self._gammas[i])
        g_gamma *= inv_n
        g_beta *= inv_n
        return delta, g_gamma, g_beta

    def train_step(self, X: Any, Y: Any, lr: float = DEFAULT_LR) -> Step:
        """Forward, loss, backward, update. The returned step holds the values from
        before the update. If the loss, a gradient or an updated parameter would not
        be finite, the step is flagged as diverged and the parameters stay as they were."""
        lr = check_lr(lr)
        fwd = self.forward(X)
        y = self._target(Y, fwd)
        loss = self._loss.value(fwd.z[-1], fwd.a[-1], y) + self.penalty()
        bwd = self._backward(fwd, y)
        step = Step(fwd, loss, bwd, self.diagnose(fwd, bwd), lr)
        if not math.isfinite(loss):
            return step.refused(f"the loss is {loss}")
        diag = step.diagnostics
        rest = [*bwd.grad_b, *bwd.grad_gamma, *bwd.grad_beta]
        grads = [*bwd.grad_w, *rest]  # the order of `parameters`
        # ‖·‖² overflows before any entry does: finite norms of the parameters and the
        # update bound every updated entry, so no element-wise check is needed. The
        # weights' ‖·‖² are the diagnostics' own.
        grad_sq = diag.grad_sq + [float(np.vdot(g, g)) for g in rest]
        if not math.isfinite(sum(grad_sq)):
            return step.refused("a gradient is not finite")
        moves, move_sq = self._momentum(grads, grad_sq)
        diag.update_norm = [math.sqrt(lr * lr * q) for q in move_sq[: len(bwd.grad_w)]]
        others = (*self._biases, *self._gammas, *self._betas)
        param_sq = sum(diag.weight_sq + [float(np.vdot(p, p)) for p in others])
        if not math.isfinite(lr * lr * sum(move_sq) + param_sq):
            return step.refused("the update is not finite")
        self._gradient_step(moves, lr)
        return step

    def _momentum(
        self, grads: list[Array], grad_sq: list[float]
    ) -> tuple[list[Array], list[float]]:
        """What each parameter moves against, with its ‖·‖²: the gradient itself, or
        with momentum μ the velocity v ← μ·v + ∂L/∂θ (kept once the step is taken)."""
        if self.velocity is None:
            return grads, grad_sq
        mu = self.config.momentum
        moves: list[Array] = [mu * v + g for v, g in zip(self.velocity, grads, strict=True)]
        return moves, [float(np.vdot(m, m)) for m in moves]

    def _gradient_step(self, moves: list[Array], lr: float) -> None:
        """θ ← θ − η·move for every parameter, in the order of `parameters`."""
        if self.velocity is not None:
            self.velocity = moves
        params = self.parameters
        i = 0
        for group in self._groups():
            for j in range(len(group)):
                group.replace(j, params[i] - lr * moves[i])
                i += 1

    def diagnose(self, fwd: ForwardTrace, bwd: BackwardTrace) -> Diagnostics:
        """Gradient and weight norms, saturated and dead units of one forward and
        backward pass, without taking a step (update norms stay 0)."""
        # σ' of the output layer only matters to the gradient under mse; with bce and
        # cross-entropy it cancels out of δ(L), so the output is never "stuck" there.
        output_counts = self._loss.grad_a is not None
        return diagnose(fwd, bwd, self._weights, self._act, self._out_act, output_counts)

    # -- state as data ----------------------------------------------------------------

    def _groups(self) -> tuple[ParamList, ParamList, ParamList, ParamList]:
        """The parameter groups in the order of `parameters` (and of serialize.PARAM_GROUPS)."""
        return self._weights, self._biases, self._gammas, self._betas

    def to_dict(self) -> dict[str, Any]:
        """Everything needed to rebuild this network exactly, as JSON-ready data."""
        return serialize.to_dict(self.config, {g.name: g for g in self._groups()}, self.velocity)

    @classmethod
    def from_dict(cls, d: Any, max_params: int = serialize.DEFAULT_MAX_PARAMS) -> MLP:
        """Rebuild a network from `to_dict` data, checking every part of it first."""
        saved = serialize.from_dict(d, max_params)
        # MLP's arguments are Config's fields, by the same names
        fields = {f.name: getattr(saved.config, f.name) for f in dataclasses.fields(saved.config)}
        return cls(**fields, _saved=saved)

    def copy(self) -> MLP:
        return type(self).from_dict(self.to_dict(), max_params=self.n_params)

    def __repr__(self) -> str:
        c = self.config
        extras = {"residual": c.residual, "normalization": c.normalization, "l2": c.l2}
        return (
            f"MLP({list(c.sizes)}, activation={c.activation!r}, "
            f"output_activation={c.output_activation!r}, loss={c.loss!r}, seed={c.seed}, "
            f"dtype={c.dtype!r}" + "".join(f", {k}={v!r}" for k, v in extras.items() if v) + ")"
        )
