"""Play's answers carry frames: states of the network along the steps of one
request, which the page plays in turn between answers. They must be the engine's
own states at those steps, not something in between."""

from __future__ import annotations

import math

import pytest

from app import data, rules, state, training, views
from backprop_engine import MLP

CFG = state.DEFAULT_CONFIG


def start() -> dict:
    return views.fresh_start(CFG, 0)["net_state"]


def one_at_a_time(net_state: dict, n: int, lr: float) -> dict[int, MLP]:
    """The network after each of `n` steps, each step its own engine call."""
    ds = data.load(CFG)
    mlp = MLP.from_dict(net_state["net_json"])
    out = {}
    for s in range(net_state["step"], net_state["step"] + n):
        b = training.batch_indices(CFG, len(ds.X), s)
        mlp.train_step(ds.X[b], ds.Y[b], lr)
        out[s + 1] = MLP.from_dict(mlp.to_dict())
    return out


@pytest.mark.parametrize("k", sorted({n for _, _, n in rules.SPEEDS} | {7}))
def test_a_play_answers_frames_are_the_engines_networks_at_those_steps(k):
    ns = start()
    reply = training.run_steps(state.read_setup(CFG, ns, 0.0, 3), k)
    frames = reply["frames"]
    every = math.ceil(k / rules.PLAY_FRAMES)
    assert [f["step"] for f in frames] == sorted({*range(every, k + 1, every), k})
    assert len(frames) <= rules.PLAY_FRAMES
    ds = data.load(CFG)
    truth = one_at_a_time(ns, k, 1.0)
    for f in frames:
        net = truth[f["step"]]
        assert f["weights"] == [views.sig(W) for W in net.weights]
        assert f["biases"] == [views.sig(b) for b in net.biases]
        fwd = net.forward(ds.X[3:4])
        assert f["shown"] == {"a": views.rows(fwd.a), "z": views.rows(fwd.z)}
    # The last frame is where the answer ends: the view the page draws at rest.
    assert frames[-1]["weights"] == reply["view"]["weights"]
    assert frames[-1]["shown"]["a"] == reply["shown"]["a"]


def test_a_single_step_has_its_trace_and_no_frames():
    reply = training.run_steps(state.read_setup(CFG, start(), 0.0, 0), 1)
    assert "frames" not in reply and "trace" in reply


def test_a_play_that_diverges_ends_its_frames_at_the_step_it_stopped():
    # η = 10 on the default network overshoots within a few steps
    reply = training.run_steps(state.read_setup(CFG, start(), 1.0, 0), 50)
    assert reply["diverged"] is not None
    end = reply["net_state"]["step"]
    assert end < 50
    assert reply["frames"][-1]["step"] == end
    assert reply["frames"][-1]["weights"] == reply["view"]["weights"]
