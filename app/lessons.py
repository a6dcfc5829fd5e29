"""Built-in lessons: each is a link to a set-up plus a short guided text.

A lesson's link is made by `urlstate.encode`, and opening it goes through the same
checks as any hand-edited link; hand-set weights travel inside it as
`MLP.to_dict()`. The numbers quoted in the worked example are computed here by the
engine for the network on show (`text_for`), and say which step they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from app import lesson_worked, state, urlstate
from backprop_engine import MLP


@dataclass(frozen=True)
class Lesson:
    key: str
    title: str
    summary: str
    link: urlstate.Link
    steps: tuple[str, ...]

    @property
    def href(self) -> str:
        search, fragment = urlstate.encode(self.link)
        return "/" + search + fragment


def num(v: float, digits: int = 4) -> str:
    """A number as the page writes it: few digits, a real minus sign, no '-0'."""
    v = float(v)
    text = f"{v:.{digits}g}" if v != 0 else "0"
    return text.replace("-", "−")


def _config(**changes: Any) -> dict[str, Any]:
    return {**state.DEFAULT_CONFIG, **changes}


# ---------- a forward and backward pass by hand ----------
WORKED_CONFIG = _config(
    dataset="corners",
    sizes=[2, 2, 1],
    activation="relu",
    batch_size=4,
    n_samples=8,
    noise=0.0,
    test_fraction=0.0,
)
WORKED_W = [[[0.5, -1.0], [1.0, 0.5]], [[1.0, -0.5]]]
WORKED_B = [[0.0, 0.0], [0.75]]


def worked_net() -> MLP:
    net = state.fresh_net(state.read_config(WORKED_CONFIG), run=0).net
    net.weights = [np.array(W) for W in WORKED_W]
    net.biases = [np.array(b) for b in WORKED_B]
    return net


def _term(v: float) -> str:
    """A factor in a product: negative numbers in brackets, as on paper."""
    return f"({num(v)})" if v < 0 else num(v)


def _vec(v: Any) -> str:
    return "(" + ", ".join(num(x) for x in np.ravel(v)) + ")"


def _sum(w: Any, x: Any, b: float) -> str:
    terms = [f"{_term(wi)}·{_term(xi)}" for wi, xi in zip(w, x, strict=True)]
    return " + ".join(terms) + f" + {_term(b)}"


def is_hand_set(net: MLP) -> bool:
    """Whether `net` still holds the lesson's round, hand-set weights."""
    return all(
        np.array_equal(p, np.array(q))
        for p, q in zip([*net.weights, *net.biases], [*WORKED_W, *WORKED_B], strict=True)
    )


def fits_worked(config: dict[str, Any]) -> bool:
    """Whether settings have the worked example's shape, so its text can be written
    for their network (a link may carry the lesson with other settings)."""
    keys = ("sizes", "activation", "output_activation", "loss", "residual", "normalization")
    return all(config[k] == WORKED_CONFIG[k] for k in keys)


def _hidden_off(z1: Any) -> str:
    off = [i for i, z in enumerate(z1) if not z > 0]
    if not off:
        return "Both neurons were on (z > 0), so the error reaches both."
    if len(off) == 2:
        return "Both neurons were off (z ≤ 0), so no error reaches them."
    which = ("first", "second")[off[0]]
    return f"The {which} neuron was off (z ≤ 0), so no error reaches it."


def worked_steps(
    net: MLP | None = None, example: int = 0, step: int = 0, x: Any = None, y: Any = None
) -> tuple[str, ...]:
    """The guided text for `net` (the hand-set one if None) at `step`, on example
    number `example` (x, y; the corner (1, 1) if None). Every number is the engine's,
    and the text names the step it speaks of, since training moves them on."""
    if net is None:
        net = worked_net()
    if x is None or y is None:
        from app import data  # the data module reads settings this module also builds

        ds = data.load(state.read_config(WORKED_CONFIG))
        x, y = ds.X[example], ds.Y[example]
    x, y = np.asarray(x, dtype=np.float64).reshape(1, 2), np.asarray(y).reshape(1, 1)
    fwd = net.forward(x)
    bwd = net.backward(fwd, y)
    W1, W2 = net.weights
    b1, b2 = net.biases
    z1, a1 = fwd.z[0][0], fwd.a[1][0]
    z2, yhat = fwd.z[1][0, 0], fwd.a[2][0, 0]
    d1, d2 = bwd.delta[0][0], bwd.delta[1][0, 0]
    g1, g2 = bwd.grad_w
    if is_hand_set(net):
        weights = "Its weights are set by hand"
    elif step > 0:
        weights = f"It started from round weights; after {step} updates they are"
    else:
        weights = "Its weights are drawn at random"
    loss = "−ln ŷ" if y[0, 0] == 1 else "−ln(1 − ŷ)" if y[0, 0] == 0 else "the cross-entropy"
    return (
        f"The network has 2 inputs, 2 hidden ReLU neurons and 1 sigmoid output. {weights}: "
        f"W(1) = [{_vec(W1[0])}, {_vec(W1[1])}], b(1) = {_vec(b1)}, "
        f"W(2) = {_vec(W2[0])}, b(2) = {_vec(b2)}. The example is #{example + 1}, "
        f"x = {_vec(x[0])} with target y = {num(y[0, 0])}. Every number below is for "
        f"step {step}, before its update.",
        f"Press Forward (key F). Hidden layer: z(1) = ({_sum(W1[0], x[0], b1[0])}, "
        f"{_sum(W1[1], x[0], b1[1])}) = {_vec(z1)}. ReLU keeps the positive part: "
        f"a(1) = {_vec(a1)}.",
        f"Output: z(2) = {_sum(W2[0], a1, b2[0])} = {num(z2)}, so ŷ = σ({num(z2)}) = "
        f"{num(yhat)}. The cross-entropy loss is L = {loss} = {num(net.loss(fwd, y))}.",
        f"Press Backward (key B). With a sigmoid output and cross-entropy, δ(2) = ŷ − y = "
        f"{num(yhat)} − {num(y[0, 0])} = {num(d2)}. Each output weight's gradient is δ(2) "
        f"times the activation it carries: ∂L/∂W(2) = {_vec(g2[0])}.",
        f"Hidden layer: δ(1) = W(2)ᵀδ(2) ⊙ ReLU'(z(1)) = ({_term(W2[0, 0])}·{_term(d2)}·"
        f"{num(z1[0] > 0)}, {_term(W2[0, 1])}·{_term(d2)}·{num(z1[1] > 0)}) = {_vec(d1)}. "
        f"{_hidden_off(z1)} "
        f"∂L/∂W(1) = δ(1)·xᵀ = [{_vec(g1[0])}, {_vec(g1[1])}].",
        "Hover over a neuron or a connection to read its z, a, δ or ∂L/∂w: they are the "
        "numbers above. Press Update (key U) to move every weight by −η times the mean "
        "gradient of a mini-batch of corners.",
    )


OTHER_SETTINGS = (
    "The settings on show are not this lesson's, so its numbers cannot be worked out "
    "for them: the text below is for the lesson's own network, at step 0. Press "
    "“Start this lesson again” to follow it."
)


def text_for(lesson: Lesson, setup: state.Setup) -> tuple[tuple[str, ...], list[int] | None]:
    """The guided text of `lesson` for a checked set-up, and what its numbers are for
    ([run, step, example], or None when they do not change as the network trains).
    The worked example quotes the network on show, not the one the lesson began with."""
    if lesson.key != "worked":
        return lesson.steps, None
    if not fits_worked(setup.config):
        return (OTHER_SETTINGS, *lesson.steps), None
    ns, ds = setup.net_state, setup.data
    i = setup.example
    steps = worked_steps(ns.net, i, ns.step, ds.X[i], ds.Y[i])
    return steps, [ns.run, ns.step, i]


# ---------- the catalogue ----------
def _link(config: dict[str, Any], lr_log: float, key: str, net: MLP | None = None) -> urlstate.Link:
    return urlstate.Link(
        config=config,
        lr_log=lr_log,
        example=0,
        net_json=None if net is None else net.to_dict(),
        lesson=key,
    )


XOR_HIDDEN = _config(sizes=[2, 4, 1])
XOR_FLAT = _config(sizes=[2, 1])


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Lesson]:
    lessons = [
        Lesson(
            "worked",
            "A forward and backward pass by hand",
            "A 2-2-1 network with round weights and one example: check every number yourself.",
            _link(WORKED_CONFIG, 0.0, "worked", worked_net()),
            worked_steps(),
        ),
        Lesson(
            lesson_worked.KEY,
            "A worked example, number by number",
            "The classic published 2-2-2 sigmoid example: every number to the source's digits.",
            _link(
                lesson_worked.CONFIG, lesson_worked.LR_LOG, lesson_worked.KEY, lesson_worked.net()
            ),
            lesson_worked.steps(),
        ),
        Lesson(
            "lr-high",
            "Learning rate too high",
            "η = 10: every update overshoots.",
            _link(_config(), 1.0, "lr-high"),
            (
                # "starts at": a link made later in the lesson may carry another η
                "The lesson starts at η = 10, the slider's top.",
                "Press Train step (key T) ten times and watch the loss chart: instead of "
                "falling steadily, the loss jumps around or climbs, because each update is "
                "larger than the valley it is meant to go down.",
                "Move the slider to η = 1 and train again: now the loss falls.",
            ),
        ),
        Lesson(
            "lr-low",
            "Learning rate too low",
            "η = 0.0001: learning crawls.",
            _link(_config(), -4.0, "lr-low"),
            (
                "The lesson starts at η = 0.0001, the slider's bottom.",
                "Press Train step (key T) ten times: the loss barely moves and the shading "
                "on the data does not change. The gradients are fine; the steps are tiny.",
                "Move the slider to η = 1 and train again to see the difference.",
            ),
        ),
        Lesson(
            "xor-flat",
            "XOR without a hidden layer",
            "No hidden layer: a single straight boundary cannot separate xor.",
            _link(XOR_FLAT, 0.0, "xor-flat"),
            (
                "The network maps the two inputs straight to the output: one neuron, one "
                "straight line between the classes.",
                "Train for a while (hold key T). The loss stalls near ln 2 ≈ 0.69 and the "
                "shading never splits the four quarters: no line separates xor.",
                "Open the next lesson, which adds one hidden layer.",
            ),
        ),
        Lesson(
            "xor-hidden",
            "XOR with one hidden layer",
            "Four hidden neurons bend the boundary: xor is solved.",
            _link(XOR_HIDDEN, 0.0, "xor-hidden"),
            (
                "The same data, now with one hidden layer of four tanh neurons.",
                "Train for a while (hold key T). The loss falls well below 0.69 and the "
                "shading splits the square into four quarters.",
                "Each hidden neuron draws one line; the output combines them.",
            ),
        ),
    ]
    return {lesson.key: lesson for lesson in lessons}


def get(key: str | None) -> Lesson | None:
    if key is None:
        return None
    lesson = catalogue().get(key)
    if lesson is None:
        raise state.InputError(f"there is no lesson called {key[:40]!r}")
    return lesson
