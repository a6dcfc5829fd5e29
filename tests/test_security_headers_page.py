"""The page works in full under its Content-Security-Policy, in headless Chromium.

A listener installed before the page's first script records every CSP
violation (the browser reports blocked scripts, styles, fonts, images, eval and
connections this way); the page is then driven through what a lesson uses:
the equations, the Plotly diagram, clientside callbacks, a training step,
Play and Pause, a file download and the present view.
"""

from __future__ import annotations

from pathlib import Path

from dash.testing.wait import until
from selenium.common.exceptions import WebDriverException

from app import ids
from app.factory import create_app

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' +
  e.sourceFile + ':' + e.lineNumber));
"""
# Plotly has drawn the network diagram (the page's own scripts are not named, so
# this test does not depend on them).
PLOTTED = "return !!document.querySelector('#network-graph .main-svg');"
LAB_TOP = "return document.getElementById('lab').getBoundingClientRect().top;"


def js(dash_duo, script: str):
    return dash_duo.driver.execute_script(script)


def press(dash_duo, selector: str) -> None:
    """Click as a user would, once the page (still typesetting) holds still."""

    def attempt() -> bool:
        el = dash_duo.find_element(selector)
        dash_duo.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", el
        )
        try:
            el.click()
        except WebDriverException:
            return False
        return True

    until(attempt, 5)


def violations(dash_duo) -> list[str]:
    found = list(js(dash_duo, "return window.__cspViolations || null;") or [])
    logged = [
        e["message"]
        for e in dash_duo.get_logs() or []
        if "Content Security Policy" in e.get("message", "")
    ]
    return found + logged


def open_with_recorder(dash_duo, query: str = "") -> None:
    dash_duo.driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
    )
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    assert js(dash_duo, "return Array.isArray(window.__cspViolations);")


def test_the_page_runs_with_no_csp_violation(dash_duo):
    dash_duo.driver.set_window_size(1366, 768)
    dash_duo.start_server(create_app())
    open_with_recorder(dash_duo)
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    # The equations are on show (MathJax's output, with its fonts and styles, or
    # MathML), Plotly draws the diagram.
    until(lambda: dash_duo.find_elements("mjx-container, math"), 10)
    until(lambda: js(dash_duo, PLOTTED), 10)
    assert 0 <= js(dash_duo, LAB_TOP) < 200  # the lab is the first screen: no jump to it
    dash_duo.driver.find_element("xpath", "//label[normalize-space()='Instant']").click()

    dash_duo.find_element(f"#{ids.STEP_BTN}").click()  # clientside → server → clientside
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=10)
    dash_duo.find_element(f"#{ids.PLAY_BTN}").click()
    until(lambda: int(dash_duo.find_element("#step-count").text) > 1, 10)
    dash_duo.find_element(f"#{ids.PLAY_BTN}").click()
    press(dash_duo, f"#{ids.EXPORT_JSON_BTN}")  # a download from the page
    until(lambda: list(Path(dash_duo.download_path).glob("*.json")), 10)
    assert violations(dash_duo) == []

    open_with_recorder(dash_duo, "?view=present")
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: js(dash_duo, PLOTTED), 10)
    assert violations(dash_duo) == []


def test_the_policy_is_really_enforced_on_the_page(dash_duo):
    # The listener above would stay silent under no policy at all: an inline
    # script added at run time must be blocked and reported.
    dash_duo.start_server(create_app())
    open_with_recorder(dash_duo)
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    js(
        dash_duo,
        "const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        "document.body.appendChild(s);",
    )
    until(lambda: violations(dash_duo), 5)
    assert js(dash_duo, "return window.__ran === undefined;")
    assert any("script-src" in v for v in violations(dash_duo))
