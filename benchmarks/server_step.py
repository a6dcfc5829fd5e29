"""Server time and bytes of one training step, as the page asks for it.

Posts the training callback (request-store {"nonce", "steps": 1}, Train step) to
/_dash-update-component through Flask's test client
(the full Dash request path, no network), walking a 2-4-4-1 network along a real
training run, and prints the median and p95 time and the JSON bytes per answer,
prediction surface included. Goals: median <= 10 ms, answer <= 16 KB.

    .venv/bin/python benchmarks/server_step.py [--steps 300]

With --largest it measures instead the heaviest requests the limits allow (50 steps
asked of the largest set-ups) and prints the CPU time each costs, the figure the
work budget in app/limits.py is calibrated against (goal: about 50 ms or less).

With --play it measures the CPU time of one Play request at the page's default speed
(the steps rules.SPEEDS gives it), through Dash's whole path, along a training run
of the default network at the default η, and how that splits into a fixed part and
a part per step (from requests of one step and of the most steps a request may ask).
A class of 200 playing on two cores leaves about 8 ms CPU per request once a second.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/server_step.py --play [--play-steps 20]
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time

from app import ids, limits, rules, state, training, views
from app.factory import create_app


def _body(app, net_state, lr_log: float, example: int, nonce: int, steps=1, config=None) -> dict:
    key = next(k for k in app.callback_map if k.lstrip(".").startswith(ids.REPLY_STORE))
    spec = app.callback_map[key]
    values = [config or dict(state.DEFAULT_CONFIG), net_state, lr_log, example]
    return {
        "output": key,
        "outputs": [
            {"id": o.split(".")[0], "property": o.split(".")[1]}
            for o in key.strip(".").split("...")
        ],
        "inputs": [
            {"id": ids.REQUEST_STORE, "property": "data", "value": {"nonce": nonce, "steps": steps}}
        ],
        "state": [
            {"id": d["id"], "property": d["property"], "value": v}
            for d, v in zip(spec["state"], values, strict=True)
        ],
        "changedPropIds": [f"{ids.REQUEST_STORE}.data"],
    }


HEAVY = {
    "default network": {},
    "deep preset": {"sizes": [2, *[8] * 10, 1], "activation": "sigmoid"},
    "12 x 8, 400 points, batch 200": {
        "sizes": [2, *[8] * 12, 1],
        "n_samples": 400,
        "batch_size": 200,
    },
    "the same, residual + normalization": {
        "sizes": [2, *[8] * 12, 1],
        "n_samples": 400,
        "batch_size": 200,
        "residual": True,
        "normalization": True,
    },
}


def largest(repeats: int = 5) -> None:
    """CPU time of the heaviest Play requests, through Dash (best of `repeats`)."""
    app = create_app()
    client = app.server.test_client()
    for name, change in HEAVY.items():
        config = state.read_config({**state.DEFAULT_CONFIG, **change})
        net_state = views.fresh_start(config, run=0)["net_state"]
        body = _body(app, net_state, -4.0, 0, 1, steps=50, config=config)
        cpu = []
        for _ in range(repeats):
            t0 = time.process_time()
            r = client.post("/_dash-update-component", json=body)
            cpu.append((time.process_time() - t0) * 1000)
            reply = r.get_json()["response"][ids.REPLY_STORE]["data"]
        ran = reply["net_state"]["step"]
        print(f"{name}: 50 steps asked, {ran} run, {min(cpu):.1f} ms CPU (best of {repeats})")
    print("goal: about 50 ms or less each")


def play_cpu_ms(app, client, steps: int, requests: int, drawn: bool = False) -> list[float]:
    """CPU ms of each of `requests` Play requests of `steps` steps through Dash, each
    from the network the one before answered with (the first few warm up, unlisted).
    `drawn`: every mini-batch drawn anew, as if no one had trained with this seed yet
    (a class mostly shares seeds, so the server remembers draws)."""
    net_state = views.fresh_start(state.DEFAULT_CONFIG, run=0)["net_state"]
    cpu = []
    for i in range(requests + 5):
        if i % 25 == 0:  # a fresh network now and then, so the run never settles
            net_state = views.fresh_start(state.DEFAULT_CONFIG, run=0)["net_state"]
        body = _body(app, net_state, rules.DEFAULT_LR_LOG, i % 160, i + 1, steps=steps)
        if drawn and hasattr(training, "_drawn_batch"):
            training._drawn_batch.cache_clear()
        t0 = time.process_time()
        r = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": "gzip"})
        dt = time.process_time() - t0
        assert r.status_code == 200, r.data[:200]
        raw = gzip.decompress(r.data) if r.headers.get("Content-Encoding") == "gzip" else r.data
        reply = json.loads(raw)["response"][ids.REPLY_STORE]["data"]
        # the page goes back to the best state after a divergence
        after = reply["best"] if reply["diverged"] and reply["best"] else reply
        net_state = after["net_state"]
        if i >= 5:
            cpu.append(dt * 1000)
    return cpu


def play(requests: int, steps: int | None = None) -> None:
    """CPU per Play request at the default speed (or of `steps` steps), and its fixed
    and per-step parts."""
    app = create_app()
    client = app.server.test_client()
    default = next(n for _, value, n in rules.SPEEDS if value == rules.DEFAULT_SPEED)
    steps = steps or default
    most = limits.MAX_STEPS_PER_REQUEST
    cpu = play_cpu_ms(app, client, steps, requests)
    print(f"network {state.DEFAULT_CONFIG['sizes']}, Play of {steps} steps a request "
          f"(the default speed asks {default})")  # fmt: skip
    p95 = sorted(cpu)[int(0.95 * (len(cpu) - 1))]
    print(f"CPU per Play request through Dash: median {statistics.median(cpu):.2f} ms, "
          f"p95 {p95:.2f} ms ({requests} requests)")  # fmt: skip
    for drawn in (False, True):
        # 2 steps, not 1: a single step also sends its full trace
        median = {
            k: statistics.median(play_cpu_ms(app, client, k, requests, drawn)) for k in (2, most)
        }
        per_step = (median[most] - median[2]) / (most - 2)
        fixed = median[2] - 2 * per_step
        how = "every batch drawn anew" if drawn else "batches remembered"
        print(f"  fixed {fixed:.2f} ms + {per_step:.3f} ms per step ({how}; "
              f"from requests of 2 and {most} steps)")  # fmt: skip
    print("goal: about 8 ms per request of 20 steps (fixed <= 3 ms, <= 0.2 ms per step)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--largest", action="store_true", help="the heaviest requests")
    parser.add_argument("--play", action="store_true", help="CPU per Play request")
    parser.add_argument("--play-steps", type=int, help="with --play: steps a request")
    args = parser.parse_args()
    if args.largest:
        largest()
        return
    if args.play:
        play(min(args.steps, 100), args.play_steps)
        return

    app = create_app()
    client = app.server.test_client()
    net_state = views.fresh_start(state.DEFAULT_CONFIG, run=0)["net_state"]
    times, sizes = [], []
    for i in range(args.steps + 20):
        body = _body(app, net_state, 0.0, i % 160, i + 1)
        t0 = time.perf_counter()
        r = client.post("/_dash-update-component", json=body)
        dt = time.perf_counter() - t0
        assert r.status_code == 200, r.data[:200]
        net_state = r.get_json()["response"][ids.REPLY_STORE]["data"]["net_state"]
        if i >= 20:  # the first requests warm caches and imports
            times.append(dt * 1000)
            sizes.append(len(r.data))

    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"network {state.DEFAULT_CONFIG['sizes']}, {args.steps} training steps through Dash")
    print(f"server time per step: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms")
    kb = [n / 1024 for n in sizes]
    print(f"answer size: median {statistics.median(kb):.1f} KB, max {max(kb):.1f} KB")
    print("goals: median <= 10 ms, answer <= 16 KB")


if __name__ == "__main__":
    main()
