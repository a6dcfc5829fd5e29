"""Several outputs on the server: the pairing rules, targets shaped (n, n_out),
the answers of a training request and the refusals, in words."""

from __future__ import annotations

import numpy as np
import pytest

from app import data, metrics, rules, state, training, views
from backprop_engine import MLP

THREE = {
    **state.DEFAULT_CONFIG,
    "dataset": "blobs3",
    "sizes": [2, 4, 4, 3],
    "loss": "cross_entropy",
    "output_activation": "softmax",
}


def setup_of(config, example=0):
    cfg = state.read_config(config)
    return state.read_setup(cfg, None, 0.0, example, fresh_run=0)


def test_the_pairing_rules_reach_the_browser():
    r = rules.browser_rules()
    assert r["dataset_loss"]["blobs3"] == "cross_entropy" and r["dataset_loss"]["xor"] == "bce"
    assert r["n_outputs"]["blobs3"] == {"bce": 3, "mse": 3, "cross_entropy": 3}
    assert r["n_outputs"]["xor"] == {"bce": 1, "mse": 1, "cross_entropy": 2}
    assert r["n_outputs"]["sine"] == {"mse": 1}
    assert r["outputs"]["classification"]["cross_entropy"] == "softmax"


@pytest.mark.parametrize(
    ("dataset", "loss", "output", "n_out"),
    [
        ("blobs3", "cross_entropy", "softmax", 3),
        ("blobs3", "bce", "sigmoid", 3),
        ("xor", "cross_entropy", "softmax", 2),
        ("xor", "bce", "sigmoid", 1),
    ],
)
def test_targets_are_one_column_per_output(dataset, loss, output, n_out):
    config = {**THREE, "dataset": dataset, "loss": loss, "output_activation": output}
    config["sizes"] = [2, 4, n_out]
    ds = setup_of(config).data
    assert ds.Y.shape == (len(ds.X), n_out) and ds.Y_test.shape == (len(ds.X_test), n_out)
    sent = ds.to_json(state.read_config(config))
    assert len(sent["Y"]) == len(ds.X) and all(len(row) == n_out for row in sent["Y"])
    assert {v for row in sent["Y"] for v in row} == {0, 1}
    assert all(isinstance(v, int) for row in sent["Y"] for v in row)  # "1", not "1.0"
    if n_out > 1:
        assert all(sum(row) == 1 for row in sent["Y"])  # one-hot


def test_regression_targets_keep_their_decimals():
    config = {**state.DEFAULT_CONFIG, "dataset": "sine", "loss": "mse"}
    config.update(output_activation="linear")
    ds = setup_of(config).data
    sent = ds.to_json(state.read_config(config))
    assert sent["Y"][0] == [round(float(ds.Y[0, 0]), 3)]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"sizes": [2, 4, 1]}, "the blobs3 data has 3 classes: with softmax cross-entropy"),
        ({"sizes": [2, 4, 2]}, "the output layer needs 3 units, one per class"),
        ({"dataset": "xor"}, "the xor data has 2 classes: with softmax cross-entropy"),
        ({"sizes": [2, 4, 9]}, "the number of outputs must be between 1 and 8"),
        ({"loss": "bce"}, "output activation must be one of: sigmoid"),
    ],
)
def test_a_wrong_output_layer_is_refused_in_words(change, words):
    with pytest.raises(state.InputError) as e:
        state.read_config({**THREE, **change})
    assert words in str(e.value)
    assert "(batch, outputs)" not in str(e.value)  # never the engine's own words


def test_a_training_step_answers_with_vectors_at_the_output():
    setup = setup_of(THREE, example=5)
    reply = training.run_steps(setup, 1)
    shown = reply["trace"]["shown"]
    assert len(shown["y"]) == 3 and sum(shown["y"]) == 1
    assert len(shown["a"][-1]) == 3 and abs(sum(shown["a"][-1]) - 1) < 1e-3  # softmax
    delta = np.array(shown["delta"][-1])  # δ(L) = a(L) − y, a vector
    assert delta.shape == (3,)
    assert np.allclose(delta, np.array(shown["a"][-1]) - np.array(shown["y"]), atol=1e-3)
    view = reply["view"]
    grid = data.GRID
    assert np.array(view["surface_class"]).shape == (grid, grid)
    assert set(np.unique(view["surface_class"])) <= {0, 1, 2}
    assert all(1 / 3 - 1e-3 <= v <= 1 for row in view["surface"] for v in row)


def test_the_surface_is_the_engines_predicted_class_and_confidence():
    setup = setup_of(THREE)
    net, ds = setup.net_state.net, setup.data
    out = views.surface(net, ds)
    p = net.predict(ds.grid)
    assert out["surface_class"][3][7] == int(np.argmax(p[3 * data.GRID + 7]))
    assert out["surface"][3][7] == pytest.approx(p[3 * data.GRID + 7].max(), abs=1e-3)


def test_accuracy_counts_the_largest_output_as_the_class():
    net = MLP([2, 3], output_activation="softmax", loss="cross_entropy")
    net.weights[0] = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]
    X = np.array([[2.0, 0.0], [0.0, 2.0], [-2.0, -2.0], [2.0, 0.0]])
    Y = np.eye(3)[[0, 1, 2, 1]]  # the last one is predicted class 0: wrong
    setup = setup_of(THREE)
    ds = setup.data
    fake = data.Dataset("t", "classification", X, Y, X, Y, ds.grid_x, ds.grid_y, ds.grid)
    assert metrics.measure(net, fake).shown["metric"]["train"] == 0.75
