"""Input features on the server: the settings choose them, the network sees the
engine's map of each point, the diagram names them, links and files carry them."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from app import data, export, figures, state, training, urlstate
from backprop_engine.features import features

SQUARES = {**state.DEFAULT_CONFIG, "dataset": "circle", "features": ["x1_sq", "x2_sq"]}


def setup_of(config, example=0):
    return state.read_setup(state.read_config(config), None, 0.0, example, fresh_run=0)


def test_the_network_sees_the_engines_features_and_the_plot_the_points():
    setup = setup_of({**SQUARES, "features": ["sin_x2", "x1", "x1_x2"], "sizes": [3, 4, 1]})
    ds = setup.data
    assert setup.config["features"] == ["x1", "x1_x2", "sin_x2"]  # the engine's order
    assert ds.X.shape == (len(ds.points), 3) and ds.grid.shape == (data.GRID**2, 3)
    assert np.array_equal(ds.X, features(ds.points, ["x1", "x1_x2", "sin_x2"]))
    sent = ds.to_json(setup.config)
    assert sent["X"][0] == [round(v, 3) for v in ds.points[0]]  # the points, for the plot
    assert sent["inputs"] == ["x₁", "x₁x₂", "sin x₂"]


def test_a_step_traces_the_feature_values_as_a0():
    setup = setup_of({**SQUARES, "sizes": [2, 1]}, example=4)
    shown = training.run_steps(setup, 1)["trace"]["shown"]
    point = setup.data.points[4]
    assert shown["x"] == pytest.approx(point**2, rel=1e-3)
    assert shown["a"][0] == shown["x"]


def test_the_diagram_names_the_chosen_features():
    cfg = state.read_config({**SQUARES, "sizes": [2, 1]})
    figure = figures.network_figure(cfg["sizes"], data.input_labels(cfg))
    texts = [a["text"] for a in figure["layout"]["annotations"]]
    assert "x₁²" in texts and "x₂²" in texts


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"sizes": [2, 4, 4, 1], "features": ["x1"]}, "one unit per chosen input feature: 1"),
        ({"features": []}, "choose at least one input feature"),
        ({"features": ["x1", "x1"]}, "each once"),
        ({"features": ["x3", "x1"]}, "must be among x1, x2, x1_sq"),
        ({"features": "x1,x2"}, "choose at least one input feature"),
        ({"features": ["x1"] * 50}, "choose at least one input feature"),
    ],
)
def test_a_bad_choice_of_features_is_refused_in_words(change, words):
    with pytest.raises(state.InputError) as e:
        state.read_config({**state.DEFAULT_CONFIG, **change})
    assert words in str(e.value)


def test_links_and_files_carry_the_features():
    setup = setup_of({**SQUARES, "sizes": [2, 3, 1]})
    search, fragment = urlstate.encode(urlstate.Link(setup.config, 0.0))
    assert "features=x1_sq,x2_sq" in search
    assert urlstate.parse(search, fragment).config["features"] == ["x1_sq", "x2_sq"]
    doc = export.setup_json(setup)
    contents = "data:application/json;base64," + base64.b64encode(doc.encode()).decode()
    assert export.read_setup_file(contents).config["features"] == ["x1_sq", "x2_sq"]


def test_a_file_saved_before_features_existed_still_opens_on_x1_and_x2():
    setup = setup_of(state.DEFAULT_CONFIG)
    doc = json.loads(export.setup_json(setup))
    del doc["config"]["features"]
    contents = "data:application/json;base64," + base64.b64encode(json.dumps(doc).encode()).decode()
    link = export.read_setup_file(contents)
    assert link.config["features"] == ["x1", "x2"]
    state.read_setup(link.config, {"net_json": link.net_json, "step": 0, "run": 0}, 0.0, 0)
