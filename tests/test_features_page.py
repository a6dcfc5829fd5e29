"""Input features in headless Chromium: a student switches on x₁² and x₂², the
input layer grows to match and names them, and the inspector shows their values
as a(0) after a step."""

from __future__ import annotations

from dash.testing.wait import until

from tests.test_outputs_page import open_page
from tests.test_playground_page import assert_clean, click, js, open_settings, press, steps

SIZES = "return BackpropLab.draw.graph().layout.meta.sizes"
INPUT_LABELS = (
    "return BackpropLab.draw.graph().layout.annotations"
    ".filter(a => a.xanchor === 'right').map(a => a.text)"
)


def toggle(dash_duo, label: str):
    xpath = f"//div[@id='features-checklist']//label[normalize-space()='{label}']"
    click(dash_duo, dash_duo.driver.find_element("xpath", xpath))


def test_student_adds_squared_features_and_reads_them_as_a0(dash_duo):
    open_page(dash_duo)
    open_settings(dash_duo)
    toggle(dash_duo, "x₁²")
    until(lambda: js(dash_duo, SIZES) == [3, 4, 4, 1], 10)
    toggle(dash_duo, "x₂²")
    until(lambda: js(dash_duo, SIZES) == [4, 4, 4, 1], 10)
    assert js(dash_duo, INPUT_LABELS) == ["x₁", "x₂", "x₁²", "x₂²"]

    # None left is refused in words, and the last one stays on.
    for label in ("x₁", "x₂", "x₁²"):
        toggle(dash_duo, label)
    until(lambda: js(dash_duo, SIZES) == [1, 4, 4, 1], 10)
    toggle(dash_duo, "x₂²")
    until(lambda: "at least one input" in dash_duo.find_element("#status-msg").text, 5)
    assert js(dash_duo, SIZES) == [1, 4, 4, 1]
    assert js(dash_duo, "return BackpropLab.lab.state.data.inputs") == ["x₂²"]

    press(dash_duo, "step-btn")
    until(lambda: steps(dash_duo) == 1, 15)
    js(dash_duo, "BackpropLab.inspector.onClick({points: [{curveNumber: 1, customdata: [0, 0]}]})")
    until(lambda: "Input x₂²" in dash_duo.find_element("#inspector-body").text, 5)
    point = js(
        dash_duo, "const d = BackpropLab.lab.state.data; return d.X[BackpropLab.lab.state.example]"
    )
    a0 = js(dash_duo, "return BackpropLab.substeps.view.step.shown.x")
    assert abs(a0[0] - point[1] ** 2) < 2e-3  # the engine's x₂², of the point on show
    assert_clean(dash_duo)
