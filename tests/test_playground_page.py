"""The training playground, walked as a student would in headless Chromium:
Play and Pause, the settings that start a new network, the learning rate as a
lesson, and the vanishing-gradients lab."""

from __future__ import annotations

from dash.testing.wait import until

from app.factory import create_app

SHOTS = "/tmp/shots-playground"


def open_page(dash_duo, speed: str = "Fast", size=(1366, 768)):
    dash_duo.driver.set_window_size(*size)
    # the port counts up from BACKPROP_LAB_TEST_PORT_BASE (tests/conftest.py)
    dash_duo.start_server(create_app())
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)
    js(dash_duo, "document.getElementById('lab').scrollIntoView()")
    choose(dash_duo, speed)


def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def steps(dash_duo) -> int:
    return int(dash_duo.find_element("#step-count").text)


def click(dash_duo, element):
    # scrolled into the middle first: the page may still be settling as it loads
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", element)
    until(lambda: element.is_displayed() and element.is_enabled(), 5)
    js(dash_duo, "arguments[0].click();", element)


def press(dash_duo, element_id: str):
    click(dash_duo, dash_duo.find_element(f"#{element_id}"))


def choose(dash_duo, label: str):
    click(dash_duo, dash_duo.driver.find_element("xpath", f"//label[normalize-space()='{label}']"))


def open_settings(dash_duo):
    """The settings wait folded under the toolbar; a student opens them first."""
    fold = dash_duo.find_element("#settings-details")
    if fold.get_attribute("open") is None:
        click(dash_duo, dash_duo.find_element("#settings-details > summary"))
    until(lambda: dash_duo.find_element("#settings-panel").is_displayed(), 3)


def set_learning_rate(dash_duo, log10: float):
    js(dash_duo, "dash_clientside.set_props('lr-slider', {value: arguments[0]})", log10)
    until(lambda: dash_duo.find_element("#lr-value").text.startswith("η ="), 3)


def playing(dash_duo) -> bool:
    return js(dash_duo, "return BackpropLab.lab.state.playing")


def loss_traces(dash_duo) -> list[str]:
    return js(
        dash_duo,
        "return document.getElementById('loss-graph').querySelector('.js-plotly-plot')"
        ".data.map(t => t.name);",
    )


def grad_lines(dash_duo) -> list[list[float]]:
    return js(
        dash_duo,
        "return document.getElementById('grad-norm-graph').querySelector('.js-plotly-plot')"
        ".data.map(t => t.y);",
    )


def assert_clean(dash_duo):
    errors = [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"]
    assert errors == [], errors
    shown = js(dash_duo, "return document.body.innerText")
    assert "NaN" not in shown and "Infinity" not in shown


def test_student_plays_pauses_and_steps_by_hand(dash_duo):
    open_page(dash_duo)
    press(dash_duo, "play-btn")
    until(lambda: steps(dash_duo) >= 40, 20)
    assert "Pause" in dash_duo.find_element("#play-btn").text
    dash_duo.driver.save_screenshot(f"{SHOTS}/playing.png")
    press(dash_duo, "play-btn")
    until(lambda: not playing(dash_duo) and js(dash_duo, "return BackpropLab.lab.idle()"), 10)
    paused_at = steps(dash_duo)
    # The message names the step on the counter, not the one before the answer in flight.
    assert f"Paused at step {paused_at}." in dash_duo.find_element("#status-msg").text
    assert steps(dash_duo) == paused_at  # nothing runs on after Pause
    press(dash_duo, "step-btn")
    until(lambda: steps(dash_duo) == paused_at + 1, 15)
    assert loss_traces(dash_duo) == ["training", "test"]
    assert "test" in dash_duo.find_element("#accuracy-value").text
    assert dash_duo.find_element("#accuracy-label").text.lower() == "accuracy"
    assert_clean(dash_duo)


def test_a_button_pressed_while_playing_pauses_then_acts(dash_duo):
    open_page(dash_duo)
    press(dash_duo, "play-btn")
    until(lambda: steps(dash_duo) >= 10, 15)
    press(dash_duo, "forward-btn")
    until(lambda: not playing(dash_duo), 10)
    until(lambda: "is-done" in dash_duo.find_element("#algo-step-2").get_attribute("class"), 10)
    assert "Play" in dash_duo.find_element("#play-btn").text
    assert_clean(dash_duo)


def play_until_it_diverges(dash_duo, speed: str, timeout: float):
    """Play at η = 10 until the learning-rate lesson appears; return the lesson."""
    open_page(dash_duo, speed=speed)
    set_learning_rate(dash_duo, 1.0)  # η = 10
    press(dash_duo, "play-btn")
    lesson = dash_duo.find_element("#lr-lesson")
    until(lambda: lesson.is_displayed(), timeout)
    return lesson


def go_back(dash_duo) -> None:
    """Press "Go back to step N" and see the counter return to N, before the divergence."""
    back = dash_duo.find_element("#restore-btn")
    assert back.text.startswith("Go back to step"), back.text
    target = int(back.text.split("step ")[1].split(" ")[0])
    assert target < steps(dash_duo)
    click(dash_duo, back)
    until(lambda: steps(dash_duo) == target, 5)


def test_too_large_a_learning_rate_pauses_explains_and_goes_back(dash_duo):
    lesson = play_until_it_diverges(dash_duo, "Instant", 20)
    assert not playing(dash_duo)
    text = dash_duo.find_element("#lr-lesson-text").text
    assert "diverged" in text and "larger than the weights it changed" in text
    assert "‖ΔW‖ =" in text and "‖W‖ =" in text
    dash_duo.driver.save_screenshot(f"{SHOTS}/diverged.png")
    go_back(dash_duo)
    assert not lesson.is_displayed()
    assert_clean(dash_duo)


def test_at_slow_speed_a_divergence_also_offers_to_go_back(dash_duo):
    # Slow asks for one step at a time: the page itself keeps where each step started.
    play_until_it_diverges(dash_duo, "Slow", 30)
    go_back(dash_duo)
    assert_clean(dash_duo)


def test_a_tiny_learning_rate_visibly_crawls(dash_duo):
    open_page(dash_duo)
    set_learning_rate(dash_duo, -4.0)
    press(dash_duo, "play-btn")
    status = dash_duo.find_element("#status-msg")
    until(lambda: "very small" in status.text, 15)
    assert "crawls" in status.text
    press(dash_duo, "play-btn")
    until(lambda: not playing(dash_duo), 10)
    assert_clean(dash_duo)


def test_changing_the_layers_after_training_asks_first(dash_duo):
    open_page(dash_duo, speed="Instant")
    press(dash_duo, "step-btn")
    until(lambda: steps(dash_duo) == 1, 10)
    set_learning_rate(dash_duo, -1.0)  # a new η keeps the network
    assert steps(dash_duo) == 1
    notice = dash_duo.find_element("#reset-notice")
    open_settings(dash_duo)
    press(dash_duo, "layers-plus-btn")
    until(lambda: notice.is_displayed(), 5)
    assert "lost" in notice.text and steps(dash_duo) == 1
    press(dash_duo, "keep-btn")
    until(lambda: not notice.is_displayed(), 5)
    assert dash_duo.find_element("#layers-value").text == "2" and steps(dash_duo) == 1
    # A change that waits for confirmation unfolds the settings, even if folded.
    click(dash_duo, dash_duo.find_element("#settings-details > summary"))
    until(lambda: not dash_duo.find_element("#settings-panel").is_displayed(), 3)
    js(dash_duo, "dash_clientside.set_props('activation-select', {value: 'relu'})")
    until(lambda: notice.is_displayed(), 5)
    assert dash_duo.find_element("#settings-panel").is_displayed()
    press(dash_duo, "keep-btn")
    until(lambda: not notice.is_displayed(), 5)
    press(dash_duo, "layers-plus-btn")
    until(lambda: notice.is_displayed(), 5)
    press(dash_duo, "apply-btn")
    until(lambda: steps(dash_duo) == 0, 10)
    sizes = "return BackpropLab.draw.graph().layout.meta.sizes"
    until(lambda: js(dash_duo, sizes) == [2, 4, 4, 4, 1], 5)
    assert dash_duo.find_element("#layers-value").text == "3"
    assert_clean(dash_duo)


def test_choosing_a_regression_set_fits_numbers_and_shows_the_error(dash_duo):
    open_page(dash_duo)
    from selenium.webdriver.support.select import Select

    open_settings(dash_duo)
    Select(dash_duo.find_element("#dataset-select")).select_by_value("sine")
    until(lambda: dash_duo.find_element("#accuracy-label").text.lower() == "error", 10)
    active = dash_duo.find_element("#loss-select label.active").text
    assert active == "Squared error"
    test_points = js(
        dash_duo,
        "return document.getElementById('data-graph').querySelector('.js-plotly-plot')"
        ".data.filter(t => t.name === 'test data').length",
    )
    assert test_points == 1
    summary = dash_duo.find_element("#settings-summary").get_attribute("textContent")
    assert summary.startswith("Sine wave (fit a number) · ") and "squared error" in summary
    press(dash_duo, "play-btn")
    until(lambda: steps(dash_duo) >= 20, 15)
    press(dash_duo, "play-btn")
    assert_clean(dash_duo)


def test_student_flips_the_fixes_on_the_deep_network_and_the_gradients_change(dash_duo):
    open_page(dash_duo)
    open_settings(dash_duo)
    press(dash_duo, "deep-preset-btn")
    until(lambda: len(grad_lines(dash_duo)) == 11, 10)
    text = dash_duo.find_element("#vanish-text")
    until(lambda: "× smaller than at W(11), the output layer" in text.text, 5)
    assert "reaching W(1), the first layer" in text.text and "per weight" in text.text
    sigmoid = grad_lines(dash_duo)
    # the first and the output layer, per weight (root-mean-square): W(1) is 8×2, W(11) 1×8
    assert sigmoid[0][-1] * 100 < sigmoid[-1][-1]
    js(dash_duo, "document.getElementById('grad-norm-graph').scrollIntoView({block: 'center'})")
    dash_duo.driver.save_screenshot(f"{SHOTS}/deep-sigmoid.png")

    choose(dash_duo, "ReLU")
    until(lambda: grad_lines(dash_duo) != sigmoid, 10)
    relu = grad_lines(dash_duo)
    press(dash_duo, "residual-switch")
    until(lambda: grad_lines(dash_duo) != relu, 10)
    press(dash_duo, "norm-switch")
    until(lambda: "residual on, normalization on" in text.text, 10)
    fixed = grad_lines(dash_duo)
    ratio = fixed[0][-1] / fixed[-1][-1]
    assert ratio >= 100 * sigmoid[0][-1] / sigmoid[-1][-1] and ratio >= 0.01, ratio
    assert "hardly learn" not in text.text
    dash_duo.driver.save_screenshot(f"{SHOTS}/deep-fixed.png")
    set_learning_rate(dash_duo, -1.0)  # a deep network wants a gentler η
    press(dash_duo, "play-btn")
    until(lambda: steps(dash_duo) >= 8, 15)
    press(dash_duo, "play-btn")
    until(lambda: len(grad_lines(dash_duo)[0]) > 1, 5)  # a history, one point per step
    assert_clean(dash_duo)


def legend_box(dash_duo) -> dict:
    """The gradient chart's legend: its entries, whether Plotly gave it a scroll bar,
    and whether it lies inside the chart and the window."""
    return js(
        dash_duo,
        """
        const graph = document.getElementById('grad-norm-graph');
        const legend = graph.querySelector('.legend');
        const bar = legend.querySelector('.scrollbar');
        const box = legend.getBoundingClientRect();
        const outer = graph.getBoundingClientRect();
        return {
          entries: Array.from(legend.querySelectorAll('.traces')).map(t => t.textContent),
          scrolls: !!bar && bar.getBoundingClientRect().height > 0,
          inside: box.left >= outer.left - 1 && box.right <= outer.right + 1 &&
                  box.top >= outer.top - 1 && box.bottom <= outer.bottom + 1,
          onScreen: box.right <= document.documentElement.clientWidth + 1,
        };
        """,
    )


def test_the_gradient_chart_legend_reads_without_scrolling(dash_duo):
    open_page(dash_duo, size=(1280, 720))
    open_settings(dash_duo)
    press(dash_duo, "deep-preset-btn")
    until(lambda: len(grad_lines(dash_duo)) == 11, 10)
    js(dash_duo, "document.getElementById('grad-norm-graph').scrollIntoView({block: 'center'})")
    # eleven lines, three entries: the first layer, the layers between, the output layer
    wide = legend_box(dash_duo)
    assert wide["entries"] == ["W(1) first layer", "W(2) … W(10)", "W(11) output layer"]
    assert not wide["scrolls"] and wide["inside"] and wide["onScreen"], wide
    dash_duo.driver.save_screenshot(f"{SHOTS}/grad-legend-1280.png")
    dash_duo.driver.set_window_size(390, 844)
    js(dash_duo, "document.getElementById('grad-norm-graph').scrollIntoView({block: 'center'})")
    until(lambda: legend_box(dash_duo)["inside"], 10)
    narrow = legend_box(dash_duo)
    assert len(narrow["entries"]) == 3 and not narrow["scrolls"] and narrow["onScreen"], narrow
    dash_duo.driver.save_screenshot(f"{SHOTS}/grad-legend-390.png")
    assert_clean(dash_duo)


def test_choosing_the_spiral_brings_settings_that_learn_it_and_says_why(dash_duo):
    from selenium.webdriver.support.select import Select

    from app import rules

    own = rules.DATASET_DEFAULTS["spiral"]
    open_page(dash_duo)
    open_settings(dash_duo)
    Select(dash_duo.find_element("#dataset-select")).select_by_value("spiral")
    # nothing trained yet, so the settings apply at once, η with them
    config = "return BackpropLab.lab.state.data && BackpropLab.lab.state.data.dataset"
    until(lambda: js(dash_duo, config) == "spiral", 10)
    sizes = "return BackpropLab.draw.graph().layout.meta.sizes"
    until(lambda: js(dash_duo, sizes) == own["sizes"], 10)
    dash_duo.wait_for_text_to_equal("#lr-value", f"η = {10 ** own['lr_log']:g}", timeout=5)
    assert dash_duo.find_element("#activation-select label.active").text == "leaky ReLU"
    assert dash_duo.find_element("#batch-select").get_attribute("value") == str(own["batch_size"])
    note = dash_duo.find_element("#dataset-note")
    assert note.is_displayed() and note.text == rules.dataset_notes()["spiral"]
    dash_duo.driver.save_screenshot(f"{SHOTS}/spiral-settings.png")
    # another data set keeps what is set, and has nothing to warn of
    Select(dash_duo.find_element("#dataset-select")).select_by_value("moons")
    until(lambda: js(dash_duo, config) == "moons", 10)
    assert js(dash_duo, sizes) == own["sizes"] and not note.is_displayed()
    assert_clean(dash_duo)
