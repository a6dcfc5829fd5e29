"""Bytes on the wire (app/static.py): every text response the page uses comes
gzip-compressed to a browser that accepts it, decompressing to exactly the plain
body; fingerprinted files are cached a year; a revalidation costs a 304."""

from __future__ import annotations

import gzip
import re

import pytest
from dash import Input, Output

from app import static
from app.factory import create_app
from tests.dash_requests import UPDATE_PATH

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture(scope="module")
def page_app():
    app = create_app()

    # A callback of this test's own, so the check does not hang on any one of the
    # page's callbacks: every answer of /_dash-update-component takes the same path.
    @app.callback(Output("bytes-probe", "children"), Input("bytes-probe-in", "value"))
    def _probe(n):
        return "backpropagation " * int(n)

    return app


@pytest.fixture(scope="module")
def web(page_app):
    return page_app.server.test_client()


def _page_urls(web) -> list[str]:
    """Every script and stylesheet the page links, and the async chunks Dash can load."""
    html = web.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="(/[^"]+)"', html)
    chunks = ["dcc/async-graph.js", "dcc/async-markdown.js", "dcc/async-slider.js"]
    urls += [f"/_dash-component-suites/dash/{c}" for c in chunks]
    return [*urls, "/", "/_dash-layout", "/_dash-dependencies"]


def _same(a: bytes, b: bytes) -> bool:
    # Dash's page carries a token made anew for each request: everything else must match.
    token = re.compile(rb'"end_id":"[^"]*"')
    return token.sub(b"", a) == token.sub(b"", b)


def _both(web, url: str):
    plain, packed = web.get(url), web.get(url, headers=GZIP)
    return plain, packed


def test_every_text_response_of_the_page_comes_gzipped_when_accepted(web):
    urls = _page_urls(web)
    assert any("dash_core_components" in u for u in urls) and any("/assets/" in u for u in urls)
    for url in urls:
        plain, packed = _both(web, url)
        assert plain.status_code == packed.status_code == 200, url
        assert "Content-Encoding" not in plain.headers, url
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in packed.headers.get("Vary", ""), url
        assert _same(gzip.decompress(packed.get_data()), plain.get_data()), url
        assert len(packed.get_data()) < len(plain.get_data()), url


def test_a_callback_answer_comes_gzipped_when_large_enough(web):
    def call(n: int, headers: dict[str, str]):
        body = {
            "output": "bytes-probe.children",
            "outputs": {"id": "bytes-probe", "property": "children"},
            "inputs": [{"id": "bytes-probe-in", "property": "value", "value": n}],
            "changedPropIds": ["bytes-probe-in.value"],
        }
        return web.post(UPDATE_PATH, json=body, headers=headers)

    large_plain, large = call(500, {}), call(500, GZIP)
    assert large.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(large.get_data()) == large_plain.get_data()
    small = call(1, GZIP)
    assert small.status_code == 200 and "Content-Encoding" not in small.headers
    assert len(small.get_data()) < static.MIN_DYNAMIC_BYTES


def test_fingerprinted_files_are_cached_a_year_and_never_revalidated(web):
    fingerprinted = [u for u in _page_urls(web) if "?m=" in u or re.search(r"\.v[\w-]+m\d+\.", u)]
    assert len(fingerprinted) >= 10
    for url in fingerprinted:
        cache_control = web.get(url, headers=GZIP).headers["Cache-Control"]
        assert "max-age=31536000" in cache_control and "immutable" in cache_control, url


def test_the_page_and_its_data_are_never_cached_as_immutable(web):
    for url in ("/", "/_dash-layout", "/_dash-dependencies"):
        assert "immutable" not in web.get(url, headers=GZIP).headers.get("Cache-Control", "")


def test_a_revalidated_gzip_file_costs_a_304(web):
    for url in ("/_dash-component-suites/dash/dcc/async-graph.js", "/assets/lab.css"):
        first = web.get(url, headers=GZIP)
        etag = first.headers["ETag"]
        assert etag.endswith('-gzip"')  # its own validator: not the plain file's
        again = web.get(url, headers={**GZIP, "If-None-Match": etag})
        assert again.status_code == 304 and again.get_data() == b""
        plain = web.get(url, headers={"If-None-Match": etag})
        assert plain.status_code == 200 and "Content-Encoding" not in plain.headers


def test_a_static_file_is_compressed_once_whatever_its_query():
    cache = static.StaticGzipCache()
    text = b"z(l) = W(l) a(l-1) + b(l)\n" * 200
    first = cache.get("/assets/x.js", text)
    assert cache.get("/assets/x.js", text) is first  # kept, not compressed again
    assert gzip.decompress(first) == text
    changed = cache.get("/assets/x.js", text + b"!")
    assert gzip.decompress(changed) == text + b"!" and len(cache) == 1


def test_made_up_fingerprints_do_not_grow_the_cache(page_app, web):
    cache = page_app.server.extensions["static_gzip"]
    first = web.get("/assets/lab.css?m=1", headers=GZIP).get_data()
    size = len(cache)
    for m in range(2, 40):  # any fingerprint a client invents maps to the one file
        assert web.get(f"/assets/lab.css?m={m}", headers=GZIP).get_data() == first
    assert len(cache) == size
