"""The example editor in headless Chromium: type an example, train on exactly it,
and compare the page's numbers with the engine's."""

from __future__ import annotations

import numpy as np
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select

from backprop_engine import MLP
from tests.test_page_user_path import assert_clean, js, open_page, wait_idle

STATE = "return BackpropLab.lab.state"


def click(dash_duo, selector: str) -> None:
    # A DOM click, as a press makes: the lab's sticky toolbar may cover the element
    # in a small headless window, which would refuse a click at its position.
    js(dash_duo, "arguments[0].click();", dash_duo.find_element(selector))


def type_example(dash_duo, inputs: list[str], targets: list[str]) -> None:
    for kind, values in (("own-input", inputs), ("own-target", targets)):
        for i, v in enumerate(values, start=1):
            field = dash_duo.find_element(f"#{kind}-{i}")
            field.send_keys(Keys.CONTROL, "a")  # a React field ignores clear()
            field.send_keys(v)


def open_editor(dash_duo) -> None:
    click(dash_duo, "#own-editor summary")
    until(lambda: dash_duo.find_element("#own-input-1").is_displayed(), 5)


def status(dash_duo) -> str:
    return dash_duo.find_element("#status-msg").text


def test_a_typed_example_becomes_the_data_and_a_step_trains_on_exactly_it(dash_duo):
    open_page(dash_duo, speed="Instant")
    open_editor(dash_duo)
    before = js(dash_duo, STATE + ".net_state")
    type_example(dash_duo, ["0.05", "0.10"], ["0.01"])
    click(dash_duo, "#own-replace-btn")
    until(lambda: "Your own data now: one example" in status(dash_duo), 10)
    data = js(dash_duo, STATE + ".data")
    assert data["dataset"] == "own" and data["X"] == [[0.05, 0.1]] and data["Y"] == [[0.01]]
    assert js(dash_duo, STATE + ".net_state") == before  # the network stays
    assert "Your own data: 1 example" in dash_duo.find_element("#own-note").text

    # The switch: said on screen, and a step then trains on the shown example alone.
    click(dash_duo, "#train-shown")
    until(lambda: "now uses example #1 alone" in status(dash_duo), 10)
    click(dash_duo, "#step-btn")
    wait_idle(dash_duo)
    until(lambda: js(dash_duo, STATE + ".net_state.step") == 1, 10)
    after = js(dash_duo, STATE + ".net_state")
    lr = 10 ** js(dash_duo, STATE + ".lr_log")
    net = MLP.from_dict(before["net_json"])
    ref = net.train_step(np.array([[0.05, 0.10]]), np.array([[0.01]]), lr)
    got = MLP.from_dict(after["net_json"])
    for w, want in zip(got.weights, net.weights, strict=True):
        np.testing.assert_array_equal(w, want)
    shown = js(dash_duo, "return BackpropLab.lab.state.view.train_loss")
    assert abs(shown - float(net.loss(net.forward(np.array([[0.05, 0.1]])), [[0.01]]))) < 1e-3
    assert ref.loss > 0
    assert_clean(dash_duo)


def test_add_then_replace_and_a_bad_value_changes_nothing(dash_duo):
    open_page(dash_duo, speed="Instant")
    open_editor(dash_duo)
    type_example(dash_duo, ["1", "1"], ["1"])
    click(dash_duo, "#own-add-btn")
    until(lambda: "Your own data now" in status(dash_duo), 10)
    type_example(dash_duo, ["-1", "0.5"], ["0"])
    click(dash_duo, "#own-add-btn")  # two quick presses: two examples
    click(dash_duo, "#own-add-btn")
    until(lambda: "The data has 3 examples" in status(dash_duo), 10)
    wait_idle(dash_duo)
    X = js(dash_duo, STATE + ".data.X")
    assert X == [[1, 1], [-1, 0.5], [-1, 0.5]]
    assert js(dash_duo, STATE + ".example") == 2

    type_example(dash_duo, ["abc", "0"], ["2"])
    click(dash_duo, "#own-replace-btn")
    until(lambda: "input 1 is not a number ('abc')" in status(dash_duo), 10)
    assert status(dash_duo).startswith("Nothing was changed")
    type_example(dash_duo, ["0", "0"], ["2"])
    click(dash_duo, "#own-replace-btn")
    until(lambda: "example 3's target 1 is 2" in status(dash_duo), 10)
    assert js(dash_duo, STATE + ".data.X") == X
    assert_clean(dash_duo)


PLOT = "document.querySelector('#data-graph .js-plotly-plot')"


def click_plot_at(dash_duo, x: float, y: float) -> None:
    """A real mouse click on the data plot at the point (x, y) of its axes."""
    drag = dash_duo.find_element("#data-graph .nsewdrag")
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", drag)
    px, py = js(
        dash_duo,
        f"const gd = {PLOT}; const L = gd._fullLayout;"
        "const d = arguments[2].getBoundingClientRect(); const g = gd.getBoundingClientRect();"
        "return [L.xaxis._offset + L.xaxis.c2p(arguments[0]) + g.left - d.left,"
        "        L.yaxis._offset + L.yaxis.c2p(arguments[1]) + g.top - d.top];",
        x,
        y,
        drag,
    )
    # this Selenium measures the offset from the element's top-left corner
    ActionChains(dash_duo.driver).move_to_element_with_offset(
        drag, round(px), round(py)
    ).click().perform()


def choose_click_mode(dash_duo, value: str) -> None:
    Select(dash_duo.find_element("#own-click-mode")).select_by_value(value)
    until(lambda: js(dash_duo, "return BackpropLab.ownData.mode()") == value, 5)


def test_clicks_on_the_plot_add_a_point_of_the_chosen_class_and_remove_it(dash_duo):
    # A tall window: the whole plot in view, so the click lands where it was aimed.
    open_page(dash_duo, speed="Instant", size=(1366, 1600))
    n = len(js(dash_duo, STATE + ".data.X"))
    choose_click_mode(dash_duo, "add-1")
    click_plot_at(dash_duo, 0.2, -0.3)
    until(lambda: f"The data has {n + 1} examples" in status(dash_duo), 10)
    wait_idle(dash_duo)
    data = js(dash_duo, STATE + ".data")
    assert len(data["X"]) == n + 1  # one press, one point
    x, y = data["X"][-1]
    assert data["dataset"] == "own" and data["Y"][-1] == [1]
    assert abs(x - 0.2) < 0.05 and abs(y + 0.3) < 0.05  # where the mouse went, to a pixel
    choose_click_mode(dash_duo, "remove")
    # the plot redrawn for the new data (its axes span the new data) before aiming
    drawn = f"return {PLOT}.data.find(t => t.name === 'training data').x.length"
    until(lambda: js(dash_duo, drawn) == n + 1, 10)
    click_plot_at(dash_duo, x, y)
    until(lambda: f"The data has {n} examples" in status(dash_duo), 10)
    assert [x, y] not in js(dash_duo, STATE + ".data.X")
    assert_clean(dash_duo)
