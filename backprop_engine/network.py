"""The multilayer perceptron: forward pass, loss, backward pass and update, written
as the page writes them and keeping every intermediate number.

Batch layout: a batch is a matrix with one row per sample, so the page's column
form z(l) = W(l)·a(l−1) + b(l) becomes z = a @ W.T + b here, and
δ(l) = (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l)) becomes (δ @ W) * σ'(z), row by row.
"""

from __future__ import annotations

import math
from typing import Any

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
        )
        self.config = cfg
        self.dtype = np.dtype(cfg.dtype)
        self._act = ACTIVATIONS[cfg.activation]
        self._out_act = ACTIVATIONS[cfg.output_activation]
        self._loss = LOSSES[cfg.loss]
        self._skips = cfg.skips
        self._norm = cfg.normalization == "layer"

        shapes = cfg.param_shapes
        W, b = initial_parameters(
            cfg.sizes, cfg.activation, cfg.output_activation, cfg.seed, self.dtype
        )
        self._weights = ParamList("weights", shapes["weights"], self.dtype, W)
        self._biases = ParamList("biases", shapes["biases"], self.dtype, b)
        # γ starts at 1 and β at 0, so a new normalized layer is plain standardization
        gammas, betas = shapes["gammas"], shapes["betas"]
        self._gammas = ParamList("gammas", gammas, self.dtype, [np.ones(g) for g in gammas])
        self._betas = ParamList("betas", betas, self.dtype, [np.zeros(g) for g in betas])
        # velocities for momentum, one per parameter array, in the order of `parameters`
        self.velocity: list[Array] | None = (
            [np.zeros_like(p) for p in self.parameters] if cfg.momentum > 0 else None
        )

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
        activations: list[Array] = [x]
        zs: list[Array] = []
        z_hats: list[Array] = []
        hs: list[Array] = []
        x_hats: list[Array | None] = []
        inv_stds: list[Array | None] = []
        a: Array = x
        last = len(self._weights) - 1
        # i indexes net.weights, so this is layer l = i + 1 of the page
        for i, (W, b) in enumerate(zip(self._weights, self._biases, strict=True)):
            z: Array = a @ W.T + b  # (batch, n_l)
            x_hat = inv_std = None
            if i == last:
                z_hat = z
                a = h = self._out_act.f(z)
            else:
                if self._norm:
                    z_hat, x_hat, inv_std = layer_norm(z, self._gammas[i], self._betas[i])
                else:
                    z_hat = z
                h = self._act.f(z_hat)
                a = a + h if self._skips[i] else h
            zs.append(z)
            z_hats.append(z_hat)
            hs.append(h)
            activations.append(a)
            x_hats.append(x_hat)
            inv_stds.append(inv_std)
        return ForwardTrace(activations, zs, z_hats, hs, x_hats, inv_stds)

    def predict(self, X: Any) -> Array:
        """The output a(L) for each row of X, without keeping a trace."""
        a: Array = self._input(X)
        last = len(self._weights) - 1
        for i, (W, b) in enumerate(zip(self._weights, self._biases, strict=True)):
            z: Array = a @ W.T + b
            if i == last:
                return self._out_act.f(z)
            if self._norm:
                z = layer_norm(z, self._gammas[i], self._betas[i])[0]
            h = self._act.f(z)
            a = a + h if self._skips[i] else h
        raise AssertionError("unreachable: a network has at least one layer")

    def loss(self, fwd: ForwardTrace, Y: Any) -> float:
        """Step 2: the loss of the forward pass against the targets Y."""
        return self._loss.value(fwd.z[-1], fwd.a[-1], self._target(Y, fwd))

    def backward(self, fwd: ForwardTrace, Y: Any) -> BackwardTrace:
        """Step 3: δ(L) from the loss, then δ(l) = (W(l+1))ᵀδ(l+1) ⊙ σ'(z(l)) down to
        layer 1, and ∂L/∂W(l) = δ(l)·a(l−1)ᵀ, ∂L/∂b(l) = δ(l), batch-averaged."""
        return self._backward(fwd, self._target(Y, fwd))

    def _backward(self, fwd: ForwardTrace, y: Array) -> BackwardTrace:
        L = len(self._weights)
        inv_n = 1.0 / y.shape[0]
        deltas: list[Array] = [y] * L  # placeholders, each overwritten below
        delta_hats = deltas.copy()
        sigma_primes = deltas.copy()
        grad_w = deltas.copy()
        grad_b = deltas.copy()
        n_hidden = len(self._gammas)
        grad_gamma = deltas[:n_hidden]
        grad_beta = deltas[:n_hidden]

        a_L, z_L = fwd.a[-1], fwd.z[-1]
        sp = self._out_act.prime(z_L, a_L)
        if self._loss.output_delta is not None:
            delta = self._loss.output_delta(a_L, y)  # (batch, n_L)
        else:
            assert self._loss.grad_a is not None
            delta = self._loss.grad_a(a_L, y) * sp  # δ(L) = ∇aL ⊙ σ'(z(L))
        delta_hat = delta
        grad_a = delta  # ∂L/∂a(l), rebound below before it is read
        for i in range(L - 1, -1, -1):  # layer l = i + 1, output first
            if i < L - 1:
                sp = self._act.prime(fwd.z_hat[i], fwd.h[i])
                delta = delta_hat = grad_a * sp  # (batch, n_l)
                if self._norm:
                    x_hat, inv_std = fwd.x_hat[i], fwd.inv_std[i]
                    assert x_hat is not None and inv_std is not None
                    delta, g_gamma, g_beta = layer_norm_backward(
                        delta_hat, x_hat, inv_std, self._gammas[i]
                    )
                    g_gamma *= inv_n
                    g_beta *= inv_n
                    grad_gamma[i], grad_beta[i] = g_gamma, g_beta
            W = self._weights[i]
            gw = delta.T @ fwd.a[i]  # (n_l, n_{l−1}) = Σ_samples δ(l)·a(l−1)ᵀ
            gw *= inv_n
            gb = column_sum(delta)  # (n_l,)
            gb *= inv_n
            deltas[i], delta_hats[i], sigma_primes[i] = delta, delta_hat, sp
            grad_w[i], grad_b[i] = gw, gb
            if i > 0:
                # (W(l))ᵀδ(l), one row per sample: ∂L/∂a(l−1)
                passed_back = delta @ W  # (batch, n_{l−1})
                if self._skips[i]:
                    # a(l) = a(l−1) + σ(ẑ(l)): ∂L/∂a(l) also reaches a(l−1) unchanged
                    passed_back += grad_a
                grad_a = passed_back
        return BackwardTrace(
            deltas, delta_hats, sigma_primes, grad_w, grad_b, grad_gamma, grad_beta
        )

    def train_step(self, X: Any, Y: Any, lr: float = DEFAULT_LR) -> Step:
        """Forward, loss, backward, update. The returned step holds the values from
        before the update. If the loss, a gradient or an updated parameter would not
        be finite, the step is flagged as diverged and the parameters stay as they were."""
        lr = check_lr(lr)
        fwd = self.forward(X)
        y = self._target(Y, fwd)
        loss = self._loss.value(fwd.z[-1], fwd.a[-1], y)
        bwd = self._backward(fwd, y)
        diag = self.diagnose(fwd, bwd)
        grads = [*bwd.grad_w, *bwd.grad_b, *bwd.grad_gamma, *bwd.grad_beta]
        params = self.parameters

        if not math.isfinite(loss):
            return self._diverged(fwd, loss, bwd, diag, lr, f"the loss is {loss}")
        # ‖·‖² overflows before any entry does: finite norms of the parameters and the
        # update bound every updated entry, so no element-wise check is needed.
        sq = [float(np.vdot(g, g)) for g in grads]
        if not math.isfinite(sum(sq)):
            return self._diverged(fwd, loss, bwd, diag, lr, "a gradient is not finite")

        mu = self.config.momentum
        if self.velocity is None:
            steps = grads
            step_sq = sq
        else:
            steps = [mu * v + g for v, g in zip(self.velocity, grads, strict=True)]
            step_sq = [float(np.vdot(s, s)) for s in steps]
        lr2 = lr * lr
        n_w = len(self._weights)
        diag.update_norm = [math.sqrt(lr2 * q) for q in step_sq[:n_w]]
        param_sq = sum(float(np.vdot(p, p)) for p in params)
        if not math.isfinite(lr2 * sum(step_sq) + param_sq):
            return self._diverged(fwd, loss, bwd, diag, lr, "the update is not finite")

        if self.velocity is not None:
            self.velocity = steps
        groups = (self._weights, self._biases, self._gammas, self._betas)
        i = 0
        for group in groups:
            for j in range(len(group)):
                group.replace(j, params[i] - lr * steps[i])
                i += 1
        return Step(fwd, loss, bwd, diag, lr)

    def _diverged(
        self,
        fwd: ForwardTrace,
        loss: float,
        bwd: BackwardTrace,
        diag: Diagnostics,
        lr: float,
        why: str,
    ) -> Step:
        diag.diverged = True
        diag.reason = (
            f"Training diverged: {why}. The parameters were left as they were; "
            "a smaller learning rate should help."
        )
        return Step(fwd, loss, bwd, diag, lr)

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
        c = saved.config
        net = cls(
            c.sizes,
            c.activation,
            c.output_activation,
            c.loss,
            c.seed,
            c.dtype,
            momentum=c.momentum,
            residual=c.residual,
            normalization=c.normalization,
        )
        net.weights, net.biases, net.gammas, net.betas = (
            saved.params[k] for k in serialize.PARAM_GROUPS
        )
        net.velocity = saved.velocity
        return net

    def copy(self) -> MLP:
        return type(self).from_dict(self.to_dict(), max_params=self.n_params)

    def __repr__(self) -> str:
        c = self.config
        extras = (", residual=True" if c.residual else "") + (
            f", normalization={c.normalization!r}" if c.normalization else ""
        )
        return (
            f"MLP({list(c.sizes)}, activation={c.activation!r}, "
            f"output_activation={c.output_activation!r}, loss={c.loss!r}, seed={c.seed}, "
            f"dtype={c.dtype!r}{extras})"
        )
