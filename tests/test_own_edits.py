"""Edits by hand, posted the way the page sends them: every refusal's wording, and
what each edit does to the data."""

from __future__ import annotations

import json

import pytest

from app import state, views
from tests.dash_requests import post


def edit(app, client, request, config=None, example=0):
    cfg = state.read_config(config or dict(state.DEFAULT_CONFIG))
    net = views.fresh_start(cfg, run=0)["net_state"]
    r = post(app, client, "own-reply-store.data", [request], [cfg, net, 0.0, example])
    assert r.status_code == 200, r.data[:300]
    return json.loads(r.data)["response"]


def typed(action="replace", inputs=("0.05", "0.1"), targets=("0.01",)):
    return {"nonce": 3, "action": action, "inputs": list(inputs), "targets": list(targets)}


def test_typing_over_a_built_in_set_makes_that_example_the_data(app, client):
    out = edit(app, client, typed(), example=7)
    cfg = out["config-store"]["data"]
    assert cfg["dataset"] == "own" and cfg["data"] == {"inputs": [[0.05, 0.1]], "targets": [[0.01]]}
    assert out["example-store"]["data"] == 0 and out["own-reply-store"]["data"] == {"nonce": 3}
    assert (
        "Your own data now: one example, x = (0.05, 0.1), target 0.01"
        in (out["status-msg"]["children"])
    )


def test_replace_and_add_change_own_data_and_the_switch_changes_only_itself(app, client):
    own = {**state.DEFAULT_CONFIG, "dataset": "own", "loss": "mse"}
    own["data"] = {"inputs": [[0.0, 0.0], [1.0, 1.0]], "targets": [[0.0], [1.0]]}
    out = edit(app, client, typed("replace", ("2", "3"), ("0.5",)), own, example=1)
    assert out["config-store"]["data"]["data"]["inputs"] == [[0.0, 0.0], [2.0, 3.0]]
    assert out["status-msg"]["children"] == "Example #2 now holds x = (2, 3), target 0.5."
    out = edit(app, client, typed("add", ("2", "3"), ("0.5",)), own, example=0)
    assert out["config-store"]["data"]["n_samples"] == 3 and out["example-store"]["data"] == 2
    out = edit(app, client, {"nonce": 4, "action": "train_shown", "on": True}, own, example=1)
    cfg = out["config-store"]["data"]
    assert cfg["train_shown"] is True and cfg["data"] == own["data"]
    assert "uses example #2 alone" in out["status-msg"]["children"]


@pytest.mark.parametrize(
    ("request_", "words"),
    [
        (typed(inputs=("", "1")), "input 1 is empty; type a number such as 0.5"),
        (typed(inputs=("1", "x1")), "input 2 is not a number ('x1'); type a number such as 0.5"),
        (typed(targets=("nan",)), "target 1 must be a finite number"),
        (typed(targets=("1.5",)),
         "example 1's target 1 is 1.5; a sigmoid output gives values between 0 and 1, "
         "so a target must lie there too"),
        (typed(inputs=("1",)), "the example needs 2 input values; reload the page"),
        (typed(inputs=("5000", "0")),
         "example 1's input 1 is 5000; an input must lie between -1000 and 1000"),
        ({"nonce": 3, "action": "delete"}, "the edit is not one this page makes; reload the page"),
        ({"nonce": 3, "action": "train_shown", "on": "yes"},
         "the switch's request is damaged; reload the page"),
    ],
)  # fmt: skip
def test_a_bad_edit_is_refused_in_words_and_changes_nothing(app, client, request_, words):
    out = edit(app, client, request_)
    msg = f"Nothing was changed: {words}."
    assert out == {
        "own-reply-store": {"data": {"nonce": 3, "error": msg}},
        "status-msg": {"children": msg},
    }


# ---------- clicks on the plot ----------
def test_a_click_adds_a_point_of_the_chosen_class_to_the_points_on_show(app, client):
    from app import data

    xor = data.load(state.read_config(dict(state.DEFAULT_CONFIG)))
    request = {"nonce": 3, "action": "add_point", "inputs": [0.25, -0.5], "class": 1}
    out = edit(app, client, request, example=4)
    cfg = out["config-store"]["data"]
    assert cfg["dataset"] == "own" and cfg["n_samples"] == len(xor.X) + 1
    assert cfg["data"]["inputs"][:-1] == xor.X.tolist() and cfg["data"]["inputs"][-1] == [
        0.25,
        -0.5,
    ]
    assert cfg["data"]["targets"][-1] == [1.0] and out["example-store"]["data"] == 4
    assert "made from the xor training points" in out["status-msg"]["children"]


def test_a_click_removes_a_point_and_the_shown_example_follows(app, client):
    own = {**state.DEFAULT_CONFIG, "dataset": "own", "loss": "mse"}
    own["data"] = {"inputs": [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]], "targets": [[0.0], [1.0], [0.0]]}
    out = edit(app, client, {"nonce": 3, "action": "remove", "index": 0}, own, example=2)
    assert out["config-store"]["data"]["data"]["inputs"] == [[1.0, 1.0], [2.0, 2.0]]
    assert out["example-store"]["data"] == 1  # still the same point, now counted one earlier
    assert out["status-msg"]["children"] == "Example #1 removed. The data has 2 examples."


@pytest.mark.parametrize(
    ("request_", "config", "words"),
    [
        ({"nonce": 3, "action": "add_point", "inputs": [0, 0], "class": 2}, None,
         "the class must be between 0 and 1"),
        ({"nonce": 3, "action": "remove", "index": 999}, None,
         "the clicked example must be between 0 and 159"),
        ({"nonce": 3, "action": "add_point", "inputs": [0, 0], "class": 0},
         {**state.DEFAULT_CONFIG, "dataset": "sine", "loss": "mse", "output_activation": "linear"},
         "the sine set fits numbers, not classes; a click adds a point to a classification set "
         "or to your own data"),
        ({"nonce": 3, "action": "remove", "index": 0},
         {**state.DEFAULT_CONFIG, "dataset": "own", "loss": "mse",
          "data": {"inputs": [[0, 0]], "targets": [[0]]}},
         "the data needs at least one example; add another first"),
    ],
)  # fmt: skip
def test_a_bad_click_is_refused_in_words(app, client, request_, config, words):
    out = edit(app, client, request_, config)
    assert out["status-msg"]["children"] == f"Nothing was changed: {words}."
