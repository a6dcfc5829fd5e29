"""Remake the README's pictures of the page: serve the app, open it in headless
Chromium at a laptop's, a large screen's, a projector's and a phone's size, and
save each first screen as docs/screenshots/lab-<width>x<height>[-present].png.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--port 8765]

Each picture shows the lab just after Forward and Backward, so the diagram holds
the numbers of both passes. PNGs are reduced to 256 colours with pngquant when it
is installed (Debian: apt-get install pngquant): they live in git, and the page has
few colours.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# (width, height, view): a laptop, a large screen, a projector, a phone
SHOTS = (
    (1280, 720, ""),
    (1440, 900, ""),
    (1024, 768, "present"),
    (1920, 1080, "present"),
    (390, 844, ""),
)


def _wait(condition, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(f"screenshots: gave up waiting for {what}")


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def set_viewport(driver: webdriver.Chrome, width: int, height: int) -> None:
    """Size the window so the page itself (innerWidth × innerHeight) gets width × height:
    the window's own frame, if any, differs between browsers and versions."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return [innerWidth, innerHeight];")
    driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])


def _js(driver: webdriver.Chrome, script: str):
    return driver.execute_script(script)


def shoot(driver: webdriver.Chrome, url: str, width: int, height: int, view: str, out: Path):
    set_viewport(driver, width, height)
    driver.get(url + (f"?view={view}" if view else ""))
    _wait(lambda: _js(driver, "return !!window.BackpropLab?.draw?.graph()"), 20, "the diagram")
    for button in ("forward-btn", "backward-btn"):
        # a script's click: on a phone the button may sit below the first screen
        driver.execute_script("document.getElementById(arguments[0]).click()", button)
        _wait(lambda: _js(driver, "return BackpropLab.lab.idle()"), 30, f"{button} to play")
    time.sleep(0.5)  # let the last fade settle
    _js(driver, "window.scrollTo(0, 0)")
    name = f"lab-{width}x{height}" + (f"-{view}" if view else "") + ".png"
    driver.save_screenshot(str(out / name))
    if shutil.which("pngquant"):
        path = str(out / name)
        quantize = ["pngquant", "--force", "--strip", "--output", path, "256", path]
        subprocess.run(quantize, check=True)
    print(f"{name}: viewport {_js(driver, 'return [innerWidth, innerHeight]')}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if _port_open(args.port):
        raise SystemExit(f"screenshots: port {args.port} is taken; choose another with --port")
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "--port", str(args.port), "--workers", "1"], cwd=ROOT
    )
    try:
        _wait(lambda: _port_open(args.port), 30, "the app to listen")
        driver = _browser()
        try:
            for width, height, view in SHOTS:
                shoot(driver, f"http://127.0.0.1:{args.port}/", width, height, view, args.out)
        finally:
            driver.quit()
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
