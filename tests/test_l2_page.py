"""L2 regularisation in headless Chromium: a student sets λ, the network keeps its
weights, the loss read-out shows the λ-term and the inspector's gradient gains λw."""

from __future__ import annotations

from dash.testing.wait import until

from tests.test_outputs_page import open_page
from tests.test_playground_page import assert_clean, js, open_settings, press, steps


def test_student_sets_lambda_and_reads_the_l2_term(dash_duo):
    open_page(dash_duo)
    press(dash_duo, "step-btn")
    until(lambda: steps(dash_duo) == 1, 15)
    open_settings(dash_duo)
    js(dash_duo, "dash_clientside.set_props('l2-slider', {value: 0.02})")
    until(lambda: dash_duo.find_element("#l2-value").text == "λ = 0.02", 5)
    until(lambda: "λ = 0.02" in dash_duo.find_element("#status-msg").text, 5)
    assert steps(dash_duo) == 1  # a training setting: the weights stay

    press(dash_duo, "step-btn")
    until(lambda: steps(dash_duo) == 2, 15)
    until(lambda: "λ-term" in dash_duo.find_element("#loss-value").text, 5)
    view = js(dash_duo, "return BackpropLab.lab.state.view")
    assert dash_duo.find_element("#loss-value").text.startswith(
        js(dash_duo, "return BackpropLab.util.fmt(arguments[0], 4)", view["data_loss"])
    )
    step = js(dash_duo, "return BackpropLab.substeps.view.step")
    assert step["l2"] == 0.02
    weight = {"points": [{"curveNumber": 0, "customdata": [2, 0, 1]}]}  # W(2)[1,2]
    js(dash_duo, "BackpropLab.inspector.onClick(arguments[0])", weight)
    until(lambda: "+ λ·" in dash_duo.find_element("#inspector-body").text, 5)
    assert_clean(dash_duo)
