"""Where the lab sits on the screen, measured in headless Chromium (dash_duo).

A laptop, a large screen, a projector in the presentation view and a phone: the
diagram, the step buttons and the four algorithm steps must be on the first
screen without scrolling (on a phone: nothing may scroll sideways). Window sizes
are asked for, then the page's own viewport (innerWidth × innerHeight) is measured
and every assertion is made against what was measured."""

from __future__ import annotations

import pytest
from dash.testing.wait import until

from app import lessons, state, urlstate
from app.factory import create_app
from tests.test_inspector_page import click_neuron

BUTTONS = ("forward-btn", "backward-btn", "update-btn", "step-btn")
STEPS = tuple(f"algo-step-{n}" for n in range(1, 5))


def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def set_viewport(dash_duo, width: int, height: int) -> tuple[int, int]:
    """Ask for a window whose page is width × height, and return what the page got."""
    driver = dash_duo.driver
    driver.set_window_size(width, height)
    inner_w, inner_h = js(dash_duo, "return [innerWidth, innerHeight];")
    driver.set_window_size(2 * width - inner_w, 2 * height - inner_h)
    return tuple(js(dash_duo, "return [innerWidth, innerHeight];"))


def open_lab(
    dash_duo, width: int, height: int, query: str = "", with_class: bool = False
) -> tuple[int, int]:
    dash_duo.start_server(create_app())
    viewport = set_viewport(dash_duo, width, height)
    if with_class:  # this browser starts a class and keeps its key for the next page
        dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
        js(dash_duo, "BackpropLab.classroom.start()")
        until(lambda: js(dash_duo, "return BackpropLab.classroom.state.code"), 10)
    if query:
        dash_duo.driver.get(dash_duo.server_url.rstrip("/") + "/" + query)
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: js(dash_duo, "return !!window.BackpropLab?.draw?.graph()"), 10)
    if "present" in query:
        present = "return document.documentElement.classList.contains('bl-present')"
        until(lambda: js(dash_duo, present), 5)
    # Forward and Backward fill the steps' numbers: the tallest the steps get.
    js(dash_duo, "BackpropLab.lab.sync({speed: 0})")
    for button in ("forward-btn", "backward-btn"):
        js(dash_duo, "document.getElementById(arguments[0]).click()", button)
        until(lambda: js(dash_duo, "return BackpropLab.lab.idle()"), 20)
    dash_duo.wait_for_contains_text("#algo-detail-3", "‖∂L/∂W", timeout=10)
    js(dash_duo, "window.scrollTo(0, 0)")
    return viewport


def rect(dash_duo, element_id: str) -> dict:
    return js(
        dash_duo,
        "const b = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return {left: b.left, top: b.top, right: b.right, bottom: b.bottom,"
        " width: b.width, height: b.height};",
        element_id,
    )


def assert_on_first_screen(dash_duo, viewport: tuple[int, int], *element_ids: str) -> None:
    width, height = viewport
    for element_id in element_ids:
        r = rect(dash_duo, element_id)
        assert r["width"] > 0 and r["height"] > 0, (element_id, r)
        inside = r["left"] >= 0 and r["top"] >= 0 and r["right"] <= width and r["bottom"] <= height
        assert inside, (element_id, r, viewport)


def page_size(dash_duo) -> tuple[int, int]:
    return tuple(
        js(
            dash_duo,
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight];",
        )
    )


def assert_no_sideways_scroll(dash_duo, viewport: tuple[int, int]) -> None:
    assert page_size(dash_duo)[0] <= viewport[0], (page_size(dash_duo), viewport)


def test_a_student_on_a_laptop_sees_diagram_buttons_steps_and_data_without_scrolling(dash_duo):
    viewport = open_lab(dash_duo, 1280, 720)
    assert_on_first_screen(
        dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "data-graph", "loss-graph"
    )
    assert_no_sideways_scroll(dash_duo, viewport)
    # the steps sit beside the diagram, not under it
    assert rect(dash_duo, "algo-step-1")["right"] <= rect(dash_duo, "network-graph")["left"]
    # the data plot is about square: no empty band above or below it
    data = rect(dash_duo, "data-graph")
    assert data["height"] <= data["width"] + 2, data
    assert data["height"] >= 180, data


def test_the_deep_network_keeps_all_four_steps_on_a_laptops_first_screen(dash_duo):
    deep = state.read_config(
        {**state.DEFAULT_CONFIG, "sizes": [2, *[8] * 10, 1], "activation": "sigmoid"}
    )
    search, _ = urlstate.encode(urlstate.Link(deep))
    viewport = open_lab(dash_duo, 1280, 720, search)
    assert_on_first_screen(dash_duo, viewport, "network-graph", *BUTTONS, *STEPS)
    # eleven layers' gradient sizes: the two ends, the first layer's far smaller
    assert "‖∂L/∂W(11)‖" in dash_duo.find_element("#algo-detail-3").text


def test_a_student_on_a_large_screen_sees_the_whole_lab_and_a_larger_diagram(dash_duo):
    viewport = open_lab(dash_duo, 1440, 900)
    assert_on_first_screen(
        dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "data-graph", "loss-graph"
    )
    assert_no_sideways_scroll(dash_duo, viewport)
    assert rect(dash_duo, "network-graph")["height"] >= 450


def test_the_theory_follows_the_lab_and_each_equation_links_to_what_runs_it(dash_duo):
    viewport = open_lab(dash_duo, 1280, 720)
    assert rect(dash_duo, "theory")["top"] >= viewport[1]  # below the first screen
    targets = js(
        dash_duo,
        "return [...document.querySelectorAll('#theory .bl-card, .bl-section:not(#lab) .bl-card')]"
        ".filter(c => c.querySelector('math'))"
        ".map(c => [...c.querySelectorAll('a.bl-run-link')].map(a => a.hash));",
    )
    assert len(targets) >= 5, targets
    assert all(t for t in targets), targets  # every card with an equation has a link
    for hash_ in {h for links in targets for h in links}:
        assert js(dash_duo, "return !!document.querySelector(arguments[0])", hash_), hash_
    # following "Run it: Forward" brings the Forward button onto the screen
    js(dash_duo, "document.querySelector('#theory a[href=\"#forward-btn\"]').click()")
    until(lambda: 0 <= rect(dash_duo, "forward-btn")["top"] < viewport[1], 5)


def test_a_teacher_projects_the_lab_at_1024x768_with_no_scrolling(dash_duo):
    viewport = open_lab(dash_duo, 1024, 768, "?view=present")
    assert_on_first_screen(dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "data-graph")
    assert page_size(dash_duo) == viewport  # nothing to scroll, either way
    # the diagram takes most of the screen's height
    assert rect(dash_duo, "network-graph")["height"] >= 0.55 * viewport[1]
    # the labels' size is set for the projector, and text is larger than on a laptop
    label_px = js(
        dash_duo,
        "return getComputedStyle(document.documentElement)"
        ".getPropertyValue('--bl-diagram-label-px').trim();",
    )
    assert label_px == "16"
    title_px = js(
        dash_duo,
        "return parseFloat(getComputedStyle(document.querySelector('#algo-step-1 .bl-step-title'))"
        ".fontSize);",
    )
    assert title_px >= 17, title_px


@pytest.mark.parametrize("key", ["worked", "lr-high"])
def test_a_teacher_projects_a_lesson_at_1024x768_with_no_scrolling(dash_duo, key):
    search, _, fragment = lessons.get(key).href.lstrip("/").partition("#")
    query = search + "&view=present" + ("#" + fragment if fragment else "")
    viewport = open_lab(dash_duo, 1024, 768, query)
    assert dash_duo.find_element(".bl-lesson-panel").is_displayed()  # the guided text
    assert_on_first_screen(dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "data-graph")
    assert page_size(dash_duo) == viewport


def test_a_teacher_projects_a_divergence_and_its_explanation_with_no_scrolling(dash_duo):
    search, _, _ = lessons.get("lr-high").href.lstrip("/").partition("#")
    viewport = open_lab(dash_duo, 1024, 768, search + "&view=present")
    js(dash_duo, "document.getElementById('play-btn').click()")  # η = 10: Play stops, and says why
    until(lambda: dash_duo.find_element("#lr-lesson").is_displayed(), 30)
    assert "diverged" in dash_duo.find_element("#lr-lesson").text
    assert_on_first_screen(dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "lr-lesson")
    assert page_size(dash_duo) == viewport


def test_a_teacher_projects_the_lab_at_1920x1080_with_no_scrolling(dash_duo):
    viewport = open_lab(dash_duo, 1920, 1080, "?view=present")
    assert_on_first_screen(dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "data-graph")
    assert page_size(dash_duo) == viewport
    assert rect(dash_duo, "network-graph")["height"] >= 0.6 * viewport[1]


def test_a_student_on_a_phone_never_scrolls_sideways_and_meets_the_diagram_first(dash_duo):
    viewport = open_lab(dash_duo, 390, 844)
    assert_no_sideways_scroll(dash_duo, viewport)
    # the lab stacks: diagram, then the controls, then the data
    diagram, buttons, data = (
        rect(dash_duo, i) for i in ("network-graph", "forward-btn", "data-graph")
    )
    assert diagram["bottom"] <= buttons["top"] and buttons["bottom"] <= data["top"]
    assert diagram["top"] < viewport[1]  # the diagram starts on the first screen
    wide = js(
        dash_duo,
        "return [...document.querySelectorAll('.bl-page *')]"
        ".filter(e => e.getBoundingClientRect().right > innerWidth + 0.5"
        " && !e.closest('.bl-lesson-links')).map(e => e.id || e.className).slice(0, 5);",
    )
    assert wide == []
    # the sub-step caption reads as lines across the screen, not a sliver beside the buttons
    assert rect(dash_duo, "substep-caption")["width"] >= 0.6 * viewport[0]


def test_a_student_on_a_phone_reads_every_number_of_the_inspector_whole(dash_duo):
    open_lab(dash_duo, 390, 844)
    click_neuron(dash_duo, 1, 1)  # a hidden neuron: its equations have the longest sums
    until(lambda: js(dash_duo, "return document.querySelectorAll('#inspector-body .bl-num')"
                     ".length") > 10, 10)  # fmt: skip
    split = js(
        dash_duo,
        "return [...document.querySelectorAll('#inspector-body .bl-num')]"
        ".filter(n => n.getClientRects().length > 1).map(n => n.textContent);",
    )
    assert split == []  # no number is broken across two lines


LONG_STATUS = "Training: press Pause at any moment, then step by hand from there."


def say(dash_duo, text: str) -> None:
    js(dash_duo, "dash_clientside.set_props('status-msg', {children: arguments[0]})", text)
    dash_duo.wait_for_contains_text("#status-msg", text[-20:], timeout=5)


@pytest.mark.parametrize("width, height", [(390, 844), (500, 800), (1280, 720)])
def test_a_long_status_line_never_covers_the_settings(dash_duo, width, height):
    viewport = open_lab(dash_duo, width, height)
    say(dash_duo, LONG_STATUS)
    status, settings = rect(dash_duo, "status-msg"), rect(dash_duo, "settings-details")
    apart = (
        status["top"] >= settings["bottom"]
        or status["bottom"] <= settings["top"]
        or status["left"] >= settings["right"]
        or status["right"] <= settings["left"]
    )
    assert apart, (status, settings)
    # the settings' summary keeps room to be read
    assert settings["width"] >= min(0.5 * viewport[0], 320), (settings, viewport)


@pytest.mark.parametrize("width, height", [(1024, 768), (1920, 1080)])
def test_a_teacher_projects_a_long_status_line_beside_the_buttons_and_no_scrolling(
    dash_duo, width, height
):
    viewport = open_lab(dash_duo, width, height, "?view=present")
    say(dash_duo, LONG_STATUS)
    assert_on_first_screen(dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "data-graph")
    assert page_size(dash_duo) == viewport
    line = js(dash_duo, "return parseFloat(getComputedStyle(arguments[0]).lineHeight)",
              dash_duo.find_element("#status-msg"))  # fmt: skip
    status, toolbar = rect(dash_duo, "status-msg"), css_rect(dash_duo, ".bl-toolbar")
    assert status["height"] <= 2.5 * line and status["bottom"] <= toolbar["bottom"]


JOIN_BOX = ".bl-class-projector"


def css_rect(dash_duo, selector: str) -> dict:
    return js(
        dash_duo,
        "const b = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {left: b.left, top: b.top, right: b.right, bottom: b.bottom,"
        " width: b.width, height: b.height};",
        selector,
    )


@pytest.mark.parametrize("width, height", [(1024, 768), (1920, 1080)])
def test_a_teacher_projects_a_class_with_how_to_join_and_no_scrolling(
    dash_duo, tmp_path, monkeypatch, width, height
):
    monkeypatch.setenv("BACKPROP_LAB_DATA", str(tmp_path))  # the class's store
    monkeypatch.delenv("BACKPROP_LAB_STORE", raising=False)
    viewport = open_lab(dash_duo, width, height, "?view=present", with_class=True)
    code = js(dash_duo, "return BackpropLab.classroom.state.code")
    dash_duo.wait_for_text_to_equal(JOIN_BOX + "-code", code, timeout=10)
    until(lambda: js(dash_duo, "return document.querySelector(arguments[0]).naturalWidth > 0",
                     JOIN_BOX + "-qr"), 10)  # fmt: skip
    assert_on_first_screen(dash_duo, viewport, "network-graph", *BUTTONS, *STEPS, "data-graph")
    assert page_size(dash_duo) == viewport  # the box never makes the page scroll
    box = css_rect(dash_duo, JOIN_BOX)
    inside = box["left"] >= 0 and box["top"] >= 0
    assert inside and box["right"] <= viewport[0] and box["bottom"] <= viewport[1], box
    # the code reads from the back of the room, and the box covers none of the lab's work
    code_px = js(
        dash_duo,
        "return parseFloat(getComputedStyle(document.querySelector(arguments[0])).fontSize);",
        JOIN_BOX + "-code",
    )
    assert code_px >= 24, code_px
    for element_id in ("network-graph", *BUTTONS, *STEPS, "data-graph"):
        r = rect(dash_duo, element_id)
        apart = (
            r["right"] <= box["left"]
            or box["right"] <= r["left"]
            or r["bottom"] <= box["top"]
            or box["bottom"] <= r["top"]
        )
        assert apart, (element_id, r, box)
