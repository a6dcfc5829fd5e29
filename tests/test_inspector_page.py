"""A student inspecting the chain rule, in headless Chromium (dash_duo): clicking a
weight or a neuron, stepping through a training step piece by piece, and looking
back through recent steps. The numbers on screen are compared with the engine's,
computed here independently."""

from __future__ import annotations

import re

import numpy as np
import pytest
from dash.testing.wait import until
from selenium.webdriver.common.action_chains import ActionChains

from app import data, state, training, views
from app.factory import create_app
from backprop_engine import MLP

SHOTS = "/tmp/shots-inspector"
SIZES = state.DEFAULT_CONFIG["sizes"]  # [2, 4, 4, 1]: 8 pieces a step
PIECES = 2 * (len(SIZES) - 1) + 2


# ---------- helpers ----------
def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def open_page(dash_duo, speed: str = "Fast"):
    dash_duo.driver.set_window_size(1366, 900)
    dash_duo.start_server(create_app())
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)
    until(lambda: len(dash_duo.find_elements(".bl-md math")) >= 12, 10)
    js(dash_duo, "document.getElementById('lab').scrollIntoView({behavior: 'instant'})")
    until(lambda: 0 <= js(dash_duo, LAB_TOP) < 20, 5)
    # Bootstrap scrolls smoothly, which would move buttons from under the pointer.
    js(dash_duo, "document.documentElement.style.scrollBehavior = 'auto';")
    choose_speed(dash_duo, speed)


LAB_TOP = "return document.getElementById('lab').getBoundingClientRect().top;"


def choose_speed(dash_duo, speed: str):
    label = dash_duo.driver.find_element("xpath", f"//label[normalize-space()='{speed}']")
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", label)
    label.click()
    until(lambda: "active" in label.get_attribute("class"), 3)


def press(dash_duo, button_id: str):
    el = dash_duo.find_element(f"#{button_id}")
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", el)
    el.click()


def wait_idle(dash_duo, timeout: float = 20):
    until(lambda: js(dash_duo, "return BackpropLab.lab.idle()"), timeout)


def edge_index(layer: int, row: int, col: int) -> int:
    """The connection of W(layer+1)[row, col] in the diagram's order (app/figures.py)."""
    before = sum(SIZES[i] * SIZES[i + 1] for i in range(layer))
    return before + row * SIZES[layer] + col


def click_connection(dash_duo, layer: int, row: int, col: int):
    points = dash_duo.find_elements("#network-graph .scatterlayer .trace:nth-child(1) path.point")
    ActionChains(dash_duo.driver).move_to_element(
        points[edge_index(layer, row, col)]
    ).click().perform()


def click_neuron(dash_duo, layer: int, k: int):
    points = dash_duo.find_elements("#network-graph .scatterlayer .trace:nth-child(2) path.point")
    ActionChains(dash_duo.driver).move_to_element(points[sum(SIZES[:layer]) + k]).click().perform()


def rows(dash_duo) -> dict[str, list[dict]]:
    """The inspector's equation rows: kind -> [{known, text, value}] in order."""
    found = js(
        dash_duo,
        "return [...document.querySelectorAll('#inspector-body .bl-eq-row')].map(r => ({"
        "kind: r.dataset.row, known: r.classList.contains('is-known'),"
        "now: r.classList.contains('is-now'), text: r.innerText, value: r.dataset.value}));",
    )
    out: dict[str, list[dict]] = {}
    for r in found:
        out.setdefault(r["kind"], []).append(r)
    return out


def last_number(text: str) -> float:
    """The result at the end of an equation as drawn, e.g. '... = −0.07125'."""
    math = next(line for line in text.split("\n") if "=" in line)
    nums = re.findall(r"=\s*\(?(−?\d+(?:\.\d+)?(?:e[−+]?\d+)?)\)?\s*$", math.strip())
    assert nums, text
    return float(nums[-1].replace("−", "-"))


def shot(dash_duo, name: str):
    js(dash_duo, "document.getElementById('inspector-panel').scrollIntoView();")
    dash_duo.driver.save_screenshot(f"{SHOTS}/{name}.png")


def assert_clean(dash_duo):
    errors = [e for e in dash_duo.get_logs() or [] if e.get("level") == "SEVERE"]
    assert errors == [], errors


def engine_reference(example: int, lr: float = 1.0):
    """The first training step of the default page, computed here with the engine."""
    cfg = state.DEFAULT_CONFIG
    ds = data.load(cfg)
    net = MLP.from_dict(views.fresh_start(cfg, run=0)["net_state"]["net_json"])
    x, y = ds.X[example : example + 1], ds.Y[example : example + 1]
    fwd = net.forward(x)
    bwd = net.backward(fwd, y)
    loss = net.loss(fwd, y)
    before = [W.copy() for W in net.weights]
    batch = training.batch_indices(cfg, len(ds.X), 0)
    step = net.train_step(ds.X[batch], ds.Y[batch], lr)
    return fwd, bwd, loss, before, step, net


@pytest.fixture(autouse=True)
def _shots_dir():
    import os

    os.makedirs(SHOTS, exist_ok=True)


# ---------- the student's path ----------
def test_before_anything_is_computed_the_panel_says_what_to_press(dash_duo):
    open_page(dash_duo)
    body = dash_duo.find_element("#inspector-body")
    assert "Click a neuron or a connection" in body.text
    click_neuron(dash_duo, 2, 1)
    dash_duo.wait_for_contains_text("#inspector-body", "Neuron 2 of hidden layer 2", timeout=5)
    r = rows(dash_duo)
    assert not any(x["known"] for rs in r.values() for x in rs)  # nothing computed yet
    assert "Press Forward or Next piece" in r["fwd"][0]["text"]
    assert "Press Backward or Next piece" in r["delta"][0]["text"]
    assert "Press Update weights" in r["update"][0]["text"]
    assert "Click a connection" in dash_duo.find_element("#fd-body").text
    shot(dash_duo, "before")
    assert_clean(dash_duo)


def test_student_clicks_a_weight_and_sees_its_gradient_equal_the_finite_difference(dash_duo):
    open_page(dash_duo)
    click_connection(dash_duo, 1, 2, 0)  # W(2)[3,1]
    dash_duo.wait_for_contains_text("#inspector-body", "Weight W(2)3,1", timeout=5)
    # The check runs at once; backprop's side waits for the backward pass.
    dash_duo.wait_for_contains_text("#fd-body", "slope", timeout=10)
    assert dash_duo.find_elements("[data-fd='backprop-pending']")
    press(dash_duo, "backward-btn")
    wait_idle(dash_duo)
    dash_duo.wait_for_contains_text("#fd-body", "They agree", timeout=5)

    _, bwd, _, _, _, _ = engine_reference(0)
    numerical = last_number(dash_duo.find_element("[data-fd='numerical']").text)
    backprop = last_number(dash_duo.find_element("[data-fd='backprop']").text)
    want = float(bwd.grad_w[1][2, 0])
    assert numerical == pytest.approx(want, rel=1e-5)
    assert backprop == pytest.approx(want, rel=1e-5)
    # The gradient row of the inspector shows the same derivative, as δ·a.
    grad = rows(dash_duo)["grad"][0]
    assert grad["known"] and last_number(grad["text"]) == pytest.approx(want, rel=1e-3)
    assert "backprop gets the same derivative for every weight in one backward sweep" in (
        dash_duo.find_element("#fd-body").text
    )
    shot(dash_duo, "weight-checked")
    assert_clean(dash_duo)


def test_student_trains_a_step_and_the_inspector_shows_the_engines_numbers(dash_duo):
    open_page(dash_duo, speed="Instant")
    click_connection(dash_duo, 2, 0, 3)  # W(3)[1,4], into the output neuron
    press(dash_duo, "step-btn")
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    wait_idle(dash_duo)
    until(lambda: rows(dash_duo)["update"][0]["known"], 5)

    fwd, bwd, loss, before, step, after = engine_reference(0)
    r = rows(dash_duo)
    z, a = r["fwd"]
    assert last_number(z["text"]) == pytest.approx(fwd.z[2][0, 0], rel=1e-3)
    assert last_number(a["text"]) == pytest.approx(fwd.a[3][0, 0], rel=1e-3)
    assert last_number(r["loss"][0]["text"].split(" for ")[0]) == pytest.approx(loss, rel=1e-3)
    sp, delta = r["delta"]
    assert last_number(sp["text"]) == pytest.approx(bwd.sigma_prime[2][0, 0], rel=1e-3)
    assert last_number(delta["text"]) == pytest.approx(bwd.delta[2][0, 0], rel=1e-3)
    assert last_number(r["grad"][0]["text"]) == pytest.approx(bwd.grad_w[2][0, 3], rel=1e-3)
    upd = r["update"][0]
    assert last_number(upd["text"]) == pytest.approx(after.weights[2][0, 3], rel=1e-3)
    # The update's gradient is the mini-batch mean, and the panel says so.
    assert "mini-batch's mean gradient" in upd["text"]
    mean = float(step.backward.grad_w[2][0, 3])
    assert f"{mean:.4g}".replace("-", "−") in upd["text"]
    assert after.weights[2][0, 3] == pytest.approx(before[2][0, 3] - 1.0 * mean)
    shot(dash_duo, "after-step")
    assert_clean(dash_duo)


def test_student_steps_through_one_training_step_piece_by_piece(dash_duo):
    open_page(dash_duo)
    click_neuron(dash_duo, 1, 0)  # hidden layer 1, neuron 1
    press(dash_duo, "substep-next-btn")
    wait_idle(dash_duo)
    dash_duo.wait_for_contains_text("#substep-caption", f"Piece 1 of {PIECES} done", timeout=5)
    assert "is-active" in dash_duo.find_element("#algo-step-1").get_attribute("class")
    r = rows(dash_duo)
    assert r["fwd"][0]["known"] and r["fwd"][0]["now"]  # layer 1 just computed
    assert not r["delta"][0]["known"]
    # The forward pass is done layer by layer: layer 2 has no value yet.
    assert js(dash_duo, "return BackpropLab.draw.lastLook.upTo") == 1

    for _ in range(2, 5):  # layers 2 and 3, then the loss
        press(dash_duo, "substep-next-btn")
        wait_idle(dash_duo)
    dash_duo.wait_for_contains_text("#substep-caption", "Loss", timeout=5)
    assert "is-active" in dash_duo.find_element("#algo-step-2").get_attribute("class")
    press(dash_duo, "substep-prev-btn")
    wait_idle(dash_duo)
    dash_duo.wait_for_contains_text("#substep-caption", f"Piece 3 of {PIECES} done", timeout=5)
    assert "is-active" in dash_duo.find_element("#algo-step-1").get_attribute("class")

    for _ in range(4, PIECES):  # loss, then the backward pass down to layer 1
        press(dash_duo, "substep-next-btn")
        wait_idle(dash_duo)
    dash_duo.wait_for_contains_text("#substep-caption", "Backward pass, layer 1", timeout=5)
    assert "is-active" in dash_duo.find_element("#algo-step-3").get_attribute("class")
    r = rows(dash_duo)
    assert r["delta"][1]["known"] and r["grad"][0]["known"] and r["grad"][0]["now"]
    assert not r["update"][0]["known"]
    assert dash_duo.find_element("#step-count").text == "0"
    shot(dash_duo, "piece-7")

    press(dash_duo, "substep-next-btn")  # the update: the step is applied
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    wait_idle(dash_duo)
    assert rows(dash_duo)["update"][0]["known"]
    assert_clean(dash_duo)


def test_student_scrubs_back_through_recent_steps_and_replays_one(dash_duo):
    open_page(dash_duo, speed="Instant")
    click_connection(dash_duo, 0, 1, 1)
    for _ in range(23):
        press(dash_duo, "step-btn")
    dash_duo.wait_for_text_to_equal("#step-count", "23", timeout=30)
    wait_idle(dash_duo, 30)
    # Only the last 20 steps are kept, in the browser.
    assert js(dash_duo, "return BackpropLab.substeps.history.length") == 20
    dash_duo.wait_for_contains_text("#history-label", "Step 23", timeout=5)

    # Drag the slider to its start: step 4 is on show, read-only.
    handle = dash_duo.find_element("#history-slider [role='slider']")
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", handle)
    left = js(
        dash_duo,
        "const h = arguments[0].getBoundingClientRect();"
        "const r = document.getElementById('history-slider').getBoundingClientRect();"
        "return Math.round(h.left - r.left + 2);",
        handle,
    )
    ActionChains(dash_duo.driver).click_and_hold(handle).move_by_offset(
        -left, 0
    ).release().perform()
    dash_duo.wait_for_contains_text("#history-label", "Step 4 ", timeout=5)
    wait_idle(dash_duo)
    assert "replaying step 4" in dash_duo.find_element("#inspector-body").text
    first = js(dash_duo, "return BackpropLab.substeps.history[0].step.weights_before")
    assert js(dash_duo, "return BackpropLab.draw.lastLook.weights") == js(
        dash_duo, "return BackpropLab.substeps.history[0].step.after.weights"
    )
    assert dash_duo.find_element("#step-count").text == "23"  # nothing was undone

    choose_speed(dash_duo, "Fast")
    press(dash_duo, "history-replay-btn")
    until(lambda: js(dash_duo, "return BackpropLab.substeps.view.playing > 0"), 5)
    wait_idle(dash_duo)
    assert js(dash_duo, "return BackpropLab.substeps.view.done") == PIECES
    assert js(dash_duo, "return BackpropLab.substeps.view.index") == 0
    assert first == js(dash_duo, "return BackpropLab.substeps.history[0].step.weights_before")
    shot(dash_duo, "history")

    press(dash_duo, "history-live-btn")
    dash_duo.wait_for_contains_text("#history-label", "recent steps kept", timeout=5)
    assert js(dash_duo, "return BackpropLab.substeps.view.source") == "rest"
    assert np.allclose(
        js(dash_duo, "return BackpropLab.draw.lastLook.weights")[0],
        js(dash_duo, "return BackpropLab.lab.state.view.weights")[0],
    )
    assert_clean(dash_duo)


def test_a_forged_check_request_shows_a_message_not_an_error_page(dash_duo):
    open_page(dash_duo)
    click_connection(dash_duo, 0, 0, 0)
    dash_duo.wait_for_contains_text("#fd-body", "slope", timeout=10)
    js(
        dash_duo,
        # What a tampered browser could send: the server must answer with a message.
        "const r = {net_state: BackpropLab.lab.state.net_state, example: 0, weight: [0, 0, 0],"
        " eps: 5};"
        "dash_clientside.set_props('fd-request-store', {data: r});",
    )
    dash_duo.wait_for_contains_text("#fd-body", "The check was not run", timeout=10)
    assert "ε must be a number between" in dash_duo.find_element("#fd-body").text
    assert_clean(dash_duo)
