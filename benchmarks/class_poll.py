"""A class of students following one teacher, polling the production server.

Starts `python -m app` (waitress, BACKPROP_LAB_WORKERS processes, SQLite in a temp
data folder, or --store redis://…), starts a class, publishes the default network,
joins --students students, then every student asks "has the class moved on?"
once a second (GET /class/CODE/state?since=V) for --seconds, each over its own
keep-alive connection, as a browser does. The teacher publishes a new step every
--publish-every seconds, so some polls carry the whole shared state (~60 KB)
while most are answered with the version alone. The students run in one asyncio loop on the same
machine, so their CPU counts against the server's.

    .venv/bin/python benchmarks/class_poll.py                    # 200 students, 30 s
    .venv/bin/python benchmarks/class_poll.py --students 400 --seconds 20

Prints polls, errors, and p50 / p95 / max latency (ms) of polls overall and of
those that carried a new state.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import state, views  # noqa: E402  (after the path: run as a plain script)

GOAL_P95_MS = 150.0


def _post(base: str, path: str, body: dict, key: str = "") -> dict:
    request = urllib.request.Request(
        base + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", "X-Class-Key": key},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as r:
        return dict(json.loads(r.read()))


def _lab(step: int) -> dict:
    fresh = views.fresh_start(state.DEFAULT_CONFIG, run=0)
    fresh["net_state"]["step"] = step
    return {
        "config": dict(state.DEFAULT_CONFIG),
        "net_state": fresh["net_state"],
        "lr_log": 0.0,
        "example": step % 100,
        "losses": [0.7 - 0.001 * k for k in range(step + 1)],
        "action": "train",
    }


async def _get(reader, writer, host: str, path: str) -> tuple[int, int, bytes]:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    line = await reader.readline()
    if not line:
        raise ConnectionError("the server closed the connection")
    status = int(line.split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
    body = await reader.readexactly(length) if length else b""
    return status, len(body), body


async def _student(host, port, code, seconds, results, errors, stop_at):
    await asyncio.sleep(random.random())  # students do not all press at once
    version = 0
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, size, body = await _get(
                    reader, writer, f"{host}:{port}", f"/class/{code}/state?since={version}"
                )
            except (OSError, ValueError, asyncio.IncompleteReadError) as err:
                errors.append(repr(err))
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            changed = False
            if status == 200:
                found = json.loads(body)
                changed, version = found["changed"], found["version"]
            else:
                errors.append(f"HTTP {status}")
            results.append((elapsed, changed, size))
            await asyncio.sleep(max(0.0, 1.0 - elapsed / 1000))
    finally:
        writer.close()


async def _teacher(base, code, key, every, stop_at):
    step = 0
    while time.monotonic() < stop_at:
        await asyncio.sleep(every)
        step += 1
        await asyncio.to_thread(_post, base, f"/class/{code}/publish", {"lab": _lab(step)}, key)


async def _run(base, host, port, code, key, students, seconds, every):
    results: list[tuple[float, int, int]] = []
    errors: list[str] = []
    stop_at = time.monotonic() + seconds
    await asyncio.gather(
        _teacher(base, code, key, every, stop_at),
        *(_student(host, port, code, seconds, results, errors, stop_at) for _ in range(students)),
    )
    return results, errors


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--publish-every", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--store", default="", help="redis://… (default: SQLite in a temp folder)")
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()

    data = tempfile.mkdtemp(prefix="class-poll-")
    env = dict(os.environ, BACKPROP_LAB_BIND=f"127.0.0.1:{args.port}", BACKPROP_LAB_DATA=data,
               BACKPROP_LAB_STORE=args.store, BACKPROP_LAB_WORKERS=str(args.workers),
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "app"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        started = _post(base, "/class/start", {})
        code, key = started["code"], started["teacher_key"]
        _post(base, f"/class/{code}/publish", {"lab": _lab(0)}, key)
        for _ in range(args.students):
            _post(base, "/class/join", {"code": code})
        results, errors = asyncio.run(
            _run(base, "127.0.0.1", args.port, code, key, args.students, args.seconds,
                 args.publish_every)
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=15)

    times = [ms for ms, _, _ in results]
    full = [ms for ms, changed, _ in results if changed]
    print(f"{args.students} students, {args.seconds:g} s, {args.workers} worker(s), "
          f"store {'redis' if args.store else 'sqlite'}: {len(results)} polls "
          f"({len(results) / args.seconds:.0f}/s), {len(errors)} errors")  # fmt: skip
    print(f"  all polls      p50 {_pct(times, 50):6.1f} ms  p95 {_pct(times, 95):6.1f} ms  "
          f"max {max(times):6.1f} ms")  # fmt: skip
    if full:
        size = statistics.mean(s for _, changed, s in results if changed) / 1024
        print(f"  new state      p50 {_pct(full, 50):6.1f} ms  p95 {_pct(full, 95):6.1f} ms  "
              f"({len(full)} polls, {size:.0f} KB each)")  # fmt: skip
    if errors:
        print("  first errors:", errors[:5])
    p95 = _pct(times, 95)
    met = p95 <= GOAL_P95_MS and not errors
    print(f"  goal p95 ≤ {GOAL_P95_MS:g} ms and no errors: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
