"""Links carry a small data set of the user's own after #, packed like the weights."""

from __future__ import annotations

import json

import numpy as np
import pytest

from app import limits, state, urlstate, views
from tests.dash_requests import post
from tests.test_own_data import WORKED, own_config


def load(app, client, search, fragment):
    r = post(app, client, "lesson-store.data", [search, fragment, None], [None], changed="url.hash")
    assert r.status_code == 200, r.data[:300]
    return json.loads(r.data)["response"]


def share(app, client, cfg, with_weights=True, example=1):
    net = views.fresh_start(cfg, run=0)["net_state"]
    r = post(app, client, "share-store.data", [1], [with_weights, cfg, net, -0.3, example, None])
    assert r.status_code == 200, r.data[:300]
    return json.loads(r.data)["response"], net


@pytest.mark.parametrize("with_weights", [True, False])
def test_a_link_carries_own_data_after_the_hash_and_opens_the_same(app, client, with_weights):
    cfg = state.read_config(own_config(train_shown=True))
    out, net = share(app, client, cfg, with_weights)
    link = out["share-store"]["data"]
    search, fragment = link.split("#", 1)
    assert "dataset=own" in search and "train_shown=1" in search and "data=" not in search
    assert ("&d=" if with_weights else "d=") in fragment
    loaded = load(app, client, search, "#" + fragment)
    assert loaded["config-store"]["data"] == cfg
    assert loaded["data-store"]["data"]["X"] == WORKED["inputs"]
    assert loaded["example-store"]["data"] == 1
    if with_weights:
        assert loaded["net-store"]["data"]["net_json"] == net["net_json"]


def test_the_largest_data_set_fits_in_a_link_with_the_largest_network():
    rng = np.random.default_rng(0)
    big = {
        "inputs": rng.uniform(-1, 1, (limits.MAX_SAMPLES, 2)).tolist(),
        "targets": rng.uniform(0, 1, (limits.MAX_SAMPLES, 1)).tolist(),
    }
    sizes = [2, *[limits.MAX_NEURONS] * limits.MAX_LAYERS, 1]
    cfg = state.read_config(own_config(big, sizes=sizes))
    net = views.fresh_start(cfg, run=0)["net_state"]
    search, fragment = urlstate.encode(urlstate.Link(cfg, 0.0, 0, net["net_json"], 0))
    assert len(fragment) <= urlstate.MAX_HASH_CHARS
    assert urlstate.parse(search, fragment).config["data"] == cfg["data"]


def test_a_link_that_would_be_too_long_is_refused_in_words(app, client, monkeypatch):
    monkeypatch.setattr(urlstate, "MAX_HASH_CHARS", 200)  # a bound a data set can pass
    out, _ = share(app, client, state.read_config(own_config()))
    words = out["status-msg"]["children"]
    assert words.startswith("No link was made: the link would be too long (")
    assert "at most 200); save the network as a file instead" in words
    assert "share-store" not in out


@pytest.mark.parametrize(
    ("search", "fragment", "words"),
    [
        ("?dataset=own&loss=mse", "#d=!!", "the link's data are damaged (unexpected characters)"),
        ("?dataset=own&loss=mse", "#d=AAAA", "the link's data are damaged and could not be read"),
        ("?dataset=own&loss=mse", "",
         "the settings name your own data but carry none; "
         "type an example, upload a table or pick a data set"),
        ("?dataset=own&loss=mse",
         "#d=" + urlstate.pack_net({"inputs": [[1, 2]], "targets": [[3]]}),
         "example 1's target 1 is 3; a sigmoid output gives values between 0 and 1, "
         "so a target must lie there too"),
    ],
)  # fmt: skip
def test_a_link_with_bad_data_is_refused_in_words(app, client, search, fragment, words):
    r = post(
        app, client, "lesson-store.data", [search, fragment, None], [None],
        changed="url.search",
    )  # fmt: skip
    out = json.loads(r.data)["response"]
    assert out == {
        "status-msg": {"children": f"The link was not used: {words}. Nothing was changed."}
    }
