"""A class in three Chromium sessions: a teacher and two students. Join by link and
by code, follow a Train step, predict and reveal, leave and come back, reload;
against SQLite and against a real Redis."""

from __future__ import annotations

import os

import pytest
from dash.testing.wait import until
from selenium import webdriver
from selenium.webdriver.common.by import By

from app.factory import create_app
from tests.redis_server import redis_server

ROLE = "return window.BackpropLab?.classroom?.state.role || null;"
STEP = "return BackpropLab.lab.state.net_state && BackpropLab.lab.state.net_state.step;"
WEIGHTS = "return JSON.stringify(BackpropLab.lab.state.net_state.net_json.weights);"


def _browser(dash_duo) -> webdriver.Chrome:
    """Another Chromium, set up as dash_duo sets up its own."""
    options = dash_duo._get_wd_options()
    for arg in ("--disable-dev-shm-usage", "--no-sandbox", "--disable-gpu"):
        options.add_argument(arg)
    if "DASH_TEST_CHROMEPATH" in os.environ:
        options.binary_location = os.environ["DASH_TEST_CHROMEPATH"]
    driver = webdriver.Chrome(options=options)
    driver.set_window_size(1366, 900)
    return driver


def _open_panel(driver) -> None:
    until(lambda: driver.find_elements(By.CSS_SELECTOR, "#class-panel summary"), 20)
    driver.execute_script("document.getElementById('class-panel').open = true;")


def _click(driver, css: str) -> None:
    # A click event as a press makes one; the lab's sticky toolbar may cover the
    # panel at some scroll positions, which a real student would scroll past.
    element = driver.find_element(By.CSS_SELECTOR, css)
    press = "arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();"
    driver.execute_script(press, element)


def _student_page(driver, url: str) -> None:
    driver.get(url)
    until(lambda: driver.execute_script(ROLE) == "student", 20)


def _class_flow(dash_duo) -> None:
    dash_duo.start_server(create_app())
    teacher = dash_duo.driver
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=20)
    _open_panel(teacher)
    _click(teacher, "#class-start-btn")
    until(lambda: len(teacher.find_element(By.ID, "class-code").text) == 8, 20)
    code = teacher.find_element(By.ID, "class-code").text
    assert teacher.find_element(By.ID, "class-link").text.endswith("/?class=" + code)
    until(lambda: teacher.execute_script(
        "return document.getElementById('class-qr').naturalWidth") > 0, 10)  # fmt: skip

    by_link, by_code = _browser(dash_duo), _browser(dash_duo)
    try:
        _student_page(by_link, dash_duo.server_url + "/?class=" + code)
        by_code.get(dash_duo.server_url)
        _open_panel(by_code)
        by_code.find_element(By.ID, "class-join-code").send_keys(code.lower())
        by_code.find_element(By.ID, "class-nickname").send_keys("<b>Ada</b>")
        _click(by_code, "#class-join-btn")
        until(lambda: by_code.execute_script(ROLE) == "student", 20)
        students = (by_link, by_code)

        # The teacher trains one step; both students follow to the same network.
        _click(teacher, "#step-btn")
        until(lambda: teacher.execute_script(STEP) == 1, 30)
        for s in students:
            until(lambda s=s: s.execute_script(STEP) == 1, 20)
            until(lambda s=s: s.find_element(By.ID, "step-count").text == "1", 20)
            assert s.execute_script(WEIGHTS) == teacher.execute_script(WEIGHTS)

        # Predict, then reveal.
        teacher.execute_script("document.getElementById('class-ask-kind').value = 'loss';")
        _click(teacher, "#class-ask-btn")
        for s, guess in ((by_link, "down"), (by_code, "up")):
            until(lambda s=s: s.find_elements(By.CSS_SELECTOR, ".bl-class-choice"), 20)
            _click(s, f".bl-class-choice[data-answer='{guess}']")
            until(
                lambda s=s: "Your answer" in s.find_element(By.CSS_SELECTOR, ".bl-class-mine").text,
                20,
            )
        until(
            lambda: "2 of 2 students answered" in teacher.find_element(By.ID, "class-tally").text,
            20,
        )
        _click(teacher, "#class-reveal-btn")
        verdicts = []
        for s in students:
            until(lambda s=s: s.find_elements(By.CSS_SELECTOR, ".bl-class-verdict"), 20)
            verdicts.append(
                s.find_element(By.CSS_SELECTOR, ".bl-class-verdict").get_attribute("class")
            )
            assert "Right answer:" in s.find_element(By.ID, "class-result").text
        assert sorted("is-right" in v for v in verdicts) == [
            False,
            True,
        ]  # up or down: one was right

        # A student leaves to explore, the class moves on, the student comes back.
        _click(by_link, "#class-leave-btn")
        _click(teacher, "#step-btn")
        until(lambda: teacher.execute_script(STEP) == 2, 30)
        until(lambda: by_code.execute_script(STEP) == 2, 20)
        assert by_link.execute_script(STEP) == 1
        _click(by_link, "#class-rejoin-btn")
        until(lambda: by_link.execute_script(STEP) == 2, 20)

        # A reload comes back to where the class is.
        by_code.refresh()
        until(lambda: by_code.execute_script(ROLE) == "student", 20)
        until(lambda: by_code.execute_script(STEP) == 2, 20)
        assert by_code.execute_script(WEIGHTS) == teacher.execute_script(WEIGHTS)

        # So does the teacher's: the class's network, not a fresh one, and the code again.
        teacher.refresh()
        until(lambda: teacher.execute_script(ROLE) == "teacher", 20)
        until(lambda: teacher.find_element(By.ID, "class-code").text == code, 20)
        until(lambda: teacher.execute_script(STEP) == 2, 20)
        assert teacher.execute_script(WEIGHTS) == by_link.execute_script(WEIGHTS)
        assert by_link.execute_script(STEP) == 2  # the students were not sent back to step 0

        # A student who trains on their own leaves the class until they come back.
        _click(by_code, "#step-btn")
        until(lambda: by_code.execute_script(STEP) == 3, 30)
        rejoin = by_code.find_element(By.ID, "class-rejoin-btn")
        until(lambda: "d-none" not in rejoin.get_attribute("class"), 10)
        _click(by_code, "#class-rejoin-btn")
        until(lambda: by_code.execute_script(STEP) == 2, 20)
        assert by_code.execute_script(WEIGHTS) == teacher.execute_script(WEIGHTS)
    finally:
        by_link.quit()
        by_code.quit()


def test_a_class_follows_predicts_and_sees_with_sqlite(dash_duo, tmp_path, monkeypatch):
    monkeypatch.setenv("BACKPROP_LAB_DATA", str(tmp_path))
    monkeypatch.delenv("BACKPROP_LAB_STORE", raising=False)
    _class_flow(dash_duo)


@pytest.mark.redis
def test_a_class_follows_predicts_and_sees_with_redis(dash_duo, tmp_path, monkeypatch):
    with redis_server(tmp_path) as url:
        monkeypatch.setenv("BACKPROP_LAB_STORE", url)
        _class_flow(dash_duo)
