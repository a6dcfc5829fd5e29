"""A network as JSON and back: exact, and suspicious of everything it reads."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from backprop_engine import MLP


def trained(**options):
    net = MLP([2, 3, 3, 1], seed=6, **options)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((16, 2)), rng.integers(0, 2, (16, 1))
    for _ in range(5):
        net.train_step(X, Y, lr=0.7)
    return net, X, Y


OPTIONS = [
    {},
    {"dtype": "float32"},
    {"momentum": 0.9},
    {"residual": True, "normalization": "layer", "activation": "relu"},
    {"dtype": "float32", "momentum": 0.5, "normalization": "layer"},
]


@pytest.mark.parametrize("options", OPTIONS)
def test_json_round_trip_is_exact(options):
    net, X, Y = trained(**options)
    back = MLP.from_dict(json.loads(json.dumps(net.to_dict())))
    assert back.config == net.config
    for p, q in zip(net.parameters, back.parameters, strict=True):
        assert p.dtype == q.dtype
        np.testing.assert_array_equal(p, q)
    if net.velocity is not None:
        assert back.velocity is not None
        for v, w in zip(net.velocity, back.velocity, strict=True):
            np.testing.assert_array_equal(v, w)
    # the copy trains on exactly like the original, momentum included
    a, b = net.train_step(X, Y, lr=0.3), back.train_step(X, Y, lr=0.3)
    assert a.loss == b.loss
    for p, q in zip(net.parameters, back.parameters, strict=True):
        np.testing.assert_array_equal(p, q)


def good():
    return MLP([2, 3, 1], momentum=0.5).to_dict()


def broken(**changes):
    d = copy.deepcopy(good())
    for path, value in changes.items():
        *keys, last = path.split("__")
        target = d
        for k in keys:
            target = target[int(k)] if isinstance(target, list) else target[k]
        if value is KeyError:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
    return d


BAD = {
    "not a dict": ([1, 2], "JSON object"),
    "wrong format": (broken(format="other"), "not a saved network"),
    "future version": (broken(version=2), "version"),
    "unknown key": (broken(extra=1), "unknown field"),
    "missing key": (broken(biases=KeyError), "lacks: biases"),
    "bad activation": (broken(activation="gelu"), "activation must be one of"),
    "bad pairing": (broken(loss="cross_entropy"), "needs a softmax output"),
    "sizes not a list": (broken(sizes="2,3,1"), "sizes"),
    "size zero": (broken(sizes=[2, 0, 1]), "at least 1"),
    "huge network": (broken(sizes=[10**6, 10**6, 1]), "parameters; at most"),
    "sizes vs weights": (broken(sizes=[2, 4, 1]), r"list of 4 entries"),
    "missing layer": (broken(weights=[[[0.1, 0.2]] * 3]), "list of 2 arrays"),
    "ragged row": (broken(weights__0__1=[0.1]), r"weights\[0\]\[1\] must be a list of 2"),
    "string weight": (broken(weights__0__1__0="0.1"), "must be a number; got str"),
    "bool weight": (broken(biases__1__0=True), "must be a number; got bool"),
    "nan weight": (broken(weights__1__0__2=float("nan")), "finite"),
    "inf bias": (broken(biases__0__0=float("inf")), "finite"),
    "huge int": (broken(biases__0__0=10**400), "too large"),
    "nested junk": (broken(weights__0__0__0=[[1.0]]), "must be a number"),
    "velocity shape": (broken(velocity__0=[[0.0]]), r"velocity\[0\]"),
    "velocity without momentum": (broken(momentum=0.0), "only kept"),
    "bad momentum": (broken(momentum=3), "momentum"),
    "bad seed": (broken(seed="0"), "seed"),
    "bad dtype": (broken(dtype="int8"), "dtype"),
    "gammas without normalization": (broken(gammas=[[1.0, 1.0, 1.0]]), "list of 0 arrays"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_from_dict_rejects_bad_data_with_a_sentence(case):
    data, message = BAD[case]
    with pytest.raises(ValueError, match=message):
        MLP.from_dict(data)


def test_from_dict_enforces_the_callers_size_cap():
    d = MLP([2, 8, 8, 1]).to_dict()  # 24 + 72 + 9 = 105 parameters
    assert MLP.from_dict(d, max_params=105).n_params == 105
    with pytest.raises(ValueError, match="105 parameters; at most 104"):
        MLP.from_dict(d, max_params=104)


def test_from_dict_does_not_keep_references_to_its_input():
    d = good()
    net = MLP.from_dict(d)
    d["weights"][0][0][0] = 99.0
    assert net.weights[0][0, 0] != 99.0
