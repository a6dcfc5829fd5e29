"""A new student's path through the page, in headless Chromium (dash_duo).

Every test ends by checking that the browser logged no error and fetched nothing
from any host but the app's own (the page must work in an offline classroom)."""

from __future__ import annotations

import re

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from app.factory import create_app

# The lab comes first; the seed's sections follow it in the seed's order.
SECTIONS = [
    "The chain rule does the work",
    "Forward pass",
    "Backward pass",
    "The four steps of training",
    "Key ideas",
    "The mathematics",
    "Why it matters",
]


LAB_TOP = "return document.getElementById('lab').getBoundingClientRect().top;"


# ---------- helpers ----------
def open_page(dash_duo, speed: str = "Fast", size: tuple[int, int] = (1366, 768)):
    dash_duo.driver.set_window_size(*size)  # a classroom laptop unless told otherwise
    dash_duo.start_server(create_app())
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)
    # Equations are MathML in the page's prose; wait until the page has stopped
    # moving, then bring the lab to the top.
    until(lambda: len(dash_duo.find_elements(".bl-md math")) >= 12, 10)
    js(dash_duo, "document.getElementById('lab').scrollIntoView({behavior: 'instant'})")
    until(lambda: 0 <= js(dash_duo, LAB_TOP) < 20, 5)
    choose_speed(dash_duo, speed)


def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def choose_speed(dash_duo, name: str):
    label = dash_duo.driver.find_element("xpath", f"//label[normalize-space()='{name}']")
    label.click()
    until(lambda: "active" in label.get_attribute("class"), 3)


def press(dash_duo, button_id: str):
    dash_duo.find_element(f"#{button_id}").click()


def wait_idle(dash_duo, timeout: float = 20):
    # The phase machine is idle once every queued action has played out.
    until(lambda: js(dash_duo, "return BackpropLab.lab.idle()"), timeout)


def loss(dash_duo) -> float:
    return float(dash_duo.find_element("#loss-value").text.replace("−", "-"))


def step_class(dash_duo, n: int) -> str:
    return dash_duo.find_element(f"#algo-step-{n}").get_attribute("class")


def drawn_texts(dash_duo, trace: str) -> list[str]:
    """The labels of one trace of the diagram as drawn on screen (SVG text)."""
    return js(
        dash_duo,
        "const gd = BackpropLab.draw.graph(); const i = gd.layout.meta[arguments[0]];"
        "const layer = gd.querySelectorAll('.scatterlayer .trace')[i];"
        "return [...layer.querySelectorAll('.textpoint')].map(t => t.textContent.trim());",
        trace,
    )


def neuron_texts(dash_duo) -> list[str]:
    return drawn_texts(dash_duo, "neurons")


def delta_texts(dash_duo) -> list[str]:
    return drawn_texts(dash_duo, "deltas")


def edge_widths(dash_duo) -> list[float]:
    return js(
        dash_duo,
        "return BackpropLab.draw.graph().layout.shapes.map(s => s.line.width);",
    )


def server_posts(dash_duo) -> int:
    return js(
        dash_duo,
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('_dash-update-component')).length;",
    )


def assert_clean(dash_duo):
    errors = [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"]
    assert errors == [], errors
    origin = dash_duo.server_url.rstrip("/")
    names = js(dash_duo, "return performance.getEntriesByType('resource').map(e => e.name);")
    foreign = [n for n in names if not n.startswith(origin)]
    assert foreign == [], foreign


# ---------- the path ----------
def test_student_opens_the_page_and_sees_every_section_in_order(dash_duo):
    open_page(dash_duo)
    headings = [h.text for h in dash_duo.find_elements("h2, .bl-theory h3")]
    found = [h for h in headings if h in SECTIONS]
    assert found == SECTIONS
    assert js(dash_duo, LAB_TOP) < js(
        dash_duo, "return document.getElementById('theory').getBoundingClientRect().top;"
    )
    assert loss(dash_duo) > 0
    for bid in ("forward-btn", "backward-btn", "update-btn", "step-btn", "reset-btn"):
        assert dash_duo.find_element(f"#{bid}").is_displayed()
    assert dash_duo.find_element("#lr-value").text == "η = 1"
    assert "Showing example #1" in dash_duo.find_element("#example-label").text
    assert "mini-batch of 16" in dash_duo.find_element("#batch-label").text
    assert_clean(dash_duo)


def test_forward_sends_the_example_through_and_shows_the_loss(dash_duo):
    open_page(dash_duo)
    assert neuron_texts(dash_duo) == [""] * 11
    press(dash_duo, "forward-btn")
    until(lambda: "is-active" in step_class(dash_duo, 1), 5)
    wait_idle(dash_duo)
    assert "is-done" in step_class(dash_duo, 1) and "is-done" in step_class(dash_duo, 2)
    assert "is-done" not in step_class(dash_duo, 3)
    values = neuron_texts(dash_duo)
    assert all(re.fullmatch(r"−?\d+\.\d\d", v) for v in values), values
    detail = dash_duo.find_element("#algo-detail-2").text
    assert re.search(r"Mini-batch loss L = \d\.\d+", detail), detail
    assert delta_texts(dash_duo) == [""] * 11  # no δ before the backward pass
    assert dash_duo.find_element("#step-count").text == "0"
    assert_clean(dash_duo)


def test_backward_first_runs_the_forward_pass_and_says_so(dash_duo):
    open_page(dash_duo)
    press(dash_duo, "backward-btn")
    dash_duo.wait_for_contains_text("#status-msg", "forward pass ran first", timeout=5)
    wait_idle(dash_duo)
    for n in (1, 2, 3):
        assert "is-done" in step_class(dash_duo, n)
    assert "is-done" not in step_class(dash_duo, 4)
    deltas = delta_texts(dash_duo)
    assert deltas[:2] == ["", ""]  # inputs have no δ
    assert all(d.startswith("δ ") for d in deltas[2:]), deltas
    assert "‖∂L/∂W‖" in dash_duo.find_element("#algo-detail-3").text
    assert dash_duo.find_element("#step-count").text == "0"
    assert_clean(dash_duo)


def test_animation_plays_without_asking_the_server(dash_duo):
    open_page(dash_duo, speed="Normal")
    press(dash_duo, "forward-btn")
    wait_idle(dash_duo)
    posts = server_posts(dash_duo)
    frames = js(dash_duo, "return BackpropLab.anim.frames.length;")
    press(dash_duo, "backward-btn")
    until(lambda: "is-active" in step_class(dash_duo, 3), 5)
    wait_idle(dash_duo)
    assert js(dash_duo, "return BackpropLab.anim.frames.length;") > frames + 30  # it did animate
    assert server_posts(dash_duo) == posts  # ...from numbers already in the browser
    assert_clean(dash_duo)


def test_update_weights_applies_the_step_and_counts_it(dash_duo):
    open_page(dash_duo)
    before_loss = dash_duo.find_element("#loss-value").text
    press(dash_duo, "forward-btn")
    press(dash_duo, "backward-btn")
    wait_idle(dash_duo)
    widths = edge_widths(dash_duo)
    press(dash_duo, "update-btn")
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    wait_idle(dash_duo)
    assert "is-done" in step_class(dash_duo, 4) or "is-done" not in step_class(dash_duo, 1)
    assert edge_widths(dash_duo) != widths  # the connections took their new weights
    assert dash_duo.find_element("#loss-value").text != before_loss
    assert_clean(dash_duo)


def test_train_step_repeatedly_lowers_the_loss_on_xor(dash_duo):
    open_page(dash_duo, speed="Instant")
    start = loss(dash_duo)
    losses = []
    for _ in range(10):  # ten clicks at a time, as a student tapping the button
        for _ in range(10):
            press(dash_duo, "step-btn")
        wait_idle(dash_duo)
        losses.append(loss(dash_duo))
        if losses[-1] < 0.9 * start:
            break
    # Seeded data, weights and batches: the same run every time (about 40 steps).
    assert losses[-1] < 0.9 * start, (start, losses)
    steps = int(dash_duo.find_element("#step-count").text)
    assert steps == 10 * len(losses)
    # The chart has one point per step, the start included.
    n = js(
        dash_duo,
        "return document.getElementById('loss-graph')"
        ".querySelector('.js-plotly-plot').data[0].y.length;",
    )
    assert n == steps + 1
    assert_clean(dash_duo)


def test_five_quick_presses_of_train_step_take_five_steps(dash_duo):
    open_page(dash_duo, speed="Instant")
    # Five presses within a few milliseconds reach Dash's n_clicks as one: every
    # press must still count.
    js(dash_duo, "for (let i = 0; i < 5; i++) document.getElementById('step-btn').click();")
    dash_duo.wait_for_text_to_equal("#step-count", "5", timeout=15)
    wait_idle(dash_duo)
    assert dash_duo.find_element("#step-count").text == "5"
    assert_clean(dash_duo)


def test_presses_beyond_the_queue_are_refused_in_words(dash_duo):
    open_page(dash_duo, speed="Instant")
    js(
        dash_duo,
        "window.said = []; const s = document.getElementById('status-msg');"
        "new MutationObserver(() => said.push(s.textContent))"
        ".observe(s, {childList: true, subtree: true, characterData: true});"
        "const b = document.getElementById('step-btn'); for (let i = 0; i < 25; i++) b.click();",
    )
    # One step plays at once and twenty wait; the four presses after them are refused.
    dash_duo.wait_for_text_to_equal("#step-count", "21", timeout=30)
    wait_idle(dash_duo)
    assert dash_duo.find_element("#step-count").text == "21"
    said = js(dash_duo, "return window.said;")
    assert any("not queued" in t for t in said), said
    assert_clean(dash_duo)


def test_moving_the_slider_changes_the_learning_rate_used(dash_duo):
    open_page(dash_duo, speed="Instant")
    handle = dash_duo.find_element("#lr-slider [role=slider]")
    handle.send_keys(Keys.HOME)
    dash_duo.wait_for_text_to_equal("#lr-value", "η = 0.0001", timeout=5)
    handle.send_keys(Keys.END)
    dash_duo.wait_for_text_to_equal("#lr-value", "η = 10", timeout=5)
    handle.send_keys(Keys.ARROW_LEFT)
    dash_duo.wait_for_contains_text("#lr-value", "η = 8.9", timeout=5)
    press(dash_duo, "step-btn")
    wait_idle(dash_duo)
    detail = dash_duo.find_element("#algo-detail-4").text
    assert "η = 8.91" in detail, detail
    assert_clean(dash_duo)


def test_reset_starts_again_from_step_zero(dash_duo):
    open_page(dash_duo, speed="Instant")
    start = dash_duo.find_element("#loss-value").text
    for _ in range(3):
        press(dash_duo, "step-btn")
    dash_duo.wait_for_text_to_equal("#step-count", "3", timeout=10)
    choose_speed(dash_duo, "Slow")
    press(dash_duo, "forward-btn")
    until(lambda: "is-active" in step_class(dash_duo, 1), 5)
    press(dash_duo, "reset-btn")  # in the middle of an animation
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    dash_duo.wait_for_text_to_equal("#loss-value", start, timeout=5)
    wait_idle(dash_duo)
    until(lambda: neuron_texts(dash_duo) == [""] * 11, 5)
    assert all("is-" not in step_class(dash_duo, n) for n in (1, 2, 3, 4))
    assert_clean(dash_duo)


def test_clicking_a_point_picks_the_example_shown(dash_duo):
    open_page(dash_duo, speed="Instant")
    points = dash_duo.find_elements("#data-graph .scatterlayer .trace:first-child path.point")
    assert len(points) == 160
    ActionChains(dash_duo.driver).move_to_element(points[41]).click().perform()
    dash_duo.wait_for_contains_text("#example-label", "Showing example #42", timeout=5)
    press(dash_duo, "forward-btn")
    wait_idle(dash_duo)
    assert "for example #42" in dash_duo.find_element("#algo-detail-1").text
    assert_clean(dash_duo)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_lab_fits_a_laptop_and_a_projector(dash_duo, width, height):
    open_page(dash_duo, size=(width, height))
    assert js(dash_duo, "return document.documentElement.scrollWidth <= window.innerWidth;")
    # The toolbar stays on one row, and the diagram fits the screen's height.
    tops = js(
        dash_duo,
        "return ['forward-btn', 'reset-btn', 'lr-slider', 'speed-control']"
        ".map(id => document.getElementById(id).getBoundingClientRect().top);",
    )
    assert max(tops) - min(tops) < 40, tops
    card = js(
        dash_duo,
        "return document.querySelector('.bl-network-card').getBoundingClientRect().height;",
    )
    assert card < js(dash_duo, "return window.innerHeight;") - 100
    # The lab at the top of the screen shows the toolbar and the whole diagram.
    toolbar, diagram, height = js(
        dash_duo,
        "return [document.querySelector('.bl-toolbar').getBoundingClientRect().top,"
        " document.getElementById('network-graph').getBoundingClientRect().bottom,"
        " window.innerHeight];",
    )
    assert toolbar >= 0 and diagram <= height, (toolbar, diagram, height)
    # The settings wait folded, with the set-up in one line.
    assert dash_duo.find_element("#settings-details").get_attribute("open") is None
    summary = dash_duo.find_element("#settings-summary").text
    assert summary.startswith("XOR · ") and "σ = tanh" in summary, summary
    assert_clean(dash_duo)
