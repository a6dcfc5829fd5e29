"""Security headers on every answer: what the browser may load, run and embed.

The Content-Security-Policy allows what the page really uses and nothing more,
as checked in headless Chromium (tests/test_security_headers_page.py): scripts
from this server only (Dash's renderer, Plotly, Dash's MathJax where the page
uses it, the clientside callbacks in assets/), plus Dash's inline scripts by
their hashes; styles inline too, because Plotly (and MathJax) write style
elements at run time; images and fonts also as data: URLs; requests to this server
only. Nothing may be framed by this page, and only the pages named in
BACKPROP_LAB_FRAME_ANCESTORS (default: this server's own) may frame it.
"""

from __future__ import annotations

import os
import re

import flask
from dash import Dash

FRAME_ANCESTORS_ENV = "BACKPROP_LAB_FRAME_ANCESTORS"
DEFAULT_FRAME_ANCESTORS = "'self'"
# One CSP source expression: a keyword, a scheme ("https:"), or a host with an
# optional scheme, port and path ("https://moodle.school.example",
# "*.school.example:8443"). Anything else (a ';' or ',' above all, which would
# start a new directive or policy) is refused when the server starts.
_SOURCE = re.compile(
    r"'self'|'none'|[a-z][a-z0-9+.-]*:"
    r"|(?:[a-z][a-z0-9+.-]*://)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?(?:/[\w./~%-]*)?",
    re.IGNORECASE,
)


class FrameAncestorsError(ValueError):
    """BACKPROP_LAB_FRAME_ANCESTORS is not a list of CSP source expressions."""


def frame_ancestors(raw: str | None) -> str:
    """The frame-ancestors sources from the environment's value, checked."""
    if raw is None or not raw.strip():
        return DEFAULT_FRAME_ANCESTORS
    if re.search(r"[^\x20-\x7e]", raw):
        raise FrameAncestorsError(f"{FRAME_ANCESTORS_ENV} must be one line of plain text")
    sources = raw.split()
    for source in sources:
        if not _SOURCE.fullmatch(source):
            raise FrameAncestorsError(
                f"{FRAME_ANCESTORS_ENV}: {source!r} is not a page address such as "
                "https://moodle.school.example (separate several with spaces)"
            )
    if "'none'" in sources and len(sources) > 1:
        raise FrameAncestorsError(f"{FRAME_ANCESTORS_ENV}: 'none' cannot be combined")
    return " ".join(sources)


def content_security_policy(script_hashes: list[str], ancestors: str) -> str:
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-src": "'none'",
        "frame-ancestors": ancestors,
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def headers(script_hashes: list[str], ancestors: str) -> dict[str, str]:
    found = {
        "Content-Security-Policy": content_security_policy(script_hashes, ancestors),
        "X-Content-Type-Options": "nosniff",
        # Share links carry the set-up in the query: no other site gets them.
        "Referrer-Policy": "no-referrer",
    }
    # For browsers older than frame-ancestors, where it can say the same thing.
    legacy = {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(ancestors)
    if legacy:
        found["X-Frame-Options"] = legacy
    return found


def install(app: Dash) -> None:
    """Add the headers to every answer. Call after every callback is registered:
    Dash's inline scripts are hashed now."""
    fixed = headers(list(app.csp_hashes()), frame_ancestors(os.environ.get(FRAME_ANCESTORS_ENV)))

    @app.server.after_request
    def _add_security_headers(response: flask.Response) -> flask.Response:
        for name, value in fixed.items():
            response.headers.setdefault(name, value)
        return response
