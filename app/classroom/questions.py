"""What a teacher may ask before the next step, and the right answers.

The right answer is computed here, on the server, when the question is asked:
from the network the teacher last published, by the engine, through the same
`training.run_steps` a Train step takes (so "which way will this weight move" is
answered by the very update the class is about to see). The teacher's browser
never says what is right. Students' answers are read into typed values here too.

Kinds (QUESTION_KINDS), with what a student answers:
    weight    which way will W(l)[i, j] move at the next Train step: up / down / stays
    delta     which hidden neuron has the largest |δ| for the shown example: {layer, index}
    loss      will the training loss go up or down at this η: up / down
    gradient  type ∂L/∂W(l)[i, j] for the shown example: a number, within a tolerance
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from app import limits, metrics, training
from app.state import InputError, Setup, read_float, read_int

QUESTION_KINDS = ("weight", "delta", "loss", "gradient")
CHOICES = {"weight": ("up", "down", "stays"), "loss": ("up", "down")}
# A weight "stays" when the step moves it by less than this: the diagram shows
# weights to two decimals, so a smaller change is invisible there.
STAYS_BELOW = 1e-4
# A typed ∂L/∂w is right within 5 % of the value, or 0.001 of it near zero.
GRADIENT_REL_TOL = 0.05
GRADIENT_ABS_TOL = 1e-3
HISTOGRAM_BINS = 10


@dataclass(frozen=True)
class Question:
    """A checked question: its kind and, for weight and gradient, the connection
    W(l)[row, col] it is about (layer, row and column count from 1, as on screen)."""

    kind: str
    layer: int = 0
    row: int = 0
    col: int = 0

    @property
    def cell(self) -> tuple[int, int, int]:
        """(layer index, row, column) of W(l)[row, col] in the network's arrays (from 0)."""
        return self.layer - 1, self.row - 1, self.col - 1

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind in ("weight", "gradient"):
            out.update(layer=self.layer, row=self.row, col=self.col)
        return out


def read_question(raw: Any, sizes: list[int]) -> Question:
    """The teacher's question, checked against the published network's sizes."""
    if not isinstance(raw, dict):
        raise InputError("the question must be a JSON object")
    kind = raw.get("kind")
    if kind not in QUESTION_KINDS:
        raise InputError(f"the question kind must be one of: {', '.join(QUESTION_KINDS)}")
    if kind == "delta" and len(sizes) < 3:
        raise InputError("this network has no hidden layer to ask about")
    if kind not in ("weight", "gradient"):
        return Question(kind)
    layer = read_int("the layer", raw.get("layer"), 1, len(sizes) - 1)
    row = read_int("the neuron (row of W)", raw.get("row"), 1, sizes[layer])
    col = read_int("the input (column of W)", raw.get("col"), 1, sizes[layer - 1])
    return Question(kind, layer, row, col)


def describe(question: Question) -> str:
    """The question as the class reads it, in the page's notation."""
    w = f"W({question.layer})[{question.row}, {question.col}]"
    return {
        "weight": f"At the next Train step, will {w} go up, go down or stay?",
        "delta": "Which hidden neuron has the largest |δ| for the example on show?",
        "loss": "At this η, will the loss go up or down at the next Train step?",
        "gradient": f"Type ∂L/∂{w} for the example on show.",
    }[question.kind]


def solve(question: Question, setup: Setup) -> dict[str, Any]:
    """The right answer and the engine's numbers behind it: {"correct", "numbers"}.
    Runs one training step on `setup`'s network (which is built for this request)."""
    net = setup.net_state.net
    before = [W.copy() for W in net.weights]
    loss_before = metrics.measure(net, setup.data).train_loss
    reply = training.run_steps(setup, 1)
    shown = reply["trace"]["shown"]
    lr = setup.lr
    if question.kind == "weight":
        k, i, j = question.cell
        w0, w1 = float(before[k][i, j]), float(net.weights[k][i, j])
        change = w1 - w0
        correct = "stays" if abs(change) < STAYS_BELOW else ("up" if change > 0 else "down")
        batch_grad = reply["trace"]["grad_w"][k][i][j]
        numbers = {"before": w0, "after": w1, "change": change, "grad": batch_grad, "lr": lr}
    elif question.kind == "loss":
        loss_after = metrics.measure(net, setup.data).train_loss
        went_down = math.isfinite(loss_after) and loss_after < loss_before
        correct = "down" if went_down else "up"
        numbers = {"before": metrics.num(loss_before), "after": metrics.num(loss_after), "lr": lr}
    elif question.kind == "delta":
        hidden = shown["delta"][:-1]  # δ(1) … δ(L−1): the output layer is not hidden
        size = [[abs(d) if d is not None else -1.0 for d in layer] for layer in hidden]
        at, index = max(
            ((lay, idx) for lay, ds in enumerate(size) for idx in range(len(ds))),
            key=lambda p: size[p[0]][p[1]],
        )
        correct = {"layer": at + 1, "index": index}
        numbers = {"delta": hidden}
    else:
        k, i, j = question.cell
        value = float(shown["grad_w"][k][i][j])
        tolerance = max(GRADIENT_ABS_TOL, GRADIENT_REL_TOL * abs(value))
        correct = value
        numbers = {"value": value, "tolerance": tolerance, "example": setup.example}
    return {"correct": _finite(correct), "numbers": _finite(numbers)}


def _finite(value: Any) -> Any:
    """JSON has no NaN or ∞: a number that stopped being finite is shown as null."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if math.isfinite(value) else None
    return value


def read_answer(kind: str, raw: Any, sizes: list[int]) -> Any:
    """A student's answer to a question of `kind`, checked -> a JSON value."""
    if kind in CHOICES:
        if raw not in CHOICES[kind]:
            raise InputError(f"the answer must be one of: {', '.join(CHOICES[kind])}")
        return raw
    if kind == "delta":
        if not isinstance(raw, dict) or set(raw) != {"layer", "index"}:
            raise InputError("the answer must name a hidden neuron: {layer, index}")
        layer = read_int("the layer", raw["layer"], 1, len(sizes) - 2)
        return {"layer": layer, "index": read_int("the neuron", raw["index"], 0, sizes[layer] - 1)}
    big = limits.MAX_TYPED_ANSWER
    return read_float("the typed value of ∂L/∂w", raw, -big, big)


def is_right(kind: str, answer: Any, reveal: dict[str, Any]) -> bool:
    correct = reveal["correct"]
    if kind == "gradient":
        if correct is None:
            return False
        return abs(float(answer) - float(correct)) <= reveal["numbers"]["tolerance"]
    return bool(answer == correct)


def tally(kind: str, answers: list[Any]) -> dict[str, Any]:
    """What the teacher sees while the class answers: counts per choice (or per
    hidden neuron), or a histogram of the typed numbers."""
    if kind in CHOICES:
        return {"counts": {c: sum(a == c for a in answers) for c in CHOICES[kind]}}
    if kind == "delta":
        counts: dict[str, int] = {}
        for a in answers:
            key = f"{a['layer']}:{a['index']}"
            counts[key] = counts.get(key, 0) + 1
        # in the diagram's order, top to bottom: the bars keep their places as answers come
        order = sorted(counts, key=lambda k: tuple(int(x) for x in k.split(":")))
        return {"counts": {k: counts[k] for k in order}}
    if not answers:
        return {"bins": []}
    values = np.asarray(answers, dtype=np.float64)
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12:
        return {"bins": [{"lo": lo, "hi": hi, "count": len(answers)}]}
    counts_, edges = np.histogram(values, bins=HISTOGRAM_BINS, range=(lo, hi))
    return {
        "bins": [
            {"lo": float(edges[k]), "hi": float(edges[k + 1]), "count": int(counts_[k])}
            for k in range(HISTOGRAM_BINS)
        ]
    }
