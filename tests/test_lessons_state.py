"""Links, lessons and files: round trips, and forged input posted the way a
browser (or an attacker) would, through Flask's test client."""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
import zlib
from urllib.parse import urlsplit

import numpy as np
import pytest

from app import export, lessons, state, training, urlstate, views
from tests.dash_requests import post


def trained(steps: int = 3):
    cfg = state.read_config(dict(state.DEFAULT_CONFIG))
    net = views.fresh_start(cfg, run=0)["net_state"]
    for _ in range(steps):
        net = training.run_steps(state.read_setup(cfg, net, 0.0, 0), 1)["net_state"]
    return cfg, net


def load(app, client, search, fragment="", contents=None, net=None):
    changed = "import-json.contents" if contents is not None else "url.search"
    r = post(app, client, "lesson-store.data", [search, fragment, contents], [net], changed=changed)
    assert r.status_code in (200, 204), r.data[:300]
    return r


def response(r) -> dict:
    return json.loads(r.data)["response"]


# ---------- round trips ----------
def test_link_to_setup_to_link_is_the_same_link():
    cfg, net = trained()
    setup = urlstate.Link(cfg, -0.35, 4, net["net_json"], net["step"], "worked", "present")
    search, fragment = urlstate.encode(setup)
    again = urlstate.parse(search, fragment)
    assert again == setup
    assert urlstate.encode(again) == (search, fragment)


def test_a_setting_added_to_the_defaults_travels_without_changes(monkeypatch):
    extra = {**state.DEFAULT_CONFIG, "momentum_demo": 0.25, "labels": ["a", "b"]}
    monkeypatch.setattr(state, "DEFAULT_CONFIG", extra)
    setup = urlstate.Link(dict(extra), 0.0)
    assert urlstate.parse(*urlstate.encode(setup)).config == extra


def test_a_link_with_weights_gives_the_same_numbers(app, client):
    cfg, net = trained()
    search, fragment = urlstate.encode(urlstate.Link(cfg, 0.0, 2, net["net_json"], net["step"]))
    out = response(load(app, client, search, fragment, net=None))
    loaded = out["net-store"]["data"]
    assert loaded["net_json"]["weights"] == net["net_json"]["weights"]
    assert loaded["step"] == 3 and out["example-store"]["data"] == 2
    ns = state.read_setup(cfg, net, 0.0, 0).net_state
    assert (
        out["view-store"]["data"]["train_loss"] == views.start_from(cfg, ns)["view"]["train_loss"]
    )


def test_export_then_import_gives_the_same_numbers(app, client):
    cfg, net = trained()
    text = export.setup_json(state.read_setup(cfg, net, -0.5, 7))
    contents = "data:application/json;base64," + base64.b64encode(text.encode()).decode()
    out = response(load(app, client, "", "", contents))
    assert out["net-store"]["data"]["net_json"] == net["net_json"]
    assert out["lr-slider"]["value"] == -0.5 and out["example-store"]["data"] == 7
    assert "from the file" in out["status-msg"]["children"]


def test_every_lesson_link_loads_through_the_ordinary_checks(app, client):
    for lesson in lessons.catalogue().values():
        u = urlsplit(lesson.href)
        out = response(load(app, client, "?" + u.query, "#" + u.fragment if u.fragment else ""))
        assert out["lesson-store"]["data"]["key"] == lesson.key
        assert out["config-store"]["data"] == state.read_config(lesson.link.config)


def test_worked_example_text_quotes_the_engines_numbers():
    text = " ".join(lessons.worked_steps())
    net = lessons.worked_net()
    fwd = net.forward(np.array([[1.0, 1.0]]))
    bwd = net.backward(fwd, np.array([[1.0]]))
    assert f"ŷ = σ(0) = {lessons.num(fwd.a[2][0, 0])}" in text
    assert f"= {lessons.num(bwd.delta[1][0, 0])}." in text
    assert "(0, 0.25)" in text and list(bwd.delta[0][0]) == [0.0, 0.25]


def words(component) -> str:
    """The text of a component tree as Dash sends it (JSON)."""
    if isinstance(component, str):
        return component
    if isinstance(component, list):
        return " ".join(words(c) for c in component)
    if isinstance(component, dict):
        return words(component.get("props", {}).get("children", ""))
    return ""


def worked_after(steps: int):
    """The worked lesson's set-up after `steps` Train steps, as the page holds it."""
    cfg = state.read_config(lessons.WORKED_CONFIG)
    net = {"net_json": lessons.worked_net().to_dict(), "step": 0, "run": 0}
    for _ in range(steps):
        net = training.run_steps(state.read_setup(cfg, net, 0.0, 0), 1)["net_state"]
    return cfg, net


def test_a_link_made_during_the_worked_lesson_quotes_the_step_it_reopens_at(app, client):
    cfg, net = worked_after(3)
    lesson = {"key": "worked", "for": [0, 0, 0]}
    r = post(app, client, "share-store.data", [1], [True, cfg, net, 0.0, 0, lesson])
    search, _, fragment = response(r)["share-store"]["data"].partition("#")
    out = response(load(app, client, search, "#" + fragment))
    text = words(out["lesson-panel"]["children"])
    # the engine's numbers for the network the link reopens, at step 3
    ns = state.read_setup(cfg, net, 0.0, 0).net_state
    fwd = ns.net.forward(np.array([[1.0, 1.0]]))
    yhat = fwd.a[2][0, 0]
    assert out["net-store"]["data"]["step"] == 3
    assert "for step 3" in text and "after 3 updates" in text
    assert f"= {lessons.num(yhat)}. The cross-entropy loss is L = −ln ŷ" in text
    assert lessons.num(yhat) != "0.5" and "ŷ = σ(0) = 0.5" not in text and "0.6931" not in text
    run = out["net-store"]["data"]["run"]
    assert out["lesson-store"]["data"] == {"key": "worked", "for": [run, 3, 0]}


def test_the_worked_lesson_works_its_numbers_out_again_for_the_step_on_show(app, client):
    cfg, net = worked_after(2)
    old = {"key": "worked", "for": [0, 0, 0]}
    r = post(
        app,
        client,
        "lesson-store.data",
        [1],
        [cfg, net, 0.0, 3, old],
        trigger="lesson-redo-btn.n_clicks",
    )
    out = response(r)
    assert out["lesson-store"]["data"] == {"key": "worked", "for": [0, 2, 3]}
    text = words(out["lesson-panel"]["children"])
    assert "The example is #4, x = (1, −1) with target y = 0" in text and "for step 2" in text
    assert "L = −ln(1 − ŷ)" in text
    forged = post(
        app,
        client,
        "lesson-store.data",
        [1],
        [cfg, net, 0.0, 0, {"key": "nope"}],
        trigger="lesson-redo-btn.n_clicks",
    )
    assert "no lesson called" in response(forged)["status-msg"]["children"]


def test_the_worked_lesson_under_other_settings_says_whose_numbers_it_quotes():
    cfg = state.read_config({**lessons.WORKED_CONFIG, "sizes": [2, 3, 1]})
    setup = state.read_setup(cfg, None, 0.0, 0, fresh_run=0)
    steps, for_ = lessons.text_for(lessons.catalogue()["worked"], setup)
    assert steps[0] == lessons.OTHER_SETTINGS and "at step 0" in steps[0] and for_ is None
    assert steps[1:] == lessons.worked_steps()


def test_step_csv_holds_the_engines_full_precision_numbers():
    cfg, net = trained(1)
    setup = state.read_setup(cfg, net, 0.0, 0)
    ns = setup.net_state
    rows = list(csv.DictReader(io.StringIO(export.step_csv(setup))))
    d2 = [r for r in rows if r["part"] == "example #1" and r["quantity"] == "delta"]
    ds = training.data.load(cfg)
    bwd = ns.net.backward(ns.net.forward(ds.X[:1]), ds.Y[:1])
    assert [float(r["value"]) for r in d2 if r["layer"] == "3"] == list(bwd.delta[2][0])


# ---------- forged links and files ----------
def _packed(obj) -> str:
    raw = json.dumps(obj).encode()
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.urlsafe_b64encode(c.compress(raw) + c.flush()).decode().rstrip("=")


BOMB = base64.urlsafe_b64encode(
    (lambda c: c.compress(b"[" * 5_000_000) + c.flush())(zlib.compressobj(9, zlib.DEFLATED, -15))
).decode()

FORGED_LINKS = [
    ("?sizes=2,99,1", "", "neurons per hidden layer"),
    ("?sizes=2," + ",".join(["8"] * 40) + ",1", "", "hidden layers"),
    ("?dataset=<script>alert(1)</script>", "", "dataset must be one of"),
    ("?eta=1e9", "", "learning-rate"),
    ("?eta=nan", "", "finite"),
    ("?eta=-1", "", "above 0"),
    ("?example=0", "", "1 or more"),
    ("?example=99999", "", "chosen example"),
    ("?hack=1", "", "unknown setting"),
    ("?seed=1&seed=2", "", "twice"),
    ("?view=<b>", "", "view must be"),
    ("?lesson=nope", "", "no lesson"),
    ("?seed=" + "9" * 3000, "", "too long"),
    ("?dataset=xor", "#w=%%%", "damaged"),
    ("?dataset=xor", "#w=" + BOMB[:50_000], "too large"),
    ("?dataset=xor", "#w=" + _packed({"format": "x"}), "does not match"),
    ("?dataset=xor", "#w=" + _packed([1, 2]), "does not match"),
    ("?sizes=2,4,1", "#w=" + "A" * 70_000, "too long"),
]


@pytest.mark.parametrize(("search", "fragment", "says"), FORGED_LINKS)
def test_a_forged_link_is_refused_with_a_message_and_changes_nothing(
    app, client, search, fragment, says
):
    out = response(load(app, client, search, fragment))
    assert set(out) == {"status-msg"}, out.keys()
    msg = out["status-msg"]["children"]
    assert msg.startswith("The link was not used") and says in msg, msg


def test_weights_that_do_not_fit_the_settings_are_refused(app, client):
    _cfg, net = trained(0)
    bigger = copy.deepcopy(net["net_json"])
    bigger["weights"][0][0][0] = "x"
    for bad in (bigger, {**net["net_json"], "sizes": [2, 8, 1]}):
        out = response(load(app, client, "?sizes=2,4,4,1", "#w=" + _packed(bad)))
        assert set(out) == {"status-msg"}


@pytest.mark.parametrize(
    "contents",
    [
        "not a data url",
        "data:application/json;base64,!!!!",
        "data:application/json;base64," + base64.b64encode(b"\xff\xfe").decode(),
        "data:application/json;base64," + base64.b64encode(b'{"format": 1}').decode(),
        "data:application/json;base64," + "A" * 180_000,
        12345,
    ],
)
def test_a_forged_file_is_refused_with_a_message(app, client, contents):
    out = response(load(app, client, "", "", contents))
    # nothing changes but the sentence, and the picker is cleared for the next pick
    assert set(out) == {"status-msg", "import-json"}
    assert out["import-json"] == {"contents": None}
    assert out["status-msg"]["children"].startswith("The file was not used")


def test_an_oversized_file_is_refused_before_it_is_decoded(app, client):
    with pytest.raises(state.InputError, match="too large"):
        export.read_setup_file("data:application/json;base64," + "A" * 300_000)
    r = post(
        app,
        client,
        "lesson-store.data",
        ["", "", "data:;base64," + "A" * 300_000],
        [None],
        changed="import-json.contents",
    )
    assert r.status_code == 413  # the request limit stops it even earlier


def test_an_in_page_anchor_does_not_reload_the_setup(app, client):
    r = post(
        app, client, "lesson-store.data", ["?sizes=2,4,1", "#lab", None], [None], changed="url.hash"
    )
    assert r.status_code == 204


def test_share_export_and_csv_refuse_forged_state(app, client):
    cfg, net = trained(0)
    forged = {**net, "step": -1}
    r = post(app, client, "share-store.data", [1], [True, cfg, forged, 0.0, 0, None])
    assert "No link was made" in response(r)["status-msg"]["children"]
    r = post(app, client, "json-download.data", [1], [cfg, forged, 0.0, 0])
    assert "Nothing was saved" in response(r)["status-msg"]["children"]
    r = post(app, client, "csv-download.data", [1], [cfg, net, 99.0, 0])
    assert "Nothing was saved" in response(r)["status-msg"]["children"]
    r = post(app, client, "share-store.data", [1], [True, cfg, net, 0.0, 0, {"key": "worked"}])
    link = response(r)["share-store"]["data"]
    assert "lesson=worked" in link and "#step=0&w=" in link


def test_the_largest_file_we_accept_fits_in_one_request():
    # The browser sends an opened file base64-encoded inside a callback request;
    # a file the limit lets through must never meet the request cap instead.
    from app import export, limits
    from backprop_engine import MLP

    # the same request carries the current network: the largest the classroom allows
    # (every input feature and as many outputs as the limits allow)
    sizes = [limits.MAX_INPUTS, *[limits.MAX_NEURONS] * limits.MAX_LAYERS, limits.MAX_OUTPUTS]
    largest = MLP(
        sizes,
        output_activation="softmax",
        loss="cross_entropy",
        momentum=0.9,
        normalization="layer",
    )
    net_state = len(json.dumps({"net_json": largest.to_dict(), "step": 10**9, "run": 2**31 - 1}))
    encoded = (export.MAX_FILE_BYTES + 2) // 3 * 4 + len("data:application/json;base64,")
    assert encoded + net_state + 4_000 < limits.MAX_REQUEST_BYTES
