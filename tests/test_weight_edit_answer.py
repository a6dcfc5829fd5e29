"""A weight or bias typed in by hand travels the training road with "steps": 0: the
network uses the new value, nothing is trained, the step count stays, and anything
odd in the edit is refused with one sentence, never a 500."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import data, ids, state, views
from backprop_engine import MLP
from tests.dash_requests import post

CONFIG = dict(state.DEFAULT_CONFIG)
NET_STATE = {**views.fresh_start(CONFIG, run=3)["net_state"], "step": 7}
GOOD = {"param": "W", "layer": 2, "row": 1, "col": 3, "value": 0.5}


def send(app, client, edit, request=None):
    request = request or {"nonce": 5, "steps": 0, "edit": edit}
    r = post(app, client, ids.REPLY_STORE, [request], [CONFIG, NET_STATE, -1.0, 2])
    assert r.status_code == 200, r.data[:300]
    text = r.get_data(as_text=True)
    assert "Traceback" not in text
    answer = json.loads(text)["response"]
    return answer[ids.REPLY_STORE]["data"], answer.get(ids.STATUS, {}).get("children")


def test_an_edited_weight_is_used_and_nothing_is_trained(app, client):
    reply, status = send(app, client, GOOD)
    assert status is None and "error" not in reply
    assert reply["nonce"] == 5 and reply["edited"] == GOOD
    assert reply["net_state"]["step"] == 7 and reply["net_state"]["run"] == 3
    assert reply["for"] == {"run": 3, "step": 7, "example": 2, "lr_log": -1.0}
    before = MLP.from_dict(NET_STATE["net_json"])
    after = MLP.from_dict(reply["net_state"]["net_json"])
    assert after.weights[1][1, 3] == 0.5 and before.weights[1][1, 3] != 0.5
    # every other parameter is as it was
    W = before.weights[1].copy()
    W[1, 3] = 0.5
    np.testing.assert_array_equal(after.weights[1], W)
    for got, was in zip(after.parameters[2:], before.parameters[2:], strict=True):
        np.testing.assert_array_equal(got, was)
    assert reply["view"]["weights"][1][1][3] == 0.5
    # the shown example's forward pass is the engine's, through the edited network
    x = data.load(CONFIG).X[2:3]
    np.testing.assert_allclose(
        reply["trace"]["shown"]["a"][-1], after.forward(x).a[-1][0], rtol=1e-3
    )
    assert reply["trace"]["weights_before"][1][1][3] == 0.5
    assert reply["losses"] == [] and reply["grad_norms"] == []


def test_an_edited_bias_is_used(app, client):
    reply, _ = send(app, client, {"param": "b", "layer": 3, "row": 0, "col": None, "value": -2})
    after = MLP.from_dict(reply["net_state"]["net_json"])
    assert after.biases[2][0] == -2.0
    assert reply["view"]["biases"][2][0] == -2.0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"value": "abc"}, 'a weight can be set to a number from -100 to 100, not "abc"'),
        ({"value": 1e9}, "a weight can be set to a number from -100 to 100, not 1e+09"),
        ({"value": 10**9}, "a weight can be set to a number from -100 to 100, not 1e+09"),
        ({"value": -101}, "a weight can be set to a number from -100 to 100, not -101"),
        ({"value": 10**400}, "a weight can be set to a number from -100 to 100, not 1000"),
        ({"value": None}, "not None"),
        ({"value": True}, "not True"),
        ({"layer": 4}, "the edited layer must be between 1 and 3"),
        ({"layer": 0}, "the edited layer must be between 1 and 3"),
        ({"row": 4}, "the edited neuron must be between 0 and 3"),
        ({"col": 4}, "the edited connection's source must be between 0 and 3"),
        ({"col": -1}, "the edited connection's source must be between 0 and 3"),
        ({"col": 1.5}, "the edited connection's source must be a whole number"),
        ({"param": "gamma"}, "the edited parameter must be one of: W, b"),
        ({"param": "b", "col": 0}, "a bias has no column"),
        ({"extra": 1}, "the edit is damaged"),
    ],
)
def test_a_bad_edit_gets_a_sentence_and_changes_nothing(app, client, change, words):
    reply, status = send(app, client, {**GOOD, **change})
    assert "net_state" not in reply
    assert status == reply["error"]
    assert status.startswith("Nothing was changed: ") and words in status, status
    assert status.endswith(".") and len(status) < 200


@pytest.mark.parametrize(
    "request_",
    [
        {"nonce": 5, "steps": 1, "edit": GOOD},
        {"nonce": 5, "edit": GOOD},
        {"nonce": 5, "steps": 0, "edit": GOOD, "more": 1},
        {"nonce": 5, "steps": 0, "edit": [GOOD]},
        {"nonce": 5, "steps": 0, "edit": "W(2)[2,4] = 0.5"},
    ],
)
def test_a_damaged_edit_request_gets_a_sentence(app, client, request_):
    reply, status = send(app, client, None, request=request_)
    assert "net_state" not in reply and reply["nonce"] == 5
    assert status.startswith("Nothing was changed: ")


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(
        st.sampled_from(["param", "layer", "row", "col", "value"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(min_value=-(10**400), max_value=10**400),
            st.floats(allow_nan=True, allow_infinity=True),
            st.text(max_size=300),
            st.lists(st.integers(), max_size=3),
        ),
    )
)
def test_any_edit_gets_an_answer_or_a_sentence_never_a_500(app, client, edit):
    reply, status = send(app, client, {**GOOD, **edit})
    if "error" in reply:
        assert status.startswith("Nothing was changed: ") and len(status) < 300
    else:
        MLP.from_dict(reply["net_state"]["net_json"])  # a network the engine accepts
        assert abs(reply["edited"]["value"]) <= 100
