"""What reaches the server before any callback runs: odd paths under Dash's
routes, odd content types, unreadable and over-complex bodies, and the
headers every answer carries. Through Flask's test client; the real servers
are driven in tests/test_slow_clients.py."""

from __future__ import annotations

import io
import json
import logging
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app

from app import json_bounds, limits, security_headers
from app.factory import create_app

APP = create_app()
CLIENT = APP.server.test_client()
UPDATE_PATH = "/_dash-update-component"
PAGE = CLIENT.get("/").get_data(as_text=True)
PAGE_FILES = re.findall(r'(?:src|href)="(/_dash-component-suites/[^"]+)"', PAGE)
FUZZ = settings(max_examples=150, deadline=None, derandomize=True)

path_text = st.text(
    alphabet=st.characters(codec="ascii", exclude_characters="?#%\\\r\n\t\x00 "), max_size=40
)
DASH_PREFIXES = [
    "/_dash-component-suites/",
    "/_dash-component-suites/dash/",
    "/_dash-component-suites/plotly/package_data/",
    "/_dash-layout",
    "/_dash-dependencies",
    "/_dash-update-component",
    "/_dash-",
    "/_reload-hash",
    "/_favicon.ico",
    "/assets/",
]


@pytest.fixture
def errors_logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    caplog.set_level(logging.ERROR)
    return caplog.records


def test_the_page_links_component_files_and_they_are_served():
    assert PAGE_FILES
    for link in PAGE_FILES:
        assert CLIENT.get(link).status_code == 200, link


@FUZZ
@given(prefix=st.sampled_from(DASH_PREFIXES), rest=path_text)
def test_odd_paths_under_dash_routes_never_get_a_5xx(prefix: str, rest: str):
    for method in ("GET", "POST", "HEAD"):
        answer = CLIENT.open(prefix + rest, method=method)
        assert answer.status_code < 500, (method, prefix + rest, answer.status_code)
        assert b"Traceback" not in answer.data


@FUZZ
@given(package=path_text.filter(lambda p: "/" not in p and p), file=path_text)
def test_unknown_component_files_get_a_404(package: str, file: str):
    path = f"/_dash-component-suites/{package}/{file or 'x.js'}"
    if path in PAGE_FILES:
        return
    assert CLIENT.get(path).status_code in (404, 405, 308), path


def test_unknown_paths_log_no_traceback(errors_logged):
    for path in (
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/os/x.js",
        "/_dash-component-suites/dash/deps/",
        "/_dash-layout/x",
        "/_dash-nothing",
    ):
        answer = CLIENT.get(path)
        assert answer.status_code == 404, path
        assert len(answer.data) < 100
    assert errors_logged == []


def test_ordinary_paths_still_serve_the_page():
    # A page opened under another path (a link, a proxy prefix) still loads.
    assert CLIENT.get("/lesson/anything").status_code == 200


REAL_JSON = {"output": "nope", "inputs": [], "state": []}


@FUZZ
@given(
    content_type=st.one_of(
        st.sampled_from(
            [
                "",
                "text/plain",
                "text/plain;charset=UTF-8",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/jsonx",
                "application/json-patch+json",
                "application/javascript",
                "text/json",
            ]
        ),
        st.from_regex(r"[a-z]{1,8}/[a-z+.-]{1,12}", fullmatch=True).filter(
            lambda t: t != "application/json"
        ),
    )
)
def test_callback_posts_that_are_not_json_get_a_415(content_type: str):
    answer = CLIENT.post(
        UPDATE_PATH, data=json.dumps(REAL_JSON), headers={"Content-Type": content_type}
    )
    assert answer.status_code == 415, (content_type, answer.status_code)
    assert "Traceback" not in answer.get_data(as_text=True)


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/json; charset=utf-8", "Application/JSON"]
)
def test_json_callback_posts_reach_the_checks(content_type: str):
    answer = CLIENT.post(
        UPDATE_PATH, data=json.dumps(REAL_JSON), headers={"Content-Type": content_type}
    )
    assert answer.status_code == 400  # past the media type: "no such callback"
    assert b"no such callback" in answer.data


@FUZZ
@given(
    body=st.one_of(
        st.binary(max_size=2000),
        st.lists(st.sampled_from([b"[", b"]", b"{", b"}", b'"', b"\\", b",", b":", b"0"])).map(
            b"".join
        ),
    )
)
def test_odd_json_bodies_get_a_clean_4xx(body: bytes):
    answer = CLIENT.post(UPDATE_PATH, data=body, content_type="application/json")
    assert 400 <= answer.status_code < 500, (body[:80], answer.status_code)
    assert len(answer.data) < 200 and b"Traceback" not in answer.data


class BrokenStream(io.RawIOBase):
    """A request body whose transfer breaks while it is read (as a malformed
    chunked body does in the development server's reader)."""

    def readable(self) -> bool:
        return True

    def readinto(self, _buffer: Any) -> int:
        raise OSError("Invalid chunk header")


def test_a_body_that_cannot_be_read_gets_a_400(errors_logged):
    environ = EnvironBuilder(
        path=UPDATE_PATH, method="POST", headers={"Content-Type": "application/json"}
    ).get_environ()
    environ.pop("CONTENT_LENGTH", None)
    environ.update({"wsgi.input": BrokenStream(), "wsgi.input_terminated": True})
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    body, status, _ = run_wsgi_app(APP.server, environ, buffered=True)
    assert status.startswith("400"), (status, b"".join(body)[:200])
    assert b"".join(body) == b"Bad request: the body could not be read\n"
    assert errors_logged == []


SIZE = 255 * 1024
HEAVY_BODIES = {
    "flat empty lists": b"[" + b",".join([b"[]"] * (SIZE // 3)) + b"]",
    "empty objects": b"[" + b",".join([b"{}"] * (SIZE // 3)) + b"]",
    "nested 400 deep, repeated": b"[" + b",".join([b"[" * 400 + b"]" * 400] * (SIZE // 801)) + b"]",
    "nested 100,000 deep": b"[" * 100_000,
    "one level too deep": b"[" * (limits.MAX_JSON_DEPTH + 1) + b"]" * (limits.MAX_JSON_DEPTH + 1),
}


@pytest.mark.parametrize("body", HEAVY_BODIES.values(), ids=HEAVY_BODIES.keys())
def test_over_complex_json_is_refused_before_it_is_parsed(body: bytes, monkeypatch):
    parsed: list[bytes] = []
    monkeypatch.setattr(APP.server.json, "loads", lambda s, **kw: parsed.append(s))
    answer = CLIENT.post(UPDATE_PATH, data=body, content_type="application/json")
    assert answer.status_code == 400, answer.data[:200]
    assert parsed == []  # refused on the raw bytes: the parser never ran
    assert len(answer.data) < 200


def nested(depth: int, inner: Any = 0) -> Any:
    for _ in range(depth):
        inner = [inner]
    return inner


def reference(value: Any, depth: int = 1) -> tuple[int, int]:
    """(containers, depth) of a parsed value, counted the slow, sure way."""
    if isinstance(value, (list, dict)):
        items = list(value.values()) if isinstance(value, dict) else value
        found = [reference(item, depth + 1) for item in items]
        return 1 + sum(c for c, _ in found), max([depth, *(d for _, d in found)])
    return 0, depth - 1


json_values = st.recursive(
    st.one_of(st.none(), st.integers(), st.text(alphabet='[]{}"\\ab,:', max_size=8)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)


@FUZZ
@given(value=json_values, extra_depth=st.integers(0, limits.MAX_JSON_DEPTH + 3))
def test_the_bounds_agree_with_the_parsed_value(value: Any, extra_depth: int):
    value = nested(extra_depth, value)
    body = json.dumps(value).encode()
    containers, depth = reference(value)
    within = depth <= limits.MAX_JSON_DEPTH and containers <= limits.MAX_JSON_CONTAINERS
    try:
        json_bounds.check(body)
        passed = True
    except json_bounds.JsonTooComplexError:
        passed = False
    assert passed == within, (depth, containers)


def test_many_containers_are_refused_and_a_real_sized_body_is_not():
    json_bounds.check(json.dumps([[0.5, 0.5]] * 400 + [[1.0]] * 400).encode())
    with pytest.raises(json_bounds.JsonTooComplexError):
        json_bounds.check(json.dumps([[]] * (limits.MAX_JSON_CONTAINERS + 1)).encode())


SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")


@pytest.mark.parametrize(
    ("method", "path", "content_type"),
    [
        ("GET", "/", None),
        ("GET", "/health", None),
        ("GET", "/_dash-layout", None),
        ("GET", "/_dash-dependencies", None),
        ("GET", "/_dash-component-suites/nope/x.js", None),
        ("GET", "/assets/nope.css", None),
        ("POST", UPDATE_PATH, "text/plain"),
        ("POST", UPDATE_PATH, "application/json"),
        ("POST", "/", None),
    ],
)
def test_every_answer_carries_the_security_headers(method, path, content_type):
    answer = CLIENT.open(path, method=method, data="{}", content_type=content_type)
    for name in SECURITY_HEADERS:
        assert name in answer.headers, (path, answer.status_code, name)
    csp = answer.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert "'unsafe-eval'" not in csp
    assert "frame-ancestors 'self'" in csp
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_the_page_script_hashes_cover_every_inline_script():
    import base64
    import hashlib

    csp = CLIENT.get("/").headers["Content-Security-Policy"]
    live = re.sub(r"<!--.*?-->", "", PAGE, flags=re.S)  # Dash's old-IE notice is a comment
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", live, re.S)
    assert inline
    for attrs, code in inline:
        if "application/json" in attrs:  # data, not code: CSP does not apply
            continue
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp, code[:80]


def test_a_teacher_can_allow_a_course_page_to_embed_the_lab(monkeypatch):
    monkeypatch.setenv(security_headers.FRAME_ANCESTORS_ENV, "'self' https://moodle.school.example")
    answer = create_app().server.test_client().get("/?view=present")
    csp = answer.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://moodle.school.example" in csp
    assert "X-Frame-Options" not in answer.headers  # it cannot name another site


@pytest.mark.parametrize(
    "value",
    [
        "https://a.example; script-src *",
        "https://a.example, https://b.example",
        "'unsafe-inline'",
        "https://a.example\r\nX-Evil: 1",
        "'none' https://a.example",
        "javascript:alert(1)//x y",
    ],
)
def test_a_malformed_frame_ancestors_setting_stops_the_server(value: str, monkeypatch):
    monkeypatch.setenv(security_headers.FRAME_ANCESTORS_ENV, value)
    with pytest.raises(security_headers.FrameAncestorsError):
        create_app()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "'self'"),
        ("  ", "'self'"),
        ("'none'", "'none'"),
        ("https://moodle.school.example", "https://moodle.school.example"),
        ("'self'  *.school.example:8443 https:", "'self' *.school.example:8443 https:"),
    ],
)
def test_frame_ancestors_settings_that_work(value, expected):
    assert security_headers.frame_ancestors(value) == expected
