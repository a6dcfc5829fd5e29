"""Each neuron's picture travels in every answer: the view at rest carries the
activation maps of the network it describes, computed by the engine on the coarse
grid, one byte a cell, and they change with a Train step."""

from __future__ import annotations

import base64

import numpy as np

from app import data, ids, state, views
from backprop_engine import MLP
from tests.dash_requests import post

CONFIG = dict(state.DEFAULT_CONFIG)
NET_STATE = views.fresh_start(CONFIG, run=0)["net_state"]


def decode(maps: dict) -> list[np.ndarray]:
    """The answer's pictures as arrays (n_l, n_grid) of a in [-1, 1]."""
    out = []
    for text in maps["layers"]:
        cells = np.frombuffer(base64.b64decode(text), dtype=np.uint8).astype(float)
        out.append(cells.reshape(-1, maps["size"] ** 2) / views.PICTURE_LEVELS * 2 - 1)
    return out


def reply(app, client, net_state=NET_STATE, request=None) -> dict:
    request = request or {"nonce": 1, "steps": 1}
    r = post(app, client, ids.REPLY_STORE, [request], [CONFIG, net_state, 0.0, 0])
    assert r.status_code == 200, r.data[:300]
    return r.get_json()["response"][ids.REPLY_STORE]["data"]


def engine_maps(net_state: dict) -> list[np.ndarray]:
    net = MLP.from_dict(net_state["net_json"])
    grid = data.picture_grid(data.load(CONFIG))
    return [np.clip(a, -1, 1).T for a in net.activation_maps(grid)]


def test_a_fresh_network_s_view_carries_every_neuron_s_picture():
    view = views.fresh_start(CONFIG, run=0)["view"]
    pictures = decode(view["activation_maps"])
    assert [p.shape for p in pictures] == [(4, 144), (4, 144), (1, 144)]
    for got, want in zip(pictures, engine_maps(NET_STATE), strict=True):
        np.testing.assert_allclose(got, want, atol=1 / views.PICTURE_LEVELS + 1e-9)
    # a picture, not a flat colour: every hidden neuron varies over the plane
    assert all(np.ptp(p[k]) > 0.1 for p in pictures[:-1] for k in range(len(p)))


def test_the_pictures_follow_a_train_step(app, client):
    before = decode(views.fresh_start(CONFIG, run=0)["view"]["activation_maps"])
    answer = reply(app, client)
    after = decode(answer["view"]["activation_maps"])
    assert any(not np.array_equal(b, a) for b, a in zip(before, after, strict=True))
    for got, want in zip(after, engine_maps(answer["net_state"]), strict=True):
        np.testing.assert_allclose(got, want, atol=1 / views.PICTURE_LEVELS + 1e-9)


def test_play_batches_carry_the_pictures_too(app, client):
    answer = reply(app, client, request={"nonce": 2, "steps": 20})
    assert answer["net_state"]["step"] == 20
    got = decode(answer["view"]["activation_maps"])
    for g, want in zip(got, engine_maps(answer["net_state"]), strict=True):
        np.testing.assert_allclose(g, want, atol=1 / views.PICTURE_LEVELS + 1e-9)


def test_the_pictures_are_small_in_the_answer():
    text = str(views.fresh_start(CONFIG, run=0)["view"]["activation_maps"])
    assert len(text) < 2 * 1024  # 9 neurons × 144 cells


def test_pictures_follow_the_input_features_the_network_sees():
    # x₁² as a third input: the pictures' grid goes through the same features as the data.
    cfg = state.read_config({**CONFIG, "features": ["x1", "x2", "x1_sq"], "sizes": [3, 4, 4, 1]})
    start = views.fresh_start(cfg, run=0)
    ds = data.load(cfg)
    grid = data.picture_grid(ds)
    assert grid.shape == (data.PICTURE_GRID**2, 3)
    np.testing.assert_allclose(grid[:, 2], grid[:, 0] ** 2)
    net = MLP.from_dict(start["net_state"]["net_json"])
    want = [np.clip(a, -1, 1).T for a in net.activation_maps(grid)]
    for got, exp in zip(decode(start["view"]["activation_maps"]), want, strict=True):
        assert np.abs(got - exp).max() <= 1 / views.PICTURE_LEVELS + 1e-9
