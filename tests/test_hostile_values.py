"""Values an attacker found that once broke the server, in every callback that reads a
set-up: integers too large for a float in any number field, set-ups with several
outputs, odd `changedPropIds`, and long strings the answer used to repeat. Each is
answered with a sentence (or a 4xx), never a 500, Python's own words or an echo."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import export, ids, limits, state, training, views
from app.factory import create_app
from tests.dash_requests import post

APP = create_app()
CLIENT = APP.server.test_client()
CONFIG = dict(state.DEFAULT_CONFIG)
NET_STATE = views.fresh_start(CONFIG, run=0)["net_state"]
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Integers no float holds (the largest float is about 1.8e308), and big ones that fit.
huge = st.one_of(
    st.integers(min_value=2**1024, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(2**1024)),
    st.integers(min_value=2**63, max_value=2**1023),
)


def _sentence(r, output: str, prop: str = "children") -> str:
    """The status sentence of an answer, checked for the faults once found."""
    assert r.status_code == 200, r.data[:300]
    text = r.get_data(as_text=True)
    assert "Traceback" not in text and "too large to convert" not in text, text[:300]
    answer = json.loads(text)["response"]
    if output == ids.REPLY_STORE:
        assert "net_state" not in answer[ids.REPLY_STORE]["data"]
    return answer[ids.STATUS][prop]


def train(config=CONFIG, net_state=NET_STATE, lr_log=0.0, example=0, request=None):
    request = request or {"nonce": 1, "steps": 1}
    r = post(APP, CLIENT, ids.REPLY_STORE, [request], [config, net_state, lr_log, example])
    return _sentence(r, ids.REPLY_STORE)


def share(config=CONFIG, net_state=NET_STATE, lr_log=0.0, example=0):
    states = [True, config, net_state, lr_log, example, None]
    return _sentence(post(APP, CLIENT, ids.SHARE_STORE, [1], states), ids.SHARE_STORE)


def save(output: str, config=CONFIG, net_state=NET_STATE, lr_log=0.0, example=0):
    return _sentence(post(APP, CLIENT, output, [1], [config, net_state, lr_log, example]), output)


def apply(config: Any) -> str:
    request = {"nonce": 1, "config": config}
    trigger = f"{ids.APPLY_STORE}.data"
    r = post(APP, CLIENT, ids.CONFIG_STORE, [request], [NET_STATE], trigger=trigger)
    return _sentence(r, ids.CONFIG_STORE)


def reset(config: Any) -> str:
    r = post(APP, CLIENT, ids.CONFIG_STORE, [1], [config, NET_STATE])
    return _sentence(r, ids.CONFIG_STORE)


def every_reader(config=CONFIG, net_state=NET_STATE, lr_log=0.0, example=0) -> list[str]:
    """The sentence of each callback that reads the whole set-up."""
    args = (config, net_state, lr_log, example)
    return [
        train(*args),
        share(*args),
        save(ids.JSON_DOWNLOAD, *args),
        save(ids.CSV_DOWNLOAD, *args),
    ]


# ---------- integers too large for a float ----------
NUMBER_FIELDS = ["noise", "test_fraction", "batch_size", "n_samples", "seed"]


@pytest.mark.parametrize("field", [*NUMBER_FIELDS, "sizes.0", "sizes.1", "sizes.-1"])
@SETTINGS
@given(value=huge)
def test_a_huge_integer_in_any_setting_gets_a_sentence(field, value):
    config = copy.deepcopy(CONFIG)
    if field.startswith("sizes."):
        config["sizes"][int(field.split(".")[1])] = value
    else:
        config[field] = value
    for said in every_reader(config=config):
        assert said.startswith(("Nothing was changed", "No link was made", "Nothing was saved"))
    assert apply(config).startswith("Nothing was changed")
    assert "defaults" in reset(config)


@SETTINGS
@given(value=huge, where=st.sampled_from(["lr_log", "example", "step", "run", "weight"]))
def test_a_huge_integer_in_the_network_rate_or_example_gets_a_sentence(value, where):
    net_state, lr_log, example = copy.deepcopy(NET_STATE), 0.0, 0
    if where == "lr_log":
        lr_log = value
    elif where == "example":
        example = value
    elif where == "weight":
        net_state["net_json"]["weights"][0][0][0] = value
    else:
        net_state[where] = value
    for said in every_reader(net_state=net_state, lr_log=lr_log, example=example):
        assert "refused" in said or "must be" in said, said


@SETTINGS
@given(value=huge, where=st.sampled_from(["nonce", "steps"]))
def test_a_huge_integer_in_the_request_gets_a_sentence(value, where):
    request = {"nonce": 1, "steps": 1, where: value}
    assert "must be between" in train(request=request)


@SETTINGS
@given(value=huge, where=st.sampled_from(["eps", "example", "weight"]))
def test_a_huge_integer_in_the_finite_difference_check_gets_a_sentence(value, where):
    request = {"net_state": NET_STATE, "example": 3, "weight": [1, 2, 0], "eps": 1e-4}
    request[where] = [1, value, 0] if where == "weight" else value
    r = post(APP, CLIENT, ids.FD_STORE, [request], [CONFIG])
    assert r.status_code == 200 and "too large" not in r.get_data(as_text=True)
    assert r.get_json()["response"][ids.FD_STORE]["data"]["error"].startswith("The check was")


def _file(doc: dict) -> str:
    return "data:application/json;base64," + base64.b64encode(json.dumps(doc).encode()).decode()


@SETTINGS
@given(value=huge, where=st.sampled_from(["lr_log", "example", "step"]))
def test_a_huge_integer_in_an_opened_file_gets_a_sentence(value, where):
    setup = state.read_setup(CONFIG, NET_STATE, 0.0, 0)
    doc = json.loads(export.setup_json(setup))
    doc[where] = value
    r = post(
        APP,
        CLIENT,
        ids.LESSON_STORE,
        ["", "", _file(doc)],
        [None],
        changed=f"{ids.IMPORT_JSON}.contents",
    )
    assert _sentence(r, ids.LESSON_STORE).startswith("The file was not used")


# ---------- an output layer of the wrong size ----------
@SETTINGS
@given(
    outputs=st.integers(2, 4),
    hidden=st.lists(st.integers(1, limits.MAX_NEURONS), max_size=3),
    dataset=st.sampled_from(["xor", "sine"]),
)
def test_more_outputs_than_the_data_has_targets_is_refused_everywhere(outputs, hidden, dataset):
    config = {**CONFIG, "sizes": [2, *hidden, outputs], "dataset": dataset}
    if dataset == "sine":
        config.update(loss="mse", output_activation="linear")
    for said in every_reader(config=config):
        assert "the output layer needs 1 unit" in said, said
    assert "the output layer needs 1 unit" in apply(config)
    assert "defaults" in reset(config)


# ---------- odd changedPropIds in the link-loading callback ----------
@SETTINGS
@given(
    changed=st.one_of(
        st.text(max_size=40),
        st.sampled_from(["{", "{bad.search", '{"a":1}.x', "...", ".", "url", '{"id":[1]}.hash']),
    )
)
def test_odd_changed_prop_ids_never_break_the_link_loader(changed):
    body_values = ["?seed=1", "", None]
    r = post(APP, CLIENT, ids.LESSON_STORE, body_values, [None], changed=changed)
    assert r.status_code in (200, 204, 400), r.data[:300]
    assert "Traceback" not in r.get_data(as_text=True)


# ---------- echoes ----------
LONG = "x" * 200_000


@pytest.mark.parametrize(
    ("config", "net_state"),
    [
        ({**CONFIG, "activation": LONG}, NET_STATE),
        ({**CONFIG, "dataset": LONG}, NET_STATE),
        (CONFIG, {**NET_STATE, "net_json": {**NET_STATE["net_json"], "activation": LONG}}),
        (CONFIG, {**NET_STATE, "net_json": {**NET_STATE["net_json"], "loss": LONG}}),
        (CONFIG, {**NET_STATE, "net_json": {**NET_STATE["net_json"], LONG[:5000]: 1}}),
    ],
)
def test_no_answer_repeats_more_than_200_characters_of_what_was_sent(config, net_state):
    outputs = [ids.REPLY_STORE, ids.SHARE_STORE, ids.JSON_DOWNLOAD, ids.CSV_DOWNLOAD]
    for output in outputs:
        states = [config, net_state, 0.0, 0]
        if output == ids.SHARE_STORE:
            states = [True, *states, None]
        inputs = [{"nonce": 1, "steps": 1}] if output == ids.REPLY_STORE else [1]
        r = post(APP, CLIENT, output, inputs, states)
        assert r.status_code == 200
        assert r.get_data(as_text=True).count("x") <= 200, output


# ---------- the work budget ----------
LARGEST = {
    **CONFIG,
    "sizes": [2, *[limits.MAX_NEURONS] * limits.MAX_LAYERS, 1],
    "n_samples": limits.MAX_SAMPLES,
    "batch_size": limits.MAX_SAMPLES // 2,
    "normalization": True,
    "residual": True,
}


def test_the_largest_request_runs_only_the_steps_the_budget_allows():
    cfg = state.read_config(LARGEST)
    allowed = training.affordable_steps(cfg, limits.MAX_STEPS_PER_REQUEST)
    assert 1 <= allowed < limits.MAX_STEPS_PER_REQUEST
    net_state = views.fresh_start(cfg, run=0)["net_state"]
    request = {"nonce": 1, "steps": limits.MAX_STEPS_PER_REQUEST}
    r = post(APP, CLIENT, ids.REPLY_STORE, [request], [cfg, net_state, -4.0, 0])
    reply = r.get_json()["response"][ids.REPLY_STORE]["data"]
    assert reply["net_state"]["step"] == allowed == len(reply["grad_norms"])


def test_the_page_s_own_play_batches_are_never_trimmed():
    cfg = state.read_config(CONFIG)
    assert training.affordable_steps(cfg, limits.MAX_STEPS_PER_REQUEST) == 50
    deep = state.read_config({**CONFIG, "sizes": [2, *[8] * 10, 1], "activation": "sigmoid"})
    assert training.affordable_steps(deep, 20) == 20  # the deep preset at Fast
