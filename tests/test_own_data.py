"""Data of the user's own: the one check where it enters, the step that trains on it,
and the saved file that carries it (posted the way a browser sends it)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from app import export, own_data, state, training, views
from backprop_engine import MLP
from tests.dash_requests import post

XY = ("x1", "x2")
WORKED = {"inputs": [[0.05, 0.10], [0.5, -0.25], [-1.0, 2.0]], "targets": [[0.01], [0.99], [0.5]]}


def own_config(data=None, **changes):
    cfg = dict(state.DEFAULT_CONFIG, dataset="own", loss="mse", data=data or WORKED)
    return {**cfg, **changes}


def as_upload(text: str) -> str:
    return "data:application/json;base64," + base64.b64encode(text.encode()).decode()


def response(r) -> dict:
    return json.loads(r.data)["response"]


def load_file(app, client, contents):
    r = post(
        app, client, "lesson-store.data", ["", "", contents], [None], changed="import-json.contents"
    )
    assert r.status_code == 200, r.data[:300]
    return response(r)


# ---------- the check ----------
def test_own_data_is_read_into_read_only_arrays_and_counted():
    cfg = state.read_config(own_config(batch_size=16))
    assert cfg["n_samples"] == 3 and cfg["data"] == WORKED and cfg["train_shown"] is False
    ds = state.dataset(cfg)
    np.testing.assert_array_equal(ds.X, WORKED["inputs"])
    np.testing.assert_array_equal(ds.Y, WORKED["targets"])
    assert ds.X_test.shape == (0, 2) and not ds.X.flags.writeable
    # the prediction surface spans at least [−1, 1] and covers every example
    assert ds.grid_x[0] <= -1.0 and ds.grid_y[-1] >= 2.0


def test_a_parse_is_cached_by_the_datas_text():
    a = own_data.read(json.loads(json.dumps(WORKED)), 1, XY)
    b = own_data.read(json.loads(json.dumps(WORKED)), 1, XY)
    assert a is b
    c = own_data.read({**WORKED, "targets": [[0.01], [0.99], [0.25]]}, 1, XY)
    assert c is not a and c.key != a.key


REFUSALS = [
    ({"inputs": [[1.0]], "targets": [[0.0]]},
     "example 1 has 1 input value; each example needs 2, a point (x₁, x₂)"),
    ({"inputs": [[1, 2], [3, 4]], "targets": [[0.0], [0.5, 0.5]]},
     "example 2 has 2 target values; each example needs 1, as the output layer has 1 unit"),
    ({"inputs": [[1, 2]], "targets": [[1.5]]},
     "example 1's target 1 is 1.5; a sigmoid output gives values between 0 and 1, "
     "so a target must lie there too"),
    ({"inputs": [[1, 2], [1, "x"]], "targets": [[0], [1]]},
     "example 2's input 2 is not a number ('x'); type a number there"),
    ({"inputs": [[1, 2e9]], "targets": [[0]]},
     "example 1's input 2 is 2e+09; an input must lie between -1000 and 1000"),
    ({"inputs": [], "targets": []}, "the data has no examples; add at least one"),
    ({"inputs": [[1, 2]] * 2, "targets": [[0]]},
     "the data has 2 rows of inputs but 1 of targets; each example needs both"),
    ({"inputs": [[0, 0]] * 401, "targets": [[0]] * 401},
     "the data has 401 examples; at most 400 fit in the lab"),
    ([1, 2], 'the data must hold "inputs" and "targets", one row per example each'),
]  # fmt: skip


@pytest.mark.parametrize(("data", "words"), REFUSALS)
def test_bad_data_is_refused_in_one_sentence(data, words):
    with pytest.raises(state.InputError) as e:
        state.read_config(own_config(data))
    assert str(e.value) == words


def test_own_settings_without_data_say_what_would_work():
    cfg = own_config()
    del cfg["data"]
    with pytest.raises(state.InputError, match="type an example, upload a table"):
        state.read_config(cfg)


def test_data_beside_a_built_in_set_is_dropped():
    cfg = state.read_config({**state.DEFAULT_CONFIG, "data": WORKED})
    assert "data" not in cfg and cfg["dataset"] == "xor"


def test_older_settings_without_the_switch_still_read():
    old = {k: v for k, v in state.DEFAULT_CONFIG.items() if k != "train_shown"}
    assert state.read_config(old)["train_shown"] is False


# ---------- training on it ----------
def test_a_step_on_own_data_with_the_switch_trains_on_the_shown_example(app, client):
    cfg = state.read_config(own_config(train_shown=True, batch_size=16))
    net = views.fresh_start(cfg, run=0)["net_state"]
    request = {"nonce": 1, "steps": 1}
    r = post(app, client, "reply-store.data", [request], [cfg, net, -0.3, 1])
    reply = response(r)["reply-store"]["data"]
    assert reply["trace"]["batch"] == [1]
    ref = MLP.from_dict(net["net_json"])
    step = ref.train_step(
        np.array([WORKED["inputs"][1]]), np.array([WORKED["targets"][1]]), 10**-0.3
    )
    after = MLP.from_dict(reply["net_state"]["net_json"])
    for got, want in zip(after.weights, ref.weights, strict=True):
        np.testing.assert_array_equal(got, want)
    assert reply["trace"]["batch_loss"] == pytest.approx(step.loss, rel=1e-3)


def test_without_the_switch_a_batch_is_drawn_from_every_example():
    cfg = state.read_config(own_config(batch_size=16))
    assert training.batch_indices(cfg, 3, 0, example=1) == [0, 1, 2]
    one = state.read_config(own_config(batch_size=1))
    drawn = {training.batch_indices(one, 3, s, example=1)[0] for s in range(20)}
    assert drawn == {0, 1, 2}  # a random example each step, not the shown one


# ---------- files ----------
def test_a_saved_file_carries_own_data_and_opens_again(app, client):
    cfg = state.read_config(own_config(train_shown=True))
    net = views.fresh_start(cfg, run=0)["net_state"]
    text = export.setup_json(state.read_setup(cfg, net, -0.3, 2))
    doc = json.loads(text)
    assert doc["version"] == 2 and doc["data"] == WORKED and doc["example"] == 3
    assert doc["config"]["dataset"] == "own" and doc["config"]["train_shown"] is True
    assert "data" not in doc["config"]
    out = load_file(app, client, as_upload(text))
    assert out["config-store"]["data"] == cfg
    assert out["example-store"]["data"] == 2
    assert out["data-store"]["data"]["X"] == WORKED["inputs"]
    assert out["net-store"]["data"]["net_json"] == net["net_json"]


def test_a_built_in_file_carries_no_data():
    cfg = state.read_config(dict(state.DEFAULT_CONFIG))
    net = views.fresh_start(cfg, run=0)["net_state"]
    assert "data" not in json.loads(export.setup_json(state.read_setup(cfg, net, 0.0, 0)))


def _file(**changes) -> str:
    cfg = state.read_config(own_config())
    net = views.fresh_start(cfg, run=0)["net_state"]
    doc = json.loads(export.setup_json(state.read_setup(cfg, net, 0.0, 0)))
    doc.update(changes)
    return json.dumps(doc)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"data": {"inputs": [[0.1, 0.2], [0.3]], "targets": [[0], [1]]}},
         "The file was not used: example 2 has 1 input value; each example needs 2, "
         "a point (x₁, x₂). Nothing was changed."),
        ({"data": {"inputs": [[0.1, 0.2]], "targets": [[7]]}},
         "The file was not used: example 1's target 1 is 7; a sigmoid output gives values "
         "between 0 and 1, so a target must lie there too. Nothing was changed."),
        ({"config": {**state.DEFAULT_CONFIG}},
         'The file was not used: the file carries data, so its config.dataset must be "own". '
         "Nothing was changed."),
    ],
)  # fmt: skip
def test_a_file_with_bad_data_is_refused_in_words_and_changes_nothing(app, client, changes, words):
    out = load_file(app, client, as_upload(_file(**changes)))
    assert out == {"status-msg": {"children": words}, "import-json": {"contents": None}}


def test_the_step_csv_of_own_data_holds_the_engines_numbers_for_the_shown_example():
    cfg = state.read_config(own_config(train_shown=True))
    net = views.fresh_start(cfg, run=0)["net_state"]
    text = export.step_csv(state.read_setup(cfg, net, -0.3, 1))
    rows = [line.split(",") for line in text.splitlines()[1:]]
    x = [float(r[5]) for r in rows if r[0] == "example #2" and r[1] == "x"]
    assert x == WORKED["inputs"][1]
    batch = [float(r[5]) for r in rows if r[1] == "example numbers"]
    assert batch == [2.0]  # the shown example alone, counted from 1
    ref = MLP.from_dict(net["net_json"])
    fwd = ref.forward(np.array([WORKED["inputs"][1]]))
    bwd = ref.backward(fwd, np.array([WORKED["targets"][1]]))
    got = [float(r[5]) for r in rows if r[0] == "example #2" and r[1] == "dL/dW" and r[2] == "1"]
    assert got == bwd.grad_w[0].ravel().tolist()
