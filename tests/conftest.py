"""Shared test set-up.

Browser, container and proxy tests may skip on a developer's machine that
lacks Chromium, podman, nginx or redis-server, but never in CI: there a skip of such a test
is reported as a failure, so a green run means they really ran.
"""

from __future__ import annotations

import os

import pytest

MUST_RUN_IN_CI = ("browser", "container", "proxy", "redis")


def pytest_configure(config: pytest.Config) -> None:
    # Browser tests serve the app on ports counted up from one base; two test runs
    # on one machine (two working trees) each set their own base and never collide.
    base = os.environ.get("BACKPROP_LAB_TEST_PORT_BASE")
    if base:
        from dash.testing.application_runners import BaseDashRunner

        BaseDashRunner._next_port = int(base)


@pytest.fixture(scope="module")
def app():
    """A fresh app per test module, for tests that post to it (tests/dash_requests.py)."""
    from app.factory import create_app  # here, so engine-only runs never import Dash

    return create_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and _in_ci()):
        return
    marks = [m for m in MUST_RUN_IN_CI if item.get_closest_marker(m)]
    if marks:
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid}: a {marks[0]} test skipped in CI ({report.longrepr})"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # dash_duo drives a real browser: mark those tests so CI refuses their skips.
    for item in items:
        if "dash_duo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
