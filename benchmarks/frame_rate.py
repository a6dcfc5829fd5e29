"""Animation frame rate in headless Chromium: a 2-4-4-1 training step, then Play.

Serves the app on loopback, opens it in Debian's Chromium (the same browser the
page tests use) at 1440 x 900, presses Train step at normal speed several times
and counts the animation frames the page draws (requestAnimationFrame) while each
step plays. Then presses Play (Normal speed) and counts every frame the browser
paints for --play-seconds, as a student watching Play sees them: a frame held up
by a redraw shows as a long gap. Prints frames per second, the median,
95th-percentile and slowest frame, and the training requests sent a second (the
page's request-store nonce). Goals: >= 50 frames/s; while playing, p95 frame
<= 50 ms, about one request a second (rules.play_pace_ms).

    .venv/bin/python benchmarks/frame_rate.py [--steps 5] [--play-seconds 10]

--cpu-slowdown N runs the page N times slower (Chromium's own CPU throttling, as
its developer tools do it): 4 is near a cheap school laptop or Chromebook.
--window 500,844 opens a narrow window (headless Chromium's narrowest is 500 px):
the lab as a phone stacks it, the diagram on screen and the charts below.
"""

from __future__ import annotations

import argparse
import logging
import socket
import statistics
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server

from app.factory import create_app

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

FRAME_STATS = """
const f = BackpropLab.anim.frames;
const gaps = f.slice(1).map((t, i) => t - f[i]).sort((a, b) => a - b);
return {frames: f.length, ms: f[f.length - 1] - f[0],
        p95: gaps[Math.floor(0.95 * (gaps.length - 1))], worst: gaps[gaps.length - 1]};
"""


# Every frame the browser paints, counted by requestAnimationFrame from outside the page.
COUNT_FRAMES = """
window.__frames = [];
const tick = (t) => {
  window.__frames.push(t);
  if (window.__counting) requestAnimationFrame(tick);
};
window.__counting = true;
requestAnimationFrame(tick);
"""
# The nonce of the page's last training request (request-store, in Dash's own store).
NONCE = """
const st = window.dash_stores[window.dash_stores.length - 1].getState();
let node = st.layout;
for (const k of st.paths.strs["request-store"]) node = node[k];
return node.props.data ? node.props.data.nonce : 0;
"""
PLAY_STATS = """
window.__counting = false;
const f = window.__frames;
const gaps = f.slice(1).map((t, i) => t - f[i]).sort((a, b) => a - b);
return {frames: f.length, ms: f[f.length - 1] - f[0],
        p50: gaps[Math.floor(0.5 * (gaps.length - 1))],
        p95: gaps[Math.floor(0.95 * (gaps.length - 1))], worst: gaps[gaps.length - 1],
        over50: gaps.filter((g) => g > 50).length, step: BackpropLab.lab.state.net_state.step};
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(driver, script: str, timeout: float = 30) -> None:
    end = time.time() + timeout
    while not driver.execute_script(script):
        if time.time() > end:
            raise TimeoutError(script)
        time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--play-seconds", type=float, default=10.0)
    parser.add_argument("--cpu-slowdown", type=float, default=1.0)
    parser.add_argument("--window", default="1440,900", help="width,height")
    args = parser.parse_args()

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    port = _free_port()
    server = make_server("127.0.0.1", port, create_app().server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for a in CHROME_ARGS:
        options.add_argument(f"--window-size={args.window}" if a.startswith("--window-size") else a)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        if args.cpu_slowdown > 1:
            driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": args.cpu_slowdown})
            print(f"the page runs {args.cpu_slowdown:g} times slower (CPU throttling)")
        driver.get(f"http://127.0.0.1:{port}/")
        _wait(driver, "return !!window.BackpropLab?.draw?.graph()")
        step_btn = driver.find_element("id", "step-btn")
        # the diagram and the button must both be on screen, as a student sees them
        driver.execute_script(
            "arguments[0].scrollIntoView({block: 'start', behavior: 'instant'})", step_btn
        )
        rates = []
        for _ in range(args.steps):
            driver.execute_script("BackpropLab.anim.frames = []")
            driver.execute_script("arguments[0].click()", step_btn)
            time.sleep(0.2)
            _wait(driver, "return BackpropLab.lab.idle()")
            s = driver.execute_script(FRAME_STATS)
            fps = 1000 * (s["frames"] - 1) / s["ms"]
            rates.append(fps)
            print(
                f"step: {s['frames']} frames in {s['ms'] / 1000:.2f} s = {fps:.1f} frames/s "
                f"(p95 frame {s['p95']:.1f} ms, slowest {s['worst']:.1f} ms)"
            )
        print(
            f"median over {len(rates)} steps: {statistics.median(rates):.1f} frames/s (goal >= 50)"
        )
        _play(driver, args.play_seconds)
    finally:
        driver.quit()
        server.shutdown()


def _play(driver, seconds: float) -> None:
    """Play at Normal speed for `seconds`, counting every painted frame."""
    play_btn = driver.find_element("id", "play-btn")
    driver.execute_script("arguments[0].click()", play_btn)
    time.sleep(1.0)  # the first answer is in: measure Play as it runs, not its start
    step_before = driver.execute_script("return BackpropLab.lab.state.net_state.step")
    nonce_before = driver.execute_script(NONCE)
    driver.execute_script(COUNT_FRAMES)
    time.sleep(seconds)
    s = driver.execute_script(PLAY_STATS)
    requests = driver.execute_script(NONCE) - nonce_before
    driver.execute_script("arguments[0].click()", play_btn)  # Pause
    _wait(driver, "return BackpropLab.lab.idle()")
    fps = 1000 * (s["frames"] - 1) / s["ms"]
    print(
        f"Play (Normal), {s['ms'] / 1000:.1f} s, steps {step_before} -> {s['step']}: "
        f"{fps:.1f} frames/s, median frame {s['p50']:.1f} ms, p95 frame {s['p95']:.1f} ms, "
        f"slowest {s['worst']:.1f} ms, {s['over50']} frames over 50 ms, "
        f"{requests / (s['ms'] / 1000):.2f} requests/s "
        "(goals: >= 50 frames/s, p95 <= 50 ms, about 1 request/s)"
    )


if __name__ == "__main__":
    main()
