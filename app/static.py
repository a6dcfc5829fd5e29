"""Fewer bytes on the wire: gzip for every text response, and a year in the
browser's cache for every file whose URL changes when its content does.

A class on school Wi-Fi shares one slow link, so the page's weight decides how
long thirty students wait. Two kinds of response are compressed differently:

- Static files (Dash's component suites, the assets folder, the favicon) are the
  same for every student: each is compressed once, at its first request, with the
  strongest setting, and kept in memory (one entry per file: a changed file
  replaces its entry, so the cache never grows past the files on disk).
- Dynamic answers (the page, its layout, callback answers) differ per request:
  compressed each time, with a fast setting, when large enough to gain from it.

Fingerprinted URLs (Dash's `.v<version>m<mtime>.` component-suite names and the
`?m=<mtime>` it adds to assets) name one version of a file forever, so the browser
may keep them a year without asking again (`immutable`): a second visit sends
only the page and its data.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass

import flask
from dash import Dash
from dash.fingerprint import check_fingerprint

MIN_DYNAMIC_BYTES = 1024  # below this, gzip's header and the CPU cost more than they save
DYNAMIC_LEVEL = 1  # per request: JSON shrinks ~5x already; higher levels cost 2-4x the CPU
STATIC_LEVEL = 9  # once per file: spend the CPU, every student gains
IMMUTABLE = "public, max-age=31536000, immutable"
COMPRESSIBLE_TYPES = frozenset(
    {
        "application/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
        "image/vnd.microsoft.icon",
        "image/x-icon",
        "text/css",
        "text/html",
        "text/javascript",
        "text/plain",
        "text/xml",
    }
)


@dataclass(frozen=True)
class _Compressed:
    plain_size: int
    plain_crc: int
    body: bytes


class StaticGzipCache:
    """One compressed body per static path, made at its first request."""

    def __init__(self) -> None:
        self._entries: dict[str, _Compressed] = {}

    def get(self, path: str, plain: bytes) -> bytes:
        crc = zlib.crc32(plain)
        entry = self._entries.get(path)
        if entry is None or entry.plain_size != len(plain) or entry.plain_crc != crc:
            entry = _Compressed(len(plain), crc, gzip.compress(plain, STATIC_LEVEL, mtime=0))
            self._entries[path] = entry  # one per path: a changed file replaces its entry
        return entry.body

    def __len__(self) -> int:
        return len(self._entries)


def install(app: Dash) -> StaticGzipCache:
    prefix = app.config.routes_pathname_prefix
    suites = prefix + "_dash-component-suites/"
    assets = prefix + app.config.assets_url_path.strip("/") + "/"
    static_prefixes = (suites, assets, prefix + "_favicon.ico")
    cache = StaticGzipCache()
    app.server.extensions["static_gzip"] = cache

    @app.server.after_request
    def _compress_and_cache(response: flask.Response) -> flask.Response:
        request = flask.request
        path = request.path
        if request.method == "GET" and _is_fingerprinted(request, suites, assets):
            response.headers["Cache-Control"] = IMMUTABLE
        if not _compressible(response):
            return response
        # Whether or not this answer is compressed, a cache must keep one per encoding.
        response.vary.add("Accept-Encoding")
        if request.accept_encodings["gzip"] <= 0 or "no-transform" in response.cache_control:
            return response
        response.direct_passthrough = False  # files sent by Flask: read them into memory
        plain = response.get_data()
        if path.startswith(static_prefixes):
            body = cache.get(path, plain)
        elif len(plain) >= MIN_DYNAMIC_BYTES:
            body = gzip.compress(plain, DYNAMIC_LEVEL, mtime=0)
        else:
            return response
        response.set_data(body)
        response.headers["Content-Encoding"] = "gzip"
        response.headers.pop("Accept-Ranges", None)  # byte ranges would be of the plain file
        etag, weak = response.get_etag()
        if etag:
            # The gzip body is another representation of the file: its own validator,
            # so a browser revalidating it gets a 304 here, not the whole file again.
            response.set_etag(etag + "-gzip", weak)
            response.make_conditional(request)
        return response

    return cache


def _is_fingerprinted(request: flask.Request, suites: str, assets: str) -> bool:
    path = request.path
    if path.startswith(suites):
        return check_fingerprint(path[len(suites) :])[1]
    return path.startswith(assets) and "m" in request.args


def _compressible(response: flask.Response) -> bool:
    return (
        response.status_code == 200
        and "Content-Encoding" not in response.headers
        and response.mimetype in COMPRESSIBLE_TYPES
    )
