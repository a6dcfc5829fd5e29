"""Bytes on the wire for a first and a second visit to the page, in headless Chromium.

Serves the app on loopback (or measures --url), opens the page in Debian's Chromium
with an empty cache, waits until the diagram is drawn and the network is quiet, then
opens it again in the same browser profile, cache kept, as a student coming back
would. Chromium's own network log (DevTools `Network.loadingFinished`,
encodedDataLength: headers and body as they crossed the wire, compressed or not)
gives the bytes of every request; a resource taken from the browser's cache counts 0.
Prints, for each visit, every request with its bytes, then the total.
Goal (issue 15): first visit <= 1.5 MB, second <= 150 KB.

    .venv/bin/python benchmarks/page_weight.py [--url http://127.0.0.1:8050/]
"""

from __future__ import annotations

import argparse
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--window-size=1440,900",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
QUIET_SECONDS = 2.0  # no request started or finished for this long: the page has settled
PAGE_READY = "return !!window.BackpropLab?.draw?.graph()"


@dataclass
class Transfer:
    url: str
    wire_bytes: int
    from_cache: bool
    encoding: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_app() -> str:
    from werkzeug.serving import make_server

    from app.factory import create_app

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    port = _free_port()
    server = make_server("127.0.0.1", port, create_app().server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}/"


def _browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for a in CHROME_ARGS:
        options.add_argument(a)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def _network_events(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    messages = (json.loads(e["message"])["message"] for e in driver.get_log("performance"))
    return [m for m in messages if m["method"].startswith("Network.")]


def _visit(driver: webdriver.Chrome, url: str, timeout: float = 60) -> list[Transfer]:
    driver.get_log("performance")  # drop what came before this visit
    driver.get(url)
    events: list[dict[str, Any]] = []
    end = time.time() + timeout
    while not driver.execute_script(PAGE_READY):
        if time.time() > end:
            raise TimeoutError("the page never drew its diagram")
        events += _network_events(driver)
        time.sleep(0.1)
    quiet_since = time.time()
    while time.time() - quiet_since < QUIET_SECONDS and time.time() < end:
        time.sleep(0.2)
        new = _network_events(driver)
        if new:
            events += new
            quiet_since = time.time()
    return _transfers(events)


def _transfers(events: list[dict[str, Any]]) -> list[Transfer]:
    urls: dict[str, str] = {}
    cached: set[str] = set()
    encodings: dict[str, str] = {}
    done: dict[str, int] = {}
    for e in events:
        p, method = e["params"], e["method"]
        rid = p.get("requestId")
        if method == "Network.requestWillBeSent":
            urls[rid] = p["request"]["url"]
        elif method == "Network.requestServedFromCache":
            cached.add(rid)
        elif method == "Network.responseReceived":
            response = p["response"]
            if response.get("fromDiskCache") or response.get("fromMemoryCache"):
                cached.add(rid)
            headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
            encodings[rid] = headers.get("content-encoding", "")
        elif method == "Network.loadingFinished":
            done[rid] = int(p.get("encodedDataLength", 0))
    return [
        Transfer(
            url=urls.get(rid, "?"),
            wire_bytes=0 if rid in cached else n,
            from_cache=rid in cached,
            encoding=encodings.get(rid, ""),
        )
        for rid, n in done.items()
        if not urls.get(rid, "").startswith("data:")
    ]


def _report(name: str, transfers: list[Transfer]) -> int:
    total = sum(t.wire_bytes for t in transfers)
    print(f"\n{name}: {total / 1024:,.1f} KB on the wire, {len(transfers)} requests")
    for t in sorted(transfers, key=lambda t: -t.wire_bytes):
        parts = urlsplit(t.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        how = "cache" if t.from_cache else (t.encoding or "plain")
        print(f"  {t.wire_bytes / 1024:10,.1f} KB  {how:6}  {path[:110]}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure this running server instead of a fresh app")
    args = parser.parse_args()
    url = args.url or _serve_app()
    driver = _browser()
    try:
        first = _report("First visit (empty cache)", _visit(driver, url))
        second = _report("Second visit (same profile, cache kept)", _visit(driver, url))
    finally:
        driver.quit()
    print(f"\nTotals: first visit {first / 1024:,.1f} KB, second visit {second / 1024:,.1f} KB")


if __name__ == "__main__":
    main()
