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
"""

from __future__ import annotations

import argparse
import statistics
import time

from app import ids, state, views
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--largest", action="store_true", help="the heaviest requests")
    args = parser.parse_args()
    if args.largest:
        largest()
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
