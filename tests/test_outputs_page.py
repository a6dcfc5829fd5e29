"""Several outputs in headless Chromium: a student picks the three-class set, sees
one colour per class, trains it past 90% and switches to the colour-blind palette."""

from __future__ import annotations

from dash.testing.wait import until
from selenium.webdriver.support.select import Select

from app.factory import create_app
from tests.test_playground_page import (
    assert_clean,
    js,
    open_settings,
    playing,
    press,
    steps,
)

PORT = 59401  # this suite's own, apart from the other browser suites
SHOTS = "/tmp/shots-outputs"

DATA_TRACES = "return document.getElementById('data-graph').querySelector('.js-plotly-plot').data"


def open_page(dash_duo):
    dash_duo.driver.set_window_size(1366, 768)
    dash_duo.start_server(create_app(), port=PORT)
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)
    js(dash_duo, "document.getElementById('lab').scrollIntoView()")


def choose_three_classes(dash_duo):
    open_settings(dash_duo)
    Select(dash_duo.find_element("#dataset-select")).select_by_value("blobs3")
    sizes = "return BackpropLab.draw.graph().layout.meta.sizes"
    until(lambda: js(dash_duo, sizes) == [2, 4, 4, 3], 10)
    until(lambda: js(dash_duo, DATA_TRACES + "[0].colorscale.length") == 6, 10)


def point_colours(dash_duo) -> list[str]:
    return js(dash_duo, DATA_TRACES + ".find(t => t.name === 'training data').marker.color")


def test_three_classes_are_drawn_apart_and_learned(dash_duo):
    open_page(dash_duo)
    choose_three_classes(dash_duo)
    assert dash_duo.find_element("#loss-select label.active").text == "Softmax cross-entropy"
    assert len(set(point_colours(dash_duo))) == 3  # one colour per class
    label = dash_duo.find_element("#example-label").text
    assert "target y = (" in label and ", class " in label
    surface = js(dash_duo, DATA_TRACES + "[0].z")
    assert len(surface) == 25 and all(0 <= v < 3 for row in surface for v in row)

    press(dash_duo, "play-btn")  # Normal speed: 4 steps a request
    until(lambda: steps(dash_duo) >= 40, 30)
    press(dash_duo, "play-btn")
    until(lambda: not playing(dash_duo) and js(dash_duo, "return BackpropLab.lab.idle()"), 10)
    train = js(dash_duo, "return BackpropLab.lab.state.view.metric.train")
    assert train >= 0.9, train  # the engine-level test: 90% from step 40 on
    shown = dash_duo.find_element("#accuracy-value").text
    assert "%" in shown and "test" in shown, shown

    dash_duo.find_element("#data-graph").screenshot(f"{SHOTS}/three-classes.png")
    before = point_colours(dash_duo)
    press(dash_duo, "palette-switch")
    until(lambda: point_colours(dash_duo) != before, 5)
    assert len(set(point_colours(dash_duo))) == 3
    dash_duo.find_element("#data-graph").screenshot(f"{SHOTS}/three-classes-colourblind.png")
    assert_clean(dash_duo)
