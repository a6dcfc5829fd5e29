"""A student sets a weight by hand, in headless Chromium (dash_duo): clicks a
connection, types a value, and the network uses it; what is not a number in range is
refused with a sentence and changes nothing."""

from __future__ import annotations

import numpy as np
import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from app import data, state
from app.factory import create_app
from backprop_engine import MLP

SHOTS = "/tmp/shots-weight-edit"
SIZES = state.DEFAULT_CONFIG["sizes"]  # [2, 4, 4, 1]
LAYER, ROW, COL = 2, 1, 3  # W(2)[2,4]: from neuron 4 of hidden layer 1 to neuron 2 of hidden 2
INPUT = "#weight-edit-input"
NET = "return BackpropLab.lab.state.net_state;"


def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def open_page(dash_duo):
    dash_duo.driver.set_window_size(1440, 1000)
    dash_duo.start_server(create_app())
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)
    until(lambda: len(pictures(dash_duo)) == sum(SIZES[1:]), 10)  # the diagram at rest
    js(
        dash_duo,
        "document.documentElement.style.scrollBehavior = 'auto';"
        "document.getElementById('network-graph').scrollIntoView({block: 'start'});",
    )


def click_connection(dash_duo, layer: int, row: int, col: int):
    """Click the connection of W(layer)[row, col] (counted from 0), in the diagram's
    order (app/figures.py: layer, then row, then column)."""
    k = sum(SIZES[i] * SIZES[i + 1] for i in range(layer - 1)) + row * SIZES[layer - 1] + col
    points = dash_duo.find_elements("#network-graph .scatterlayer .trace:nth-child(1) path.point")
    ActionChains(dash_duo.driver).move_to_element(points[k]).click().perform()


def type_value(dash_duo, text: str):
    box = dash_duo.find_element(INPUT)
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    box.send_keys(text, Keys.ENTER)


def message(dash_duo) -> str:
    return dash_duo.find_element(".bl-edit-message").text


def wait_idle(dash_duo):
    until(lambda: js(dash_duo, "return BackpropLab.lab.idle()"), 20)


def weight_in_diagram(dash_duo) -> str:
    """The hover text of the connection's label in the figure on screen."""
    return js(
        dash_duo,
        "const gd = BackpropLab.draw.graph(); const m = gd.layout.meta;"
        "const cd = gd.data[m.labels].customdata;"
        "const k = cd.findIndex((c) => c.join() === [...arguments].join());"
        "return gd.data[m.labels].hovertext[k];",
        LAYER,
        ROW,
        COL,
    )


def pictures(dash_duo) -> list[str]:
    return js(
        dash_duo, "return (BackpropLab.draw.graph().layout.images || []).map((i) => i.source);"
    )


def step_classes(dash_duo) -> list[str]:
    return [dash_duo.find_element(f"#algo-step-{n}").get_attribute("class") for n in (1, 2, 3, 4)]


def test_student_types_a_weight_and_the_network_uses_it(dash_duo):
    open_page(dash_duo)
    button = dash_duo.find_element("#forward-btn")
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()  # the forward pass of the network before the edit...
    wait_idle(dash_duo)
    assert "is-done" in step_classes(dash_duo)[0]
    click_connection(dash_duo, LAYER, ROW, COL)
    dash_duo.wait_for_element(INPUT, timeout=5)
    before = js(dash_duo, NET)
    was = MLP.from_dict(before["net_json"]).weights[LAYER - 1][ROW, COL]
    assert float(dash_duo.find_element(INPUT).get_attribute("value")) == pytest.approx(
        was, rel=1e-3
    )

    type_value(dash_duo, "0.5")
    until(lambda: "is now 0.5" in message(dash_duo), 10)
    wait_idle(dash_duo)
    after = js(dash_duo, NET)
    net = MLP.from_dict(after["net_json"])
    assert net.weights[LAYER - 1][ROW, COL] == 0.5
    assert after["step"] == before["step"] == 0  # no training step was taken
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=5)
    # the inspector and the diagram show the new value
    until(lambda: "= 0.5" in dash_duo.find_element(".bl-insp-title").text, 5)
    until(lambda: weight_in_diagram(dash_duo) == "W(2)[2,4] = 0.5", 5)
    assert dash_duo.find_element(INPUT).get_attribute("value") == "0.5"
    # ...is no longer shown as done: its numbers were of the old network
    assert not any("is-done" in c for c in step_classes(dash_duo))
    # the finite-difference check nudges the new value, not the old one
    dash_duo.wait_for_contains_text("#fd-body", "With w = 0.5 nudged", timeout=10)
    # what the neurons compute changed with it, from hidden layer 2 on
    until(lambda: len(pictures(dash_duo)) == sum(SIZES[1:]), 5)
    grid = data.picture_grid(data.load(state.DEFAULT_CONFIG))
    was_maps = MLP.from_dict(before["net_json"]).activation_maps(grid)
    now_maps = net.activation_maps(grid)
    shown = js(
        dash_duo,
        "return BackpropLab.pictures.decode(BackpropLab.lab.state.view.activation_maps)"
        ".map((l) => l.map((c) => Array.from(c)));",
    )
    for got, want in zip(shown, now_maps, strict=True):
        np.testing.assert_allclose(np.array(got) / 255 * 2 - 1, np.clip(want, -1, 1).T, atol=0.01)
    np.testing.assert_array_equal(was_maps[0], now_maps[0])  # before the edited layer
    assert not np.allclose(was_maps[1], now_maps[1])  # from it on
    dash_duo.driver.save_screenshot(f"{SHOTS}-set.png")

    # the next forward pass goes through the new weight: the engine agrees
    button = dash_duo.find_element("#forward-btn")
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    wait_idle(dash_duo)
    step = js(dash_duo, "return BackpropLab.lab.state.step;")
    assert step["weights_before"][LAYER - 1][ROW][COL] == 0.5
    x = data.load(state.DEFAULT_CONFIG).X[0:1]
    want = net.forward(x)
    for got, a in zip(step["shown"]["a"], want.a, strict=True):
        np.testing.assert_allclose(got, a[0], rtol=1e-3, atol=1e-6)
    dash_duo.driver.save_screenshot(f"{SHOTS}-forward.png")


@pytest.mark.parametrize(
    ("typed", "words"),
    [("abc", 'not "abc"'), ("1e9", "not 1e+09")],
)
def test_what_is_not_a_weight_gets_a_sentence_and_changes_nothing(dash_duo, typed, words):
    open_page(dash_duo)
    click_connection(dash_duo, LAYER, ROW, COL)
    dash_duo.wait_for_element(INPUT, timeout=5)
    before = js(dash_duo, NET)
    type_value(dash_duo, typed)
    until(lambda: words in message(dash_duo), 10)
    wait_idle(dash_duo)
    text = message(dash_duo)
    assert text.startswith("Nothing was changed: a weight can be set to a number from -100 to 100")
    assert "is-error" in dash_duo.find_element(".bl-edit-message").get_attribute("class")
    assert words in dash_duo.find_element("#status-msg").text
    assert js(dash_duo, NET) == before
    assert weight_in_diagram(dash_duo).startswith("W(2)[2,4] = ")
    assert "0.5" not in weight_in_diagram(dash_duo)
    dash_duo.driver.save_screenshot(f"{SHOTS}-refused-{typed}.png")
