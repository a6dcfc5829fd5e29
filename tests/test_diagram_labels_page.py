"""The diagram's numbers, as a class sees them (headless Chromium, dash_duo): large
enough to read from the back of a room and never on top of each other, after Forward
and after Backward, on a laptop, a large screen, a projector and a phone; the Numbers
control shows every number, the selection's full values, or none."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from app import figures, state, urlstate
from app.factory import create_app

SIZES = state.DEFAULT_CONFIG["sizes"]  # [2, 4, 4, 1]
N_EDGES = sum(a * b for a, b in pairwise(SIZES))
SCREENS = {
    "laptop 1280×720": (1280, 720, ""),
    "desktop 1440×900": (1440, 900, ""),
    "projector 1024×768": (1024, 768, "?view=present"),
    "phone 390×844": (390, 844, ""),
}

# Every non-empty text of the network graph: numbers, layer names, x and ŷ.
LABELS = """
const gd = BackpropLab.draw.graph();
return [...gd.querySelectorAll('.scatterlayer text, .annotation-text')]
  .filter(t => t.textContent.trim() !== '')
  .map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize),
            x0: r.left, x1: r.right, y0: r.top, y1: r.bottom}; });
"""
# The texts of one trace of the diagram (meta names it), blanks included.
TRACE_TEXTS = """
const gd = BackpropLab.draw.graph(); const i = gd.layout.meta[arguments[0]];
return gd.data[i].text.map(t => t.trim());
"""
# The diagram is painted for the plot's present size (labels are placed in pixels).
SETTLED = """
const gd = BackpropLab.draw.graph(); const m = gd && gd.layout.meta;
return !!m && m.painted && BackpropLab.lab.idle()
  && m.width === gd._fullLayout.width && m.height === gd._fullLayout.height;
"""


def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def open_page(dash_duo, width: int, height: int, query: str = ""):
    dash_duo.driver.set_window_size(width, height)
    dash_duo.start_server(create_app())
    if query:
        dash_duo.driver.get(dash_duo.server_url + "/" + query)
    # The window's frame, if any, is not the page's: make the viewport the size asked.
    inner = js(dash_duo, "return [innerWidth, innerHeight];")
    dash_duo.driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
    until(lambda: js(dash_duo, "return [innerWidth, innerHeight];") == [width, height], 5)
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)
    js(dash_duo, "document.documentElement.style.scrollBehavior = 'auto';")
    instant = dash_duo.driver.find_element("xpath", "//label[normalize-space()='Instant']")
    if instant.is_displayed():  # the presentation view hides the speed control
        js(dash_duo, "arguments[0].click();", instant)


def press(dash_duo, button_id: str):
    js(dash_duo, "document.getElementById(arguments[0]).click();", button_id)
    until(lambda: js(dash_duo, SETTLED), 20)


def labels(dash_duo) -> list[dict]:
    until(lambda: js(dash_duo, SETTLED), 10)
    return js(dash_duo, LABELS)


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]:
                out.append((a["text"], b["text"]))
    return out


def assert_readable(dash_duo, smallest: int) -> list[dict]:
    found = labels(dash_duo)
    assert found, "the diagram shows no labels"
    small = [(b["text"], b["px"]) for b in found if b["px"] < smallest]
    assert small == [], small
    assert overlapping(found) == []
    return found


def texts(dash_duo, trace: str) -> list[str]:
    return js(dash_duo, TRACE_TEXTS, trace)


def choose_numbers(dash_duo, name: str):
    label = dash_duo.driver.find_element(
        "xpath", f"//*[@id='numbers-control']//label[normalize-space()='{name}']"
    )
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    until(lambda: "active" in label.get_attribute("class"), 3)


def click_neuron(dash_duo, layer: int, k: int):
    points = dash_duo.find_elements("#network-graph .scatterlayer .trace:nth-child(2) path.point")
    point = points[sum(SIZES[:layer]) + k]
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", point)
    ActionChains(dash_duo.driver).move_to_element(point).click().perform()
    until(lambda: js(dash_duo, "return BackpropLab.inspector.selected?.kind") == "neuron", 5)


def number(text: str) -> float:
    return float(text.replace("−", "-"))


def full(value: float) -> float:
    """A value as the selection shows it: four significant digits."""
    return float(f"{value:.4g}")


# ---------- sizes and overlaps ----------
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_number_is_readable_and_none_overlap(dash_duo, screen):
    width, height, query = SCREENS[screen]
    smallest = figures.LABEL_PX_PRESENT if query else figures.LABEL_PX
    open_page(dash_duo, width, height, query)

    press(dash_duo, "forward-btn")
    found = assert_readable(dash_duo, smallest)
    values = [t for t in texts(dash_duo, "neurons") if t]
    assert len(values) == sum(SIZES)  # every neuron's value fits its circle
    assert all(re.fullmatch(r"−?\d+\.\d\d", v) for v in values), values
    assert {"input", "output", "ŷ"} <= {b["text"] for b in found}

    press(dash_duo, "backward-btn")
    assert_readable(dash_duo, smallest)
    deltas = [t for t in texts(dash_duo, "deltas") if t]
    grads = [t for t in texts(dash_duo, "labels") if t]
    assert deltas and all(d.startswith("δ ") for d in deltas), deltas
    assert grads and all(re.fullmatch(r"\d[\d.e−]*", g) for g in grads), grads  # |∂L/∂w|
    # A number left out to avoid an overlap is said to be left out.
    note = dash_duo.find_element("#numbers-note").text
    left_out = len(grads) < N_EDGES or len(deltas) < sum(SIZES[1:])
    assert ("Some numbers hidden" in note) == left_out, (note, len(grads), len(deltas))


@pytest.mark.parametrize("screen", ["projector 1024×768", "phone 390×844"])
def test_a_deep_networks_layer_names_and_x_and_y_hat_fit_and_none_overlap(dash_duo, screen):
    width, height, query = SCREENS[screen]
    deep = state.read_config(
        {**state.DEFAULT_CONFIG, "sizes": [2, *[8] * 10, 1], "activation": "sigmoid"}
    )
    search, _ = urlstate.encode(urlstate.Link(deep, view="present" if query else None))
    open_page(dash_duo, width, height, search)
    press(dash_duo, "forward-btn")
    graph = js(dash_duo, "const r = BackpropLab.draw.graph().getBoundingClientRect();"
                         "return {x0: r.left, x1: r.right};")  # fmt: skip
    names = [b for b in labels(dash_duo) if not re.fullmatch(r"−?\d+\.\d\d", b["text"])]
    assert {"in", "out", "1", "10", "x₁", "x₂", "ŷ"} <= {b["text"] for b in names}, names
    assert overlapping(names) == []
    # x₁ and ŷ are whole, inside the diagram
    outside = [b for b in names if b["x0"] < graph["x0"] or b["x1"] > graph["x1"]]
    assert outside == [], graph


def test_labels_move_when_the_window_changes_size(dash_duo):
    open_page(dash_duo, 1440, 900)
    press(dash_duo, "backward-btn")
    before = js(dash_duo, "return BackpropLab.draw.graph()._fullLayout.width;")
    dash_duo.driver.set_window_size(1100, 700)
    until(lambda: js(dash_duo, "return BackpropLab.draw.graph()._fullLayout.width;") != before, 5)
    assert_readable(dash_duo, figures.LABEL_PX)


# ---------- the Numbers control ----------
def test_selected_shows_the_neurons_full_values_and_none_shows_none(dash_duo):
    open_page(dash_duo, 1280, 720)
    press(dash_duo, "backward-btn")
    layer, k = 2, 1  # the second neuron of hidden layer 2
    click_neuron(dash_duo, layer, k)
    choose_numbers(dash_duo, "Selected")
    assert_readable(dash_duo, figures.LABEL_PX)
    shown = js(dash_duo, "return BackpropLab.lab.state.step.shown;")

    idx = sum(SIZES[:layer]) + k
    values = texts(dash_duo, "neurons")
    assert [n for n, v in enumerate(values) if v] == [idx]
    details = texts(dash_duo, "deltas")
    assert [n for n, v in enumerate(details) if v] == [idx]
    found = dict(re.findall(r"([zaδ]) = (−?[\d.e−]+)", re.sub(r"<[^>]+>", " ", details[idx])))
    expected = {
        "z": shown["z"][layer - 1][k],
        "a": shown["a"][layer][k],
        "δ": shown["delta"][layer - 1][k],
    }
    assert set(found) == set(expected), details[idx]
    for name, value in expected.items():
        assert number(found[name]) == pytest.approx(full(value)), name

    # Its incoming connections carry their signed ∂L/∂w, and no other connection does.
    grads = texts(dash_duo, "labels")
    before = sum(a * b for a, b in pairwise(SIZES[:layer]))
    into = [before + k * SIZES[layer - 1] + i for i in range(SIZES[layer - 1])]
    assert {n for n, g in enumerate(grads) if g} == set(into)
    for n, g in zip(into, shown["grad_w"][layer - 1][k], strict=True):
        assert number(grads[n]) == pytest.approx(full(g))

    choose_numbers(dash_duo, "None")
    assert {"input", "hidden 1", "output"} <= {b["text"] for b in labels(dash_duo)}  # names stay
    for trace in ("neurons", "deltas", "labels"):
        assert set(texts(dash_duo, trace)) == {""}, trace
    assert dash_duo.find_element("#numbers-note").text == ""

    choose_numbers(dash_duo, "All")
    assert_readable(dash_duo, figures.LABEL_PX)
    assert len([v for v in texts(dash_duo, "neurons") if v]) == sum(SIZES)


def test_selected_with_nothing_selected_says_what_to_do(dash_duo):
    open_page(dash_duo, 1280, 720)
    press(dash_duo, "forward-btn")
    choose_numbers(dash_duo, "Selected")
    until(lambda: "Click a neuron" in dash_duo.find_element("#numbers-note").text, 5)
    assert set(texts(dash_duo, "neurons")) == {""}
