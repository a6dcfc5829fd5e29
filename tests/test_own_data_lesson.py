"""The lesson "A worked example, number by number": the page's numbers equal the
published ones (Matt Mazur, "A Step by Step Backpropagation Example") to every
digit the source prints, in the lesson's text, after a Train step through the
page's own callbacks, and in the step's CSV."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from app import export, lesson_worked, lessons, state
from tests.dash_requests import post

# As printed in the source: (name, text).
PUBLISHED = [
    ("net_h1", "0.3775"),
    ("out_h1", "0.593269992"),
    ("out_h2", "0.596884378"),
    ("net_o1", "1.105905967"),
    ("out_o1", "0.75136507"),
    ("out_o2", "0.772928465"),
    ("E_total", "0.298371109"),
    ("dE_dw5", "0.082167041"),
    ("dE_dw1", "0.000438568"),
    ("w5+", "0.35891648"),
    ("w6+", "0.408666186"),
    ("w7+", "0.511301270"),
    ("w8+", "0.561370121"),
    ("w1+", "0.149780716"),
    ("w2+", "0.19956143"),
    ("w3+", "0.24975114"),
    ("w4+", "0.29950229"),
]
AFTER = ["w1+", "w2+", "w3+", "w4+", "w5+", "w6+", "w7+", "w8+"]


def printed(v: float, text: str) -> str:
    return f"{v:.{len(text.split('.')[1])}f}"


def test_the_engines_numbers_round_to_the_published_digits():
    v = lesson_worked.numbers()
    assert [(k, printed(v[k], t)) for k, t in PUBLISHED] == PUBLISHED


def test_the_lessons_text_prints_every_published_number():
    text = " ".join(lessons.get(lesson_worked.KEY).steps)
    missing = [t for _, t in PUBLISHED if t not in text]
    assert missing == []


def test_the_lesson_link_loads_and_a_train_step_gives_the_published_weights(app, client):
    lesson = lessons.get(lesson_worked.KEY)
    parts = urlsplit(lesson.href)
    r = post(
        app, client, "lesson-store.data", ["?" + parts.query, "#" + parts.fragment, None], [None],
        changed="url.search",
    )  # fmt: skip
    out = json.loads(r.data)["response"]
    cfg, net = out["config-store"]["data"], out["net-store"]["data"]
    lr_log, example = out["lr-slider"]["value"], out["example-store"]["data"]
    assert cfg["data"] == lesson_worked.DATA and cfg["train_shown"] is True and example == 0
    assert out["view-store"]["data"]["train_loss"] == 0.2984  # E_total as the read-out shows it

    csv_text = export.step_csv(state.read_setup(cfg, net, lr_log, example))
    rows = [line.split(",") for line in csv_text.splitlines()]
    loss = next(float(r[5]) for r in rows if r[0] == "example #1" and r[1] == "loss")
    assert printed(loss, "0.298371109") == "0.298371109"
    w5 = next(float(r[5]) for r in rows if r[0] == "example #1" and r[1] == "dL/dW" and r[2] == "2"
              and r[3] == "1" and r[4] == "1")  # fmt: skip
    assert printed(w5, "0.082167041") == "0.082167041"

    r = post(app, client, "reply-store.data", [{"nonce": 1, "steps": 1}], [cfg, net, lr_log, 0])
    reply = json.loads(r.data)["response"]["reply-store"]["data"]
    assert reply["trace"]["batch"] == [0]
    W = reply["net_state"]["net_json"]["weights"]
    after = [*W[0][0], *W[0][1], *W[1][0], *W[1][1]]
    want = dict(PUBLISHED)
    assert [printed(w, want[k]) for w, k in zip(after, AFTER, strict=True)] == [
        want[k] for k in AFTER
    ]


def test_the_lesson_opens_in_the_page_and_shows_the_published_error(dash_duo):
    from dash.testing.wait import until

    from app.factory import create_app
    from tests.test_page_user_path import assert_clean

    dash_duo.start_server(create_app())
    dash_duo.driver.get(dash_duo.server_url + lessons.get(lesson_worked.KEY).href)
    until(lambda: "A worked example" in dash_duo.find_element("#status-msg").text, 15)
    dash_duo.wait_for_text_to_equal("#loss-value", "0.2984", timeout=10)
    assert "0.298371109" in dash_duo.find_element("#lesson-panel").text
    assert_clean(dash_duo)
