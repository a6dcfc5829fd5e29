"""Play mode: several training steps per request, and the learning-rate lesson.

The browser asks for a batch of steps only after the previous answer arrived, so
the server never queues work for a student. Each answer carries the exact network
after the batch, the loss curves of the batch (one point per step), the per-layer
gradient norms of every step, and the network's view at rest.

A step "diverges" when the engine refuses it (a number stopped being finite) or
when it overshoots: some layer's update was larger than the weights it changed
(‖ΔW(l)‖ > ‖W(l)‖) and the loss on the training points rose by half or more.
Play then stops at that step and says so with those numbers.
"""

from __future__ import annotations

import math
from typing import Any

from app import data, metrics, training
from app.state import NetState
from backprop_engine import MLP

OVERSHOOT_RATIO = 1.0  # ‖ΔW‖ / ‖W‖ above which an update is larger than the weights
OVERSHOOT_RISE = 1.5  # and the loss grew at least this much over the step


def _loss(net: Any, X: Any, Y: Any) -> float:
    return float(net.loss(net.forward(X), Y)) if len(X) else math.nan


def _ratios(diag: Any) -> list[float]:
    return [
        u / w if w > 0 else (math.inf if u > 0 else 0.0)
        for u, w in zip(diag.update_norm, diag.weight_norm, strict=True)
    ]


def _shown(net: Any, ds: data.Dataset, example: int) -> dict[str, Any]:
    """The example's activations after the batch: the diagram fills its neurons."""
    fwd = net.forward(ds.X[example : example + 1])
    return {"index": example, "a": training._rows(fwd.a), "z": training._rows(fwd.z)}


def play(
    config: dict[str, Any], state: NetState, lr: float, n_steps: int, example: int
) -> dict[str, Any]:
    ds = data.load(config)
    net = state.net
    step_no = state.step
    loss_now = _loss(net, ds.X, ds.Y)
    best: tuple[float, int, dict[str, Any]] | None = None  # (loss, step, net dict)
    losses: list[float | None] = []
    test_losses: list[float | None] = []
    grad_norms: list[list[float | None]] = []
    largest_ratio = 0.0
    diverged: dict[str, Any] | None = None
    diag = None

    for _ in range(n_steps):
        before = net.to_dict() if best is None or loss_now <= best[0] else None
        if before is not None:
            best = (loss_now, step_no, before)
        batch = training.batch_indices(config, len(ds.X), step_no)
        step = net.train_step(ds.X[batch], ds.Y[batch], lr)
        diag = step.diagnostics
        grad_norms.append([metrics.num(g) for g in diag.grad_norm])
        if step.diverged:
            diverged = {"step": step_no + 1, "reason": diag.reason, "refused": True}
            break
        step_no += 1
        loss_after = _loss(net, ds.X, ds.Y)
        losses.append(metrics.num(loss_after))
        test_losses.append(metrics.num(_loss(net, ds.X_test, ds.Y_test)))
        ratios = _ratios(diag)
        largest_ratio = max(largest_ratio, *ratios)
        worst = max(range(len(ratios)), key=ratios.__getitem__)
        rose = not math.isfinite(loss_after) or loss_after >= OVERSHOOT_RISE * loss_now
        if ratios[worst] > OVERSHOOT_RATIO and rose:
            diverged = {
                "step": step_no,
                "layer": worst + 1,
                "update_norm": metrics.num(diag.update_norm[worst]),
                "weight_norm": metrics.num(diag.weight_norm[worst]),
                "ratio": metrics.num(ratios[worst]),
                "loss_before": metrics.num(loss_now),
                "loss_after": metrics.num(loss_after),
                "refused": False,
            }
            loss_now = loss_after
            break
        loss_now = loss_after

    view = training._view(net, ds)
    reply: dict[str, Any] = {
        "for": {"run": state.run, "step": state.step},
        "lr": lr,
        "net": {"net": net.to_dict(), "step": step_no, "run": state.run},
        "view": view,
        "losses": losses,
        "test_losses": test_losses,
        "grad_norms": grad_norms,
        "marks": metrics.marks(diag) if diag is not None else None,
        "shown": _shown(net, ds, example),
        "largest_ratio": metrics.num(largest_ratio),
        "diverged": diverged,
        "best": None,
    }
    # The lowest-loss state of this batch, when it is not the state it ended in: the
    # browser keeps the best one it has seen, to go back to after a divergence.
    if best is not None and math.isfinite(best[0]) and not loss_now <= best[0]:
        good = MLP.from_dict(best[2], max_params=net.n_params)
        reply["best"] = {
            "net": {"net": best[2], "step": best[1], "run": state.run},
            "view": training._view(good, ds),
            "loss": metrics.num(best[0]),
        }
    return reply
