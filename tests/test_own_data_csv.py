"""Uploading a table of one's own data: good and bad tables, posted as the page sends
them, and once through the upload box in headless Chromium."""

from __future__ import annotations

import base64
import json

import pytest
from dash.testing.wait import until

from app import state, views
from tests.dash_requests import post
from tests.test_own_data_page import STATE, click, open_editor, type_example
from tests.test_page_user_path import assert_clean, js, open_page

GOOD = "x1,x2,y\n0.05,0.10,0.01\n\n1,-1,0.99\n-0.5,0.5,1\n"


def as_upload(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def upload(app, client, text, targets="auto", config=None):
    cfg = state.read_config(config or dict(state.DEFAULT_CONFIG))
    net = views.fresh_start(cfg, run=0)["net_state"]
    r = post(
        app, client, "config-store.data", [as_upload(text)], [targets, cfg, net, 0.0, 5],
        trigger="own-csv.contents",
    )  # fmt: skip
    assert r.status_code == 200, r.data[:300]
    return json.loads(r.data)["response"], net


def test_a_good_table_becomes_the_data_and_the_network_stays(app, client):
    out, _ = upload(app, client, GOOD)
    cfg = out["config-store"]["data"]
    assert cfg["dataset"] == "own" and cfg["n_samples"] == 3
    assert cfg["data"]["inputs"] == [[0.05, 0.1], [1.0, -1.0], [-0.5, 0.5]]
    assert cfg["data"]["targets"] == [[0.01], [0.99], [1.0]]
    assert out["example-store"]["data"] == 0 and "net-store" not in out
    assert out["status-msg"]["children"] == (
        "The table is loaded: 3 examples of your own. The network stays."
    )


@pytest.mark.parametrize(
    ("text", "targets", "words"),
    [
        ("0.1,0.2,0.3\n", "auto",
         "line 1 holds numbers, not column names; add a header line such as x1,x2,y"),
        ("x1,x2,y\n1,2,0\n3,4\n", "auto",
         "line 3 has 2 values; the header names 3 columns, so each line needs 3"),
        ("x1,x2,y\n1,2,0\n\n3,oops,1\n", "auto",
         "line 4's input 2 is not a number ('oops'); type a number there"),
        ("x1,x2,y\n1,2,7\n", "auto",
         "line 2's target 1 is 7; a sigmoid output gives values between 0 and 1, "
         "so a target must lie there too"),
        ("x1,x2,y1,y2\n1,2,0,1\n", "auto",
         "line 1 names 4 columns; the network needs 2 input columns then 1 target column, "
         "3 in all, such as x1,x2,y"),
        ("x1,x2,y1,y2\n1,2,0,1\n", "2",
         "the network has 1 output neuron, so it learns 1 target column, not 2; "
         "choose that number or change the output layer under Settings"),
        ("x1,x2,y\n", "auto", "the table has a header but no examples; add one example per line"),
        ("", "auto", "the table is empty; line 1 should name the columns, such as x1,x2,y"),
        ("x1,x2,y\n1,2,0\n", "9",
         "the number of target columns must be one of the chooser's choices"),
    ],
)  # fmt: skip
def test_a_bad_table_is_refused_naming_the_line_and_changes_nothing(
    app, client, text, targets, words
):
    out, _ = upload(app, client, text, targets)
    # nothing changes but the sentence, and the picker is cleared for the next pick
    assert out == {
        "status-msg": {"children": f"The table was not used: {words}. Nothing was changed."},
        "own-csv": {"contents": None},
    }


def test_a_table_that_is_not_text_or_too_large_is_refused(app, client):
    out, _ = upload(app, client, "x1,x2,y\n" + "0.5,0.5,0.5\n" * 4000)
    assert "the table is too large (at most 40 KB)" in out["status-msg"]["children"]
    cfg = state.read_config(dict(state.DEFAULT_CONFIG))
    net = views.fresh_start(cfg, run=0)["net_state"]
    bad = "data:text/csv;base64," + base64.b64encode(b"\xff\xfe\x00x").decode()
    r = post(
        app,
        client,
        "config-store.data",
        [bad],
        ["auto", cfg, net, 0.0, 0],
        trigger="own-csv.contents",
    )
    assert "is not text (UTF-8)" in json.loads(r.data)["response"]["status-msg"]["children"]


def test_the_upload_box_loads_a_table_in_the_page(dash_duo, tmp_path):
    path = tmp_path / "worked.csv"
    path.write_text(GOOD)
    open_page(dash_duo, speed="Instant")
    open_editor(dash_duo)
    dash_duo.find_element("#own-csv input[type=file]").send_keys(str(path))
    until(
        lambda: "The table is loaded: 3 examples" in dash_duo.find_element("#status-msg").text, 10
    )
    assert js(dash_duo, STATE + ".data.X") == [[0.05, 0.1], [1, -1], [-0.5, 0.5]]
    until(lambda: "Your own data: 3 examples" in dash_duo.find_element("#own-note").text, 10)
    # an example added by hand, then the same table picked again: the table is the data
    type_example(dash_duo, ["0.3", "0.4"], ["0.5"])
    click(dash_duo, "#own-add-btn")
    until(lambda: len(js(dash_duo, STATE + ".data.X")) == 4, 10)
    dash_duo.find_element("#own-csv input[type=file]").send_keys(str(path))
    until(lambda: len(js(dash_duo, STATE + ".data.X")) == 3, 10)
    assert "The table is loaded: 3 examples" in dash_duo.find_element("#status-msg").text
    assert_clean(dash_duo)
