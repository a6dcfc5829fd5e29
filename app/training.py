"""Training steps: the one place in app/ that asks the engine for `train_step`.

A request asks for k steps (Train step: k = 1; Play: k by the speed control). The
answer (reply-store) carries the network after the steps, its view at rest, one
loss point per step, the per-layer gradient size (root-mean-square of ∂L/∂W(l)) of
every step, and, when k = 1, the full trace of that step: the shown example's z, a,
δ, σ' and ∂L/∂W before the update, the mini-batch and its mean gradients; when
k > 1, `frames`: about rules.PLAY_FRAMES states along the way (the last is the end),
each the weights and the shown example's a and z, for the page to play in turn.

A step "diverges" when the engine refuses it (a number stopped being finite) or
when it overshoots: some layer's update was larger than the weights it changed
(‖ΔW(l)‖ > ‖W(l)‖) and the loss on the training points rose by half or more.
Play then stops at that step and says so with those numbers; a single Train step
is taken unless the engine refused it.

Work is bounded before it starts (limits.MAX_WORK): a request that would cost more
runs fewer steps than it asked for, and the page asks again for the rest.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import numpy as np

from app import data, limits, metrics, rules
from app.state import NetState, Setup, n_params
from app.training_request import Edit
from app.views import at_rest, rows, sig
from backprop_engine import MLP

OVERSHOOT_RATIO = 1.0  # ‖ΔW‖ / ‖W‖ above which an update is larger than the weights
OVERSHOOT_RISE = 1.5  # and the loss grew at least this much over the step


def batch_indices(
    config: dict[str, Any], n_train: int, step: int, example: int | None = None
) -> list[int]:
    """The mini-batch of training step `step`: the same for everyone with this seed;
    with "Train on the shown example" on, that example alone (`example`)."""
    return batch_rows(config, n_train, step, example).tolist()


def batch_rows(
    config: dict[str, Any], n_train: int, step: int, example: int | None = None
) -> np.ndarray:
    """batch_indices as an array of row numbers, to pick the batch's rows with."""
    if config.get("train_shown") and example is not None:
        return np.array([example])
    return _drawn_batch(config["seed"], step, n_train, min(config["batch_size"], n_train))


@lru_cache(maxsize=4096)
def _drawn_batch(seed: int, step: int, n_train: int, size: int) -> np.ndarray:
    """The batch drawn for (seed, step): a generator of its own costs tens of µs to
    seed, more than the step it feeds, and a class mostly shares seeds and steps, so
    draws are kept (a few hundred bytes each, no one's state), read-only."""
    rng = np.random.default_rng([seed, step])
    rows = np.sort(rng.choice(n_train, size=size, replace=False))
    rows.setflags(write=False)
    return rows


def affordable_steps(config: dict[str, Any], asked: int) -> int:
    """How many of `asked` steps fit the work budget (limits.MAX_WORK, where the
    estimate is explained); at least one, which the limits keep well under it."""
    params, n = n_params(config), config["n_samples"]
    per_layer = limits.WORK_PER_NORM_LAYER if config["normalization"] else limits.WORK_PER_LAYER
    layers = (len(config["sizes"]) - 1) * per_layer
    per_step = params * (config["batch_size"] + n) + layers + limits.WORK_PER_STEP
    once = 2 * params * (data.GRID**2 + data.PICTURE_GRID**2 + 2 * n) + 5 * layers
    return max(1, min(asked, (limits.MAX_WORK - once) // per_step))


def _ratios(diag: Any) -> list[float]:
    return [
        u / w if w > 0 else (math.inf if u > 0 else 0.0)
        for u, w in zip(diag.update_norm, diag.weight_norm, strict=True)
    ]


# A network's parameters by group (MLP attribute name -> arrays), copied: a step's
# best state is kept this way and written as JSON once, if it is sent at all.
Params = dict[str, list[np.ndarray]]
PARAM_GROUPS = ("weights", "biases", "gammas", "betas")


def _parameters(net: MLP) -> Params:
    return {group: [p.copy() for p in getattr(net, group)] for group in PARAM_GROUPS}


def _net_json(net: MLP, params: Params) -> dict[str, Any]:
    """`net` as JSON (MLP.to_dict) with `params` in place of its own parameters."""
    saved = {group: [p.tolist() for p in arrays] for group, arrays in params.items()}
    return {**net.to_dict(), **saved}


def _trace(net: MLP, ds: data.Dataset, example: int, batch: list[int]) -> dict[str, Any]:
    """The shown example's own forward and backward pass, before the update, so each
    δ and ∂L/∂w on screen belongs to that one input."""
    x, y = ds.X[example : example + 1], ds.Y[example : example + 1]
    fwd = net.forward(x)
    bwd = net.backward(fwd, y)
    return {
        "batch": batch,
        "shown": {
            "index": example,
            "x": sig(x[0]),
            "y": sig(y[0]),
            "z": rows(fwd.z),
            "a": rows(fwd.a),
            "delta": rows(bwd.delta),
            "sigma_prime": rows(bwd.sigma_prime),
            "grad_w": [sig(g) for g in bwd.grad_w],
            "grad_b": [sig(g) for g in bwd.grad_b],
            "loss": sig(net.loss(fwd, y)),
        },
        "l2": net.config.l2,  # λ: each ∂L/∂w here is δ·a + λw
        "weights_before": [sig(W) for W in net.weights],
        "biases_before": [sig(b) for b in net.biases],
    }


def _frame(net: MLP, ds: data.Dataset, example: int, step_no: int) -> dict[str, Any]:
    """The network after step `step_no` as the diagram draws it, rounded as the view is."""
    fwd = net.forward(ds.X[example : example + 1])
    return {
        "step": step_no,
        "weights": [sig(W) for W in net.weights],
        "biases": [sig(b) for b in net.biases],
        "shown": {"a": rows(fwd.a), "z": rows(fwd.z)},
    }


def _overshoot(
    diag: Any, ratios: list[float], step_no: int, loss_before: float, loss_after: float
) -> dict | None:
    worst = max(range(len(ratios)), key=ratios.__getitem__)
    rose = not math.isfinite(loss_after) or loss_after >= OVERSHOOT_RISE * loss_before
    if not (ratios[worst] > OVERSHOOT_RATIO and rose):
        return None
    return {
        "step": step_no,
        "layer": worst + 1,
        "update_norm": metrics.num(diag.update_norm[worst]),
        "weight_norm": metrics.num(diag.weight_norm[worst]),
        "ratio": metrics.num(ratios[worst]),
        "loss_before": metrics.num(loss_before),
        "loss_after": metrics.num(loss_after),
        "refused": False,
    }


def run_steps(setup: Setup, asked: int) -> dict[str, Any]:
    """Up to `asked` training steps from `setup` (its network is trained in place: it
    was built for this request) -> the reply-store answer, without its nonce."""
    cfg, ds, start = setup.config, setup.data, setup.net_state
    net, step_no, run = start.net, start.step, start.run
    k = affordable_steps(cfg, asked)
    loss_now = float(net.loss(net.forward(ds.X), ds.Y))
    best: tuple[float, int, Params] | None = None  # (loss, step, parameters)
    measured: metrics.Losses | None = None  # of the network as it is now
    losses: list[float | None] = []
    test_losses: list[float | None] = []
    grad_rms: list[list[float | None]] = []  # per weight, so layers of any shape compare
    largest_ratio = 0.0
    diverged: dict[str, Any] | None = None
    trace: dict[str, Any] | None = None
    diag = None
    frames: list[dict[str, Any]] | None = [] if k > 1 else None
    every = -(-k // rules.PLAY_FRAMES)  # a frame every ceil(k / frames) steps

    for _ in range(k):
        # One step has no earlier state of its own worth keeping: the page has the
        # state it asked from, so only a batch looks for its best state.
        if k > 1 and (best is None or loss_now <= best[0]):
            best = (loss_now, step_no, _parameters(net))
        batch = batch_rows(cfg, len(ds.X), step_no, setup.example)
        if asked == 1:
            trace = _trace(net, ds, setup.example, batch.tolist())
        step = net.train_step(ds.X[batch], ds.Y[batch], setup.lr)  # updates `net` in place
        diag = step.diagnostics
        grad_rms.append([metrics.num(g) for g in diag.grad_rms])
        if trace is not None:
            trace.update(
                batch_loss=sig(step.loss),
                grad_w=[sig(g) for g in step.backward.grad_w],
                grad_b=[sig(g) for g in step.backward.grad_b],
                grad_norm=sig(diag.grad_norm),
                refused=step.diverged,
                reason=diag.reason,
            )
        if step.diverged:  # the engine changed nothing
            diverged = {"step": step_no + 1, "reason": diag.reason, "refused": True}
            break
        step_no += 1
        if frames is not None and (step_no - start.step) % every == 0:
            frames.append(_frame(net, ds, setup.example, step_no))
        measured = metrics.losses(net, ds)
        loss_after = measured.train
        losses.append(metrics.num(loss_after))
        test_losses.append(metrics.num(measured.test))
        ratios = _ratios(diag)
        largest_ratio = max(largest_ratio, *ratios)
        diverged = _overshoot(diag, ratios, step_no, loss_now, loss_after)
        loss_now = loss_after
        if diverged:
            break

    if frames is not None and (not frames or frames[-1]["step"] != step_no):
        frames.append(_frame(net, ds, setup.example, step_no))  # the end is always a frame
    fwd = net.forward(ds.X[setup.example : setup.example + 1])
    reply: dict[str, Any] = {
        "for": {"run": run, "step": start.step, "example": setup.example, "lr_log": setup.lr_log},
        "lr": setup.lr,
        "net_state": NetState(net, step_no, run).as_json(),
        "view": at_rest(net, ds, measured),
        "losses": losses,
        "test_losses": test_losses,
        "grad_rms": grad_rms,
        "marks": metrics.marks(diag) if diag is not None else None,
        "shown": {"index": setup.example, "a": rows(fwd.a), "z": rows(fwd.z)},
        "largest_ratio": metrics.num(largest_ratio),
        "diverged": diverged,
        "best": None,
    }
    if trace is not None:
        reply["trace"] = trace
    if frames is not None:
        reply["frames"] = frames
    # The lowest-loss state of this batch, when it is not the state it ended in: the
    # browser keeps the best one it has seen, to go back to after a divergence.
    if best is not None and math.isfinite(best[0]) and not loss_now <= best[0]:
        best_json = _net_json(net, best[2])
        good = MLP.from_dict(best_json, max_params=net.n_params)
        reply["best"] = {
            "net_state": {"net_json": best_json, "step": best[1], "run": run},
            "view": at_rest(good, ds),
            "loss": metrics.num(best[0]),
        }
    return reply


def run_edit(setup: Setup, edit: Edit) -> dict[str, Any]:
    """A weight or bias typed in by hand: set it, take no step, and answer as a Train
    step would (the view, and the shown example's forward and backward pass through
    the edited network, with nothing updated); the step count stays as it was."""
    cfg, ds, start = setup.config, setup.data, setup.net_state
    net = start.net  # built for this request
    group = net.weights if edit.param == "W" else net.biases
    values = group[edit.layer - 1].copy()
    values[edit.row if edit.col is None else (edit.row, edit.col)] = edit.value
    group[edit.layer - 1] = values  # the engine checks shape and finiteness
    trace = _trace(net, ds, setup.example, batch_indices(cfg, len(ds.X), start.step))
    fwd = net.forward(ds.X[setup.example : setup.example + 1])
    return {
        "for": {
            "run": start.run,
            "step": start.step,
            "example": setup.example,
            "lr_log": setup.lr_log,
        },
        "lr": setup.lr,
        "net_state": NetState(net, start.step, start.run).as_json(),
        "view": at_rest(net, ds),
        "losses": [],
        "test_losses": [],
        "grad_norms": [],
        "marks": None,
        "shown": {"index": setup.example, "a": rows(fwd.a), "z": rows(fwd.z)},
        "largest_ratio": 0.0,
        "diverged": None,
        "best": None,
        "trace": trace,
        "edited": {
            "param": edit.param,
            "layer": edit.layer,
            "row": edit.row,
            "col": edit.col,
            "value": edit.value,
        },
    }
