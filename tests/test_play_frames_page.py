"""Play at Normal speed, watched in headless Chromium: the page asks the server about
once a second, the diagram moves between the answers through the states each answer
carries (its frames), and Pause leaves everything on screen telling one story."""

from __future__ import annotations

import time

from dash.testing.wait import until

from app import rules
from tests.test_playground_page import assert_clean, js, open_page, playing, press, steps

# The nonce of the page's last training request, read from Dash's own store.
NONCE = """
const st = window.dash_stores[window.dash_stores.length - 1].getState();
let node = st.layout;
for (const k of st.paths.strs["request-store"]) node = node[k];
return node.props.data ? node.props.data.nonce : 0;
"""
NET_STORE_STEP = NONCE.replace('"request-store"', '"net-store"').replace(
    "node.props.data.nonce", "node.props.data.step"
)

# Every frame Play shows, with what the diagram looked like right after it was painted.
RECORD_FRAMES = """
window.__frames = [];
window.__wanted = [];
document.addEventListener("bl:paint", function (e) {
  window.__wanted = (e.detail.layout.images || []).map((im) => im.source);
});
document.addEventListener("bl:frame", function (e) {
  const m = BackpropLab.draw.base.layout.meta;
  const gd = BackpropLab.draw.graph();
  const trace = gd.querySelectorAll(".scatterlayer .trace")[m.neurons];
  window.__frames.push({
    step: e.detail.frame.step,
    last: e.detail.last,
    reply: e.detail.reply.net_state.step,
    weights: JSON.stringify(e.detail.frame.weights),
    painted: JSON.stringify(BackpropLab.draw.lastLook.weights),
    a: e.detail.frame.shown.a.flat().map((v) => BackpropLab.util.fmtShort(v)),
    texts: Array.from(trace.querySelectorAll(".textpoint text")).map((t) => t.textContent),
    pictures: window.__wanted,
    drawn: Array.from(gd.querySelectorAll(".imagelayer image")).map(
      (el) => el.getAttributeNS("http://www.w3.org/1999/xlink", "href")),
  });
});
"""

PACE_S = rules.PLAY_PACE_MS / 1000


def test_play_at_normal_speed_asks_about_once_a_second(dash_duo):
    open_page(dash_duo, speed="Normal")
    press(dash_duo, "play-btn")
    until(lambda: steps(dash_duo) > 0, 10)
    first = js(dash_duo, NONCE)
    watched = 5.0
    time.sleep(watched)
    asked = js(dash_duo, NONCE) - first
    # one request a pace at most (the next goes out once an answer is adopted), plus
    # the one that may be in flight as the watch ends
    assert 0 < asked <= watched / PACE_S + 1
    press(dash_duo, "play-btn")
    until(lambda: not playing(dash_duo) and js(dash_duo, "return BackpropLab.lab.idle()"), 10)
    assert_clean(dash_duo)


def test_the_diagram_moves_between_answers_through_each_answers_frames(dash_duo):
    open_page(dash_duo, speed="Normal")
    js(dash_duo, RECORD_FRAMES)
    press(dash_duo, "play-btn")
    until(lambda: len({f["reply"] for f in js(dash_duo, "return window.__frames")}) >= 3, 15)
    press(dash_duo, "play-btn")
    until(lambda: js(dash_duo, "return BackpropLab.lab.idle()"), 10)
    frames = js(dash_duo, "return window.__frames")
    by_reply: dict[int, list[dict]] = {}
    for f in frames:
        by_reply.setdefault(f["reply"], []).append(f)
    full = [fs for fs in by_reply.values() if fs[-1]["last"] and len(fs) == rules.PLAY_FRAMES]
    assert full, [[f["step"] for f in fs] for fs in by_reply.values()]
    for fs in full:
        # several states between two answers, in step order, ending at the answer's own
        assert [f["step"] for f in fs] == sorted({f["step"] for f in fs})
        assert fs[-1]["step"] == fs[-1]["reply"]
        assert len({f["weights"] for f in fs}) == len(fs)
    for f in frames:
        # what the diagram drew is that frame's network and that frame's a(l), and
        # the neurons' pictures of the view it was painted with (none once paused:
        # the neurons then show the example's values)
        assert f["painted"] == f["weights"]
        assert f["texts"] == f["a"]
        assert f["drawn"] == f["pictures"]
    # each answer's view brings the neurons' pictures of its network
    playing_ends = [fs[-1]["pictures"] for fs in full if fs[-1]["pictures"]]
    assert len(playing_ends) >= 2 and len(set(map(tuple, playing_ends))) == len(playing_ends)
    assert_clean(dash_duo)


def test_pause_leaves_the_diagram_the_network_and_the_step_count_agreeing(dash_duo):
    open_page(dash_duo, speed="Normal")
    js(dash_duo, RECORD_FRAMES)
    press(dash_duo, "play-btn")
    # pause between two answers, while an answer's frames play
    until(lambda: any(not f["last"] for f in js(dash_duo, "return window.__frames")[1:]), 15)
    press(dash_duo, "play-btn")
    until(lambda: not playing(dash_duo) and js(dash_duo, "return BackpropLab.lab.idle()"), 10)
    time.sleep(2 * PACE_S)  # an answer asked for before the pause must not be adopted
    state = js(
        dash_duo,
        "const S = BackpropLab.lab.state;"
        "return {net: S.net_state.step, view: S.view.step, drawn: S.drawn === S.view,"
        " weights: JSON.stringify(S.view.weights),"
        " painted: JSON.stringify(BackpropLab.draw.lastLook.weights)};",
    )
    assert state["drawn"] and state["net"] == state["view"]
    assert js(dash_duo, NET_STORE_STEP) == state["net"] == steps(dash_duo)
    assert state["painted"] == state["weights"]
    assert f"Paused at step {state['net']}" in dash_duo.find_element("#status-msg").text
    assert_clean(dash_duo)
    # Train step goes on from the paused network
    press(dash_duo, "step-btn")
    until(lambda: steps(dash_duo) == state["net"] + 1, 15)


# How far the loss chart's line reaches, as drawn.
LOSS_REACH = """
const gd = document.getElementById('loss-graph').querySelector('.js-plotly-plot');
const x = gd && gd.data && gd.data[0] ? gd.data[0].x : [];
return x.length ? x[x.length - 1] : null;
"""


def test_on_a_phone_play_draws_the_charts_once_they_are_scrolled_to(dash_duo):
    open_page(dash_duo, speed="Normal", size=(390, 844))
    js(dash_duo, "window.scrollTo(0, 0)")  # the diagram; the charts are further down
    below = "return document.getElementById('loss-graph').getBoundingClientRect().top > innerHeight"
    assert js(dash_duo, below)
    before = js(dash_duo, LOSS_REACH)
    js(dash_duo, "document.getElementById('play-btn').click()")  # a press, without scrolling
    until(lambda: steps(dash_duo) >= 40, 15)
    assert js(dash_duo, LOSS_REACH) == before  # off screen: not redrawn while Play runs
    js(dash_duo, "document.getElementById('loss-graph').scrollIntoView({block: 'center'})")
    until(lambda: (js(dash_duo, LOSS_REACH) or 0) >= 20, 5)  # drawn once it is seen
    js(dash_duo, "document.getElementById('play-btn').click()")
    until(lambda: not playing(dash_duo) and js(dash_duo, "return BackpropLab.lab.idle()"), 10)
    # paused: every chart is the network's as it stands
    until(lambda: js(dash_duo, LOSS_REACH) == steps(dash_duo), 5)
    assert_clean(dash_duo)
