"""A class in three Chromium sessions: a teacher and two students. Join by link and
by code; follow a Train step and Forward, Backward, Update weights, each played on
the students' pages (their diagrams animate and their step is the teacher's);
predict and reveal, a student answering by clicking a neuron in the diagram; the
projector shows how to join; leave and come back, reload; against SQLite and
against a real Redis."""

from __future__ import annotations

import os

import pytest
from dash.testing.wait import until
from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from app.factory import create_app
from tests.redis_server import redis_server

ROLE = "return window.BackpropLab?.classroom?.state.role || null;"
STEP = "return BackpropLab.lab.state.net_state && BackpropLab.lab.state.net_state.step;"
WEIGHTS = "return JSON.stringify(BackpropLab.lab.state.net_state.net_json.weights);"
NET = "return JSON.stringify(BackpropLab.lab.state.net_state);"  # what net-store holds
# What a student's page played on its own: pieces of a step animated (bl:progress
# names the piece playing), the networks of steps it computed and applied itself
# (bl:adopt with the step), as its own click would, and class states it took as
# they were (bl:shared: a jump).
WATCH = """window.blSeen = {playing: [], nets: [], shared: 0};
document.addEventListener('bl:progress',
  (e) => e.detail.playing && blSeen.playing.push(e.detail.playing));
document.addEventListener('bl:adopt', (e) => e.detail.step
  && blSeen.nets.push(JSON.stringify(e.detail.reply.net_state)));
document.addEventListener('bl:shared', () => (blSeen.shared += 1));"""
SETTLED = """const C = BackpropLab.classroom.state;
return !C.fresh && C.pending === null && BackpropLab.lab.idle();"""
SEEN = "return window.blSeen;"
LAYERS = "return BackpropLab.lab.state.net_state.net_json.sizes.length - 1;"
# Where neuron k of layer l is drawn, in the page's viewport (CSS pixels).
NEURON_AT = """const gd = BackpropLab.draw.graph(), fl = gd._fullLayout;
const m = BackpropLab.draw.base.layout.meta, nd = gd.data[m.neurons];
let idx = arguments[1];
for (let l = 0; l < arguments[0]; l++) idx += m.sizes[l];
const box = gd.getBoundingClientRect();
return [box.left + fl.xaxis._offset + fl.xaxis.l2p(nd.x[idx]),
        box.top + fl.yaxis._offset + fl.yaxis.l2p(nd.y[idx])];"""
RINGS = """const gd = BackpropLab.draw.graph();
return gd.data.filter((t) => t.name === arguments[0]).length;"""


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


def _press(driver, button: str) -> None:
    driver.execute_script("document.getElementById(arguments[0]).click();", button)


def _click_neuron(driver, layer: int, index: int) -> None:
    """A real click (a pointer press) on the neuron in the diagram."""
    driver.execute_script("window.scrollTo(0, 0);")
    x, y = driver.execute_script(NEURON_AT, layer, index)
    actions = ActionChains(driver)
    actions.w3c_actions.pointer_action.move_to_location(int(x), int(y))
    actions.w3c_actions.pointer_action.click()
    actions.perform()


def _follow_presses(teacher, students) -> None:
    """Train step, then Forward, Backward and Update weights: each student's page plays
    them (its diagram animates) and ends on the teacher's network, computed itself."""
    for s in students:
        until(lambda s=s: s.execute_script(SETTLED), 20)  # at the class's state
        s.execute_script(WATCH)
    layers = teacher.execute_script(LAYERS)
    _click(teacher, "#step-btn")
    until(lambda: teacher.execute_script(STEP) == 1, 30)
    for s in students:
        until(lambda s=s: len(s.execute_script(SEEN)["nets"]) == 1, 30)
        until(lambda s=s: s.find_element(By.ID, "step-count").text == "1", 20)
        seen = s.execute_script(SEEN)
        # every piece: the forward pass layer by layer, the loss, backward, the update
        assert set(seen["playing"]) == set(range(1, 2 * layers + 3)), seen["playing"]
        assert seen["nets"][0] == teacher.execute_script(NET)  # the step it computed

    for button in ("forward-btn", "backward-btn", "update-btn"):
        _press(teacher, button)
    until(lambda: teacher.execute_script(STEP) == 2, 40)
    for s in students:
        until(lambda s=s: len(s.execute_script(SEEN)["nets"]) == 2, 40)
        until(lambda s=s: s.execute_script(SETTLED), 20)
        seen = s.execute_script(SEEN)
        assert seen["nets"][1] == teacher.execute_script(NET)
        assert seen["shared"] == 0  # nothing jumped: the class's states were the page's own
        assert s.execute_script(NET) == teacher.execute_script(NET)
        assert s.execute_script(STEP) == 2


def _pick_a_neuron(teacher, by_link, by_code) -> None:
    """Which hidden neuron has the largest |δ|: one student clicks it in the diagram,
    the other presses its button; the reveal rings the right one in every diagram."""
    teacher.execute_script("document.getElementById('class-ask-kind').value = 'delta';")
    _click(teacher, "#class-ask-btn")
    for s in (by_link, by_code):
        until(lambda s=s: s.find_elements(By.CSS_SELECTOR, ".bl-class-choice"), 20)
    # outside the presentation view the projector's box is there, hidden: the panel shows it all
    projected = teacher.find_element(By.CSS_SELECTOR, ".bl-class-projector-text")
    until(lambda: "largest |δ|" in projected.get_attribute("textContent"), 20)
    _click_neuron(by_link, 1, 1)
    mine = '.bl-class-choice[data-answer=\'{"layer":1,"index":1}\']'
    until(lambda: "neuron 2 of hidden layer 1" in by_link.find_element(
        By.CSS_SELECTOR, ".bl-class-mine").text, 20)  # fmt: skip
    assert "is-mine" in by_link.find_element(By.CSS_SELECTOR, mine).get_attribute("class")
    until(lambda: by_link.execute_script(RINGS, "your choice") == 1, 10)
    _click(by_code, '.bl-class-choice[data-answer=\'{"layer":1,"index":0}\']')
    until(lambda: "2 of 2 students answered" in teacher.find_element(By.ID, "class-tally").text, 20)
    _click(teacher, "#class-reveal-btn")
    for s in (teacher, by_link, by_code):
        until(lambda s=s: s.execute_script(RINGS, "the right answer") == 1, 20)
    for s in (by_link, by_code):
        until(lambda s=s: s.find_elements(By.CSS_SELECTOR, ".bl-class-verdict"), 20)


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

        _follow_presses(teacher, students)
        _pick_a_neuron(teacher, by_link, by_code)

        # Predict, then reveal.
        teacher.execute_script("document.getElementById('class-ask-kind').value = 'loss';")
        _click(teacher, "#class-ask-btn")
        asked = teacher.find_element(By.ID, "class-question")
        until(lambda: "loss go up or down" in asked.text, 20)  # and the last tally is gone
        for s, guess in ((by_link, "down"), (by_code, "up")):
            choice = f".bl-class-choice[data-answer='{guess}']"
            until(lambda s=s, choice=choice: s.find_elements(By.CSS_SELECTOR, choice), 20)
            _click(s, choice)
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
        until(lambda: teacher.execute_script(STEP) == 3, 30)
        until(lambda: by_code.execute_script(STEP) == 3, 30)
        assert by_link.execute_script(STEP) == 2
        _click(by_link, "#class-rejoin-btn")
        until(lambda: by_link.execute_script(STEP) == 3, 20)

        # A reload comes back to where the class is.
        by_code.refresh()
        until(lambda: by_code.execute_script(ROLE) == "student", 20)
        until(lambda: by_code.execute_script(STEP) == 3, 20)
        assert by_code.execute_script(WEIGHTS) == teacher.execute_script(WEIGHTS)

        # So does the teacher's, here opened on the projector: the class's network, not
        # a fresh one, and the code again, in the box that shows the room how to join.
        teacher.get(dash_duo.server_url + "/?view=present")
        until(lambda: teacher.execute_script(ROLE) == "teacher", 20)
        projected = teacher.find_element(By.CSS_SELECTOR, ".bl-class-projector-code")
        until(lambda: projected.text == code, 20)
        assert teacher.find_element(By.CSS_SELECTOR, ".bl-class-projector-qr").is_displayed()
        assert code in teacher.find_element(By.CSS_SELECTOR, ".bl-class-projector-link").text
        until(lambda: teacher.execute_script(STEP) == 3, 20)
        assert teacher.execute_script(WEIGHTS) == by_link.execute_script(WEIGHTS)
        assert by_link.execute_script(STEP) == 3  # the students were not sent back to step 0

        # A student who trains on their own leaves the class until they come back.
        _click(by_code, "#step-btn")
        until(lambda: by_code.execute_script(STEP) == 4, 30)
        rejoin = by_code.find_element(By.ID, "class-rejoin-btn")
        until(lambda: "d-none" not in rejoin.get_attribute("class"), 10)
        _click(by_code, "#class-rejoin-btn")
        until(lambda: by_code.execute_script(STEP) == 3, 20)
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
