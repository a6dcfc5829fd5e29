"""A simulated class against the app's server on loopback, at growing class sizes.

Starts the app as the image runs it (`python -m app`: waitress, worker
processes of several threads, one BLAS thread each), then runs locust
(benchmarks/load/locustfile.py, in its own virtual environment .venv-load)
once per class size, headless. Reports,
for each kind of training request (Play's batches of steps, single Train
steps), requests/s and p50/p95/p99, plus errors and training steps served per
second, and the class size at which Play's p95 (Train step's, when nobody
plays) first goes over the goal. The load generator runs on the same machine,
so its CPU counts against the server's.

    python3 benchmarks/load/run.py                       # Play mode: 20..120 students
    python3 benchmarks/load/run.py --students 60 --mix   # half clicking, half playing

Results: printed, and written to benchmarks/results/load.json and load.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "benchmarks" / "load"
RESULTS = ROOT / "benchmarks" / "results"
LOCUST = ROOT / ".venv-load" / "bin" / "locust"
PYTHON = ROOT / ".venv" / "bin" / "python"
GOAL_P95_MS = 150.0

sys.path.insert(0, str(HERE))
from page_rules import play_of  # noqa: E402


def kinds_of(base_url: str) -> dict[str, int]:
    """The training requests the locustfile names, with the steps each one asks for
    (Play at the page's default speed, as the running page says)."""
    return {"play": play_of(base_url).steps, "train step": 1}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    cmd = [
        str(PYTHON), "-m", "app",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--workers", str(workers),
        "--threads", str(threads),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the app did not start")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (the server's supervisor and workers):
    what the server itself spent, whatever else the machine was doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(c) for c in children.read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return total


def run_locust(
    host: str, users: int, classes: list[str], seconds: int, steps: dict[str, int]
) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "run"
        cmd = [
            str(LOCUST), "-f", str(HERE / "locustfile.py"), "--headless",
            "--host", host, "-u", str(users), "-r", str(max(1, users // 4)),
            "-t", f"{seconds}s", "--reset-stats", "--only-summary",
            "--csv", str(prefix), "--loglevel", "WARNING", *classes,
        ]  # fmt: skip
        subprocess.run(cmd, cwd=HERE, check=False, capture_output=True, timeout=seconds + 120)
        stats = Path(f"{prefix}_stats.csv").read_text().splitlines()
        rows = {r["Name"]: r for r in csv.DictReader(stats)}
        exceptions = list(csv.DictReader(Path(f"{prefix}_exceptions.csv").read_text().splitlines()))
        failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").read_text().splitlines()))
    total = rows.get("Aggregated") or {}
    kinds = {
        kind: {
            "requests_per_s": round(float(rows[kind]["Requests/s"]), 1),
            "p50_ms": float(rows[kind]["50%"]),
            "p95_ms": float(rows[kind]["95%"]),
            "p99_ms": float(rows[kind]["99%"]),
            "steps": steps[kind],
        }
        for kind in steps
        if kind in rows
    }
    # The goal is for Play; a class of clicking students alone is judged on its steps.
    head = kinds.get("play") or kinds.get("train step") or {}
    steps_per_s = sum(k["requests_per_s"] * k["steps"] for k in kinds.values())
    return {
        "students": users,
        "classes": classes,
        "seconds": seconds,
        "requests": int(total.get("Request Count", 0)),
        "requests_per_s": round(float(total.get("Requests/s", 0)), 1),
        "training_steps_per_s": round(steps_per_s, 1),
        "headline": "play" if "play" in kinds else "train step",
        "p50_ms": head.get("p50_ms", math.nan),
        "p95_ms": head.get("p95_ms", math.nan),
        "p99_ms": head.get("p99_ms", math.nan),
        "kinds": kinds,
        "failures": int(total.get("Failure Count", 0)),
        "exceptions": sum(int(e.get("Count", 0)) for e in exceptions),
        # What went wrong, when something did: a few kinds with their counts.
        "errors_seen": [f"{f['Occurrences']}x {f['Name']}: {f['Error'][:120]}" for f in failures][
            :5
        ]
        + [f"{e['Count']}x {e['Message'][:120]}" for e in exceptions][:5],
    }


def markdown(results: list[dict], meta: dict) -> str:
    lines = [
        f"Load test, {meta['when']}, {meta['cpus']} cores, waitress {meta['workers']} workers "
        f"x {meta['threads']} threads, load generator on the same machine.",
        "",
        "| students | mode | request | req/s | steps/s | p50 ms | p95 ms | p99 ms | errors "
        "| server CPU |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        mode = "+".join(c.replace("Student", "").lower() for c in r["classes"])
        errors = r["failures"] + r["exceptions"]
        if not r["kinds"]:
            lines.append(f"| {r['students']} | {mode} | no answers | | | | | | {errors} | |")
        for kind, k in r["kinds"].items():
            lines.append(
                f"| {r['students']} | {mode} | {kind} | {k['requests_per_s']} | "
                f"{k['requests_per_s'] * k['steps']:.0f} | {k['p50_ms']:.0f} | "
                f"{k['p95_ms']:.0f} | {k['p99_ms']:.0f} | {errors} | "
                f"{r['server_cpu_share']:.0%} |"
            )
    crossing = meta.get("p95_crosses_goal_at")
    lines += [
        "",
        f"p95 of the {results[0]['headline'] if results else 'training'} requests first over "
        f"{GOAL_P95_MS:.0f} ms at: {crossing or 'not reached'} students",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", default="20,40,60,80,100,120", help="class sizes to run")
    parser.add_argument("--seconds", type=int, default=30, help="measured time per class size")
    parser.add_argument("--mix", action="store_true", help="half clicking, half Play mode")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    if not LOCUST.exists():
        subprocess.run(["bash", str(HERE / "setup.sh")], check=True)
    classes = ["ClickingStudent", "PlayingStudent"] if args.mix else ["PlayingStudent"]
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    results = []
    try:
        steps = kinds_of(f"http://127.0.0.1:{port}")
        for n in (int(x) for x in args.students.split(",")):
            cpu_before, wall_before = cpu_seconds(server.pid), time.monotonic()
            r = run_locust(f"http://127.0.0.1:{port}", n, classes, args.seconds, steps)
            # Share of all cores the server used over the run (ramp-up included).
            spent = cpu_seconds(server.pid) - cpu_before
            wall = time.monotonic() - wall_before
            r["server_cpu_share"] = round(spent / (wall * (os.cpu_count() or 1)), 2)
            results.append(r)
            print(json.dumps(r), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    over = [r["students"] for r in results if not r["p95_ms"] <= GOAL_P95_MS]
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "workers": args.workers,
        "threads": args.threads,
        "p95_crosses_goal_at": over[0] if over else None,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "load-mix" if args.mix else "load"
    (RESULTS / f"{name}.json").write_text(json.dumps({"meta": meta, "runs": results}, indent=2))
    (RESULTS / f"{name}.md").write_text(markdown(results, meta))
    print(markdown(results, meta))


if __name__ == "__main__":
    sys.exit(main())
