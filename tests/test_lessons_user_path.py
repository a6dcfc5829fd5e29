"""A teacher's and a student's path through lessons, links, files, keys and
access settings, in headless Chromium (dash_duo)."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from dash.testing.wait import until
from selenium.common.exceptions import WebDriverException

from app import lessons, palette, state
from app.factory import create_app

SHOTS = Path(os.environ.get("BL_SHOTS", "/tmp/shots-lessons"))
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def shot(dash_duo, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    dash_duo.driver.save_screenshot(str(SHOTS / f"{name}.png"))


def ready(dash_duo) -> None:
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)


def open_page(dash_duo, path: str = "", size=(1366, 900)) -> None:
    dash_duo.driver.set_window_size(*size)
    dash_duo.start_server(create_app())
    if path:
        dash_duo.driver.get(dash_duo.server_url.rstrip("/") + path)
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    ready(dash_duo)
    js(dash_duo, "document.getElementById('speed-control').scrollIntoView()")


def press(dash_duo, selector: str) -> None:
    """Click as a user would, once the page (still typesetting) holds still."""

    def attempt() -> bool:
        el = dash_duo.find_element(selector)
        js(dash_duo, "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", el)
        try:
            el.click()
        except WebDriverException:
            return False
        return True

    until(attempt, 10)


def go(dash_duo, url: str) -> None:
    dash_duo.driver.get(url)
    until(lambda: js(dash_duo, "return document.readyState") == "complete", 10)
    ready(dash_duo)


def wait_idle(dash_duo, timeout: float = 20) -> None:
    until(lambda: js(dash_duo, "return BackpropLab.lab.idle()"), timeout)


def instant(dash_duo) -> None:
    label = dash_duo.driver.find_element("xpath", "//label[normalize-space()='Instant']")
    js(dash_duo, "arguments[0].click()", label)
    until(lambda: js(dash_duo, "return BackpropLab.lab.state.speed;") == 0, 5)


def shown(dash_duo):
    return js(dash_duo, "return BackpropLab.lab.state.step && BackpropLab.lab.state.step.shown;")


def sizes(dash_duo):
    return js(dash_duo, "return BackpropLab.draw.graph().layout.meta.sizes;")


def status(dash_duo) -> str:
    return dash_duo.find_element("#status-msg").text


def assert_clean(dash_duo) -> None:
    errors = [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"]
    assert errors == [], errors


# ---------- lessons ----------
def test_student_opens_the_worked_example_and_checks_every_number(dash_duo):
    open_page(dash_duo, lessons.catalogue()["worked"].href)
    dash_duo.wait_for_contains_text("#lesson-panel", "by hand", timeout=10)
    text = dash_duo.find_element("#lesson-panel").text
    assert "z(1) = (0.5·1 + (−1)·1 + 0, 1·1 + 0.5·1 + 0) = (−0.5, 1.5)" in text
    until(lambda: sizes(dash_duo) == [2, 2, 1], 10)
    # the data set menu and the folded settings name the lesson's hand-made data
    chosen = (
        "const s = document.getElementById('dataset-select');"
        "return s.options[s.selectedIndex].text;"
    )
    until(lambda: js(dash_duo, chosen) == "Four corners (worked example)", 5)
    summary = dash_duo.find_element("#settings-summary").text
    assert summary.startswith("Four corners (worked example) · ") and "σ = ReLU" in summary
    instant(dash_duo)
    press(dash_duo, "#forward-btn")
    press(dash_duo, "#backward-btn")
    wait_idle(dash_duo)
    sh = shown(dash_duo)
    # what the diagram holds is what the guided text worked out by hand
    assert sh["x"] == [1, 1] and sh["y"] == [1]
    assert sh["z"] == [[-0.5, 1.5], [0]] and sh["a"][1] == [0, 1.5] and sh["a"][2] == [0.5]
    assert sh["delta"] == [[0, 0.25], [-0.5]]
    assert sh["grad_w"] == [[[0, 0], [0.25, 0.25]], [[0, -0.75]]]
    assert "(0, 0.25)" in text and "(0, −0.75)" in text and "0.6931" in text
    shot(dash_duo, "worked-lesson")
    assert_clean(dash_duo)


def test_the_worked_lesson_never_quotes_another_steps_numbers_as_the_ones_on_show(dash_duo):
    open_page(dash_duo, lessons.catalogue()["worked"].href)
    dash_duo.wait_for_contains_text("#lesson-panel", "for step 0", timeout=10)
    note = dash_duo.find_element("#lesson-note")
    assert not note.is_displayed()
    instant(dash_duo)
    for _ in range(3):
        press(dash_duo, "#step-btn")
        wait_idle(dash_duo)
    dash_duo.wait_for_text_to_equal("#step-count", "3", timeout=10)
    # the text still speaks of step 0, and the page says so beside it
    until(lambda: note.is_displayed(), 5)
    assert "for step 0 and example #1; the network is now at step 3" in note.text
    press(dash_duo, "#lesson-redo-btn")
    dash_duo.wait_for_contains_text("#lesson-panel", "for step 3", timeout=10)
    until(lambda: not note.is_displayed(), 5)
    text = dash_duo.find_element("#lesson-panel").text
    assert "after 3 updates" in text and "0.6931" not in text
    # a link made now reopens at step 3 with step 3's numbers
    press(dash_duo, "label[for='share-weights']")
    press(dash_duo, "#share-btn")
    until(lambda: "#step=3&w=" in dash_duo.find_element("#share-link").get_attribute("value"), 10)
    link = dash_duo.find_element("#share-link").get_attribute("value")
    js(dash_duo, "window.open('about:blank', '_self')")
    go(dash_duo, link)
    dash_duo.wait_for_text_to_equal("#step-count", "3", timeout=10)
    dash_duo.wait_for_contains_text("#lesson-panel", "for step 3", timeout=10)
    assert dash_duo.find_element("#lesson-panel").text == text
    assert not dash_duo.find_element("#lesson-note").is_displayed()
    shot(dash_duo, "worked-lesson-step-3")
    assert_clean(dash_duo)


def test_student_moves_between_lessons_from_the_lesson_bar(dash_duo):
    open_page(dash_duo)
    press(dash_duo, "#lesson-select a[href*='lesson=xor-flat']")
    dash_duo.wait_for_contains_text("#lesson-panel", "XOR without a hidden layer", timeout=10)
    until(lambda: sizes(dash_duo) == [2, 1], 10)
    press(dash_duo, "#lesson-select a[href*='lesson=lr-high']")
    dash_duo.wait_for_contains_text("#lesson-panel", "too high", timeout=10)
    until(lambda: sizes(dash_duo) == [2, 4, 4, 1], 10)
    dash_duo.wait_for_text_to_equal("#lr-value", "η = 10", timeout=5)
    active = dash_duo.find_element("#lesson-select .is-active").text
    assert active.startswith("Learning rate too high")
    assert_clean(dash_duo)


# ---------- links ----------
def test_a_link_with_weights_reproduces_the_network_in_a_fresh_page(dash_duo):
    open_page(dash_duo)
    instant(dash_duo)
    for _ in range(2):
        press(dash_duo, "#step-btn")
        wait_idle(dash_duo)
    dash_duo.wait_for_text_to_equal("#step-count", "2", timeout=10)
    loss = dash_duo.find_element("#loss-value").text
    weights = js(dash_duo, "return BackpropLab.lab.state.net_state.net_json.weights;")
    press(dash_duo, "label[for='share-weights']")
    press(dash_duo, "#share-btn")
    until(lambda: "#step=2&w=" in (dash_duo.find_element("#share-link").get_attribute("value")), 10)
    link = dash_duo.find_element("#share-link").get_attribute("value")
    shot(dash_duo, "share-bar")
    assert link.startswith(dash_duo.server_url.rstrip("/") + "/?dataset=xor")
    assert len(link) < 4000

    js(dash_duo, "window.open('about:blank', '_self')")  # a fresh page: no state carried over
    go(dash_duo, link)
    dash_duo.wait_for_text_to_equal("#step-count", "2", timeout=10)
    assert dash_duo.find_element("#loss-value").text == loss
    assert js(dash_duo, "return BackpropLab.lab.state.net_state.net_json.weights;") == weights
    assert_clean(dash_duo)


def test_a_hand_edited_link_that_is_wrong_says_why_and_changes_nothing(dash_duo):
    open_page(dash_duo, "/?sizes=2,99,1&eta=0.1")
    dash_duo.wait_for_contains_text("#status-msg", "The link was not used", timeout=10)
    assert "neurons per hidden layer" in status(dash_duo)
    assert sizes(dash_duo) == state.DEFAULT_CONFIG["sizes"]
    assert dash_duo.find_element("#lr-value").text == "η = 1"
    go(dash_duo, dash_duo.server_url.rstrip("/") + "/?dataset=xor#w=AAAA<b>x</b>")
    dash_duo.wait_for_contains_text("#status-msg", "weights are damaged", timeout=10)
    assert not dash_duo.driver.find_elements("css selector", "#status-msg b")
    assert_clean(dash_duo)


def test_teacher_projects_the_presentation_view_without_controls(dash_duo):
    open_page(dash_duo, lessons.catalogue()["xor-hidden"].href + "&view=present", (1600, 900))
    dash_duo.wait_for_contains_text("#lesson-panel", "one hidden layer", timeout=10)
    for hidden in (".bl-hero", ".bl-control-lr", ".bl-share-bar", ".bl-lessons", ".bl-pg-panel"):
        assert not dash_duo.find_element(hidden).is_displayed(), hidden
    assert dash_duo.find_element("#network-graph").is_displayed()
    assert dash_duo.find_element("#lesson-panel").is_displayed()
    # the teacher drives it from the keyboard
    instant(dash_duo) if dash_duo.find_element("#speed-control").is_displayed() else None
    js(dash_duo, "BackpropLab.lab.sync({speed: 0})")
    dash_duo.find_element("body").send_keys("t")
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    js(dash_duo, "window.scrollTo(0, 0)")
    shot(dash_duo, "presentation-view")
    assert_clean(dash_duo)


# ---------- files ----------
def test_student_saves_the_network_and_the_step_numbers_and_opens_the_file(dash_duo, tmp_path):
    open_page(dash_duo)
    instant(dash_duo)
    press(dash_duo, "#step-btn")
    wait_idle(dash_duo)
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    loss = dash_duo.find_element("#loss-value").text
    press(dash_duo, "#export-json-btn")
    press(dash_duo, "#export-csv-btn")
    saved = Path(dash_duo.download_path)
    until(lambda: (saved / "backprop-lab-step-1.json").exists(), 10)
    until(lambda: (saved / "backprop-lab-step-2.csv").exists(), 10)
    table = (saved / "backprop-lab-step-2.csv").read_text()
    assert table.startswith("part,quantity,layer,row,column,value")
    assert "example #1,delta,2,1" in table and "mini-batch of step 2,dL/dW (mean),3,1,4" in table

    press(dash_duo, "#reset-btn")
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    upload = dash_duo.find_element("#import-json input[type=file]")
    upload.send_keys(str(saved / "backprop-lab-step-1.json"))
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    assert dash_duo.find_element("#loss-value").text == loss
    assert "from the file is loaded" in status(dash_duo)
    # the same file again, after a Reset, loads again: the second pick is not lost
    press(dash_duo, "#reset-btn")
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    upload.send_keys(str(saved / "backprop-lab-step-1.json"))
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    assert dash_duo.find_element("#loss-value").text == loss

    bad = json.loads((saved / "backprop-lab-step-1.json").read_text())
    bad["net_json"]["weights"][0][0][0] = "<img src=x onerror=alert(1)>"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    upload.send_keys(str(tmp_path / "bad.json"))
    dash_duo.wait_for_contains_text("#status-msg", "The file was not used", timeout=10)
    assert dash_duo.find_element("#step-count").text == "1"
    assert not dash_duo.driver.find_elements("css selector", "#status-msg img")

    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps({"padding": "x" * 400_000}))
    upload.send_keys(str(huge))
    dash_duo.wait_for_contains_text("#status-msg", "at most 120 KB", timeout=10)
    assert "The file was not used" in status(dash_duo)
    assert dash_duo.find_element("#step-count").text == "1"
    assert dash_duo.find_element("#loss-value").text == loss
    assert_clean(dash_duo)


# ---------- keyboard and access ----------
def test_keyboard_keys_press_the_buttons_but_not_while_typing(dash_duo):
    open_page(dash_duo)
    instant(dash_duo)
    body = dash_duo.find_element("body")
    body.send_keys("f")
    until(lambda: shown(dash_duo) is not None, 10)
    wait_idle(dash_duo)
    assert "is-done" in dash_duo.find_element("#algo-step-2").get_attribute("class")
    body.send_keys("t")
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    body.send_keys("]")  # a sub-step key whose button may not exist: nothing breaks
    body.send_keys("?")
    until(lambda: dash_duo.find_element("#keyboard-help").get_attribute("open") is not None, 5)
    assert "Train step" in dash_duo.find_element("#keyboard-help").text
    if dash_duo.driver.find_elements("css selector", "#play-btn"):
        body.send_keys("p")  # Play ...
        until(lambda: int(dash_duo.find_element("#step-count").text) > 2, 15)
        body.send_keys("p")  # ... and Pause
        time.sleep(1.0)
        wait_idle(dash_duo)
    count = dash_duo.find_element("#step-count").text
    field = dash_duo.find_element("#share-link")
    field.click()
    field.send_keys("tfbu")
    time.sleep(0.8)
    assert dash_duo.find_element("#step-count").text == count
    assert shown(dash_duo) is None or js(dash_duo, "return BackpropLab.lab.idle()")
    js(dash_duo, "document.activeElement.blur()")
    assert_clean(dash_duo)


NEURON_SCALE = (
    "const gd = BackpropLab.draw.graph(); return gd.data[gd.layout.meta.neurons].marker.colorscale;"
)
SURFACE_SCALE = (
    "return document.getElementById('data-graph').querySelector('.js-plotly-plot')"
    ".data[0].colorscale;"
)
NEGATIVE_DASHES = (
    "const gd = BackpropLab.draw.graph();"
    "const w = BackpropLab.draw.flatEdges(BackpropLab.lab.state.view.weights);"
    "return gd.layout.shapes.filter((s, k) => w[k] < 0).map(s => s.line.dash || 'solid');"
)
POSITIVE_DASHES = NEGATIVE_DASHES.replace("w[k] < 0", "w[k] >= 0")


def server_posts(dash_duo) -> int:
    return js(
        dash_duo,
        "return performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('_dash-update-component')).length;",
    )


def test_colour_blind_palette_and_reduced_motion(dash_duo):
    open_page(dash_duo)
    before = js(dash_duo, "return BackpropLab.palette.colours.backward;")
    neurons, surface = js(dash_duo, NEURON_SCALE), js(dash_duo, SURFACE_SCALE)
    assert set(js(dash_duo, NEGATIVE_DASHES)) == {"solid"}
    posts = server_posts(dash_duo)
    press(dash_duo, "#palette-switch")
    until(lambda: js(dash_duo, "return BackpropLab.palette.colours.backward;") == "213, 94, 0", 5)
    assert before != "213, 94, 0"
    # the neuron fill and the data shading change too, drawn in the browser alone
    until(lambda: js(dash_duo, NEURON_SCALE) != neurons, 5)
    # a negative activation takes the negative weights' colour (app/palette.py)
    assert js(dash_duo, NEURON_SCALE)[0][1].lower() == palette.hex_of(palette.COLOURBLIND["neg"])
    until(lambda: js(dash_duo, SURFACE_SCALE) != surface, 5)
    assert js(dash_duo, SURFACE_SCALE)[-1][1].lower() == "#0072b2"
    # negative weights are dashed, so their sign shows without colour
    assert set(js(dash_duo, NEGATIVE_DASHES)) == {"dash"}
    assert set(js(dash_duo, POSITIVE_DASHES)) == {"solid"}
    assert server_posts(dash_duo) == posts
    css = js(
        dash_duo,
        "return getComputedStyle(document.querySelector('.bl-page'))"
        ".getPropertyValue('--bl-backward');",
    )
    assert css.strip().lower() == "#d55e00"
    # the direction of a moving signal is drawn as a shape as well
    assert js(dash_duo, "return typeof BackpropLab.palette.directionMark;") == "function"

    dash_duo.driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
    )
    until(lambda: js(dash_duo, "return BackpropLab.lab.state.speed;") == 0, 5)
    instant_label = dash_duo.driver.find_element("xpath", "//label[normalize-space()='Instant']")
    until(lambda: "active" in instant_label.get_attribute("class"), 5)
    press(dash_duo, "#step-btn")
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    # the choice is kept for the next visit
    dash_duo.driver.refresh()
    ready(dash_duo)
    until(lambda: js(dash_duo, "return BackpropLab.palette.colours.backward;") == "213, 94, 0", 5)
    assert_clean(dash_duo)


def test_page_has_no_serious_accessibility_violations(dash_duo):
    open_page(dash_duo, lessons.catalogue()["worked"].href)
    dash_duo.wait_for_contains_text("#lesson-panel", "by hand", timeout=10)
    js(dash_duo, AXE.read_text())
    dash_duo.driver.set_script_timeout(30)
    result = dash_duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)
