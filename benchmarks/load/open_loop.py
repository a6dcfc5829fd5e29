"""A class in Play mode, open loop: every student asks at Play's pace, answered or not.

Starts the app as the image runs it (`python -m app`: waitress, worker processes of
several threads), takes the page's own Play request (found through the page's
callbacks by tests/lab_client.py, after a few rounds of Play so the network is a
trained one), and replays it for each simulated student on a fixed timetable: one
request per Play pace, each student at its own phase. The pace and the steps per
request are the page's own (its rules block and speed control: page_rules.py).
A closed-loop client waits for the answer before it asks again and so hides a slow
server; here a request is sent when its time comes (on a second connection if the
first is still waiting) and its latency counts from that time, so queueing shows in
the figures.

The client is asyncio on the same two cores as the server, with one keep-alive
connection per student (more only while one is busy), as browsers keep them.

    .venv/bin/python benchmarks/load/open_loop.py                    # 60 .. 200 students
    .venv/bin/python benchmarks/load/open_loop.py --students 200 --seconds 30

Prints, per class size: requests asked and answered per second, p50 / p95 / p99
latency, errors, and the server's CPU milliseconds per request. Goal: 200 students,
p95 <= 150 ms, no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "tests"))
from lab_client import REQUEST_STORE, UPDATE_PATH, Http, Student, callback_body  # noqa: E402
from page_rules import play_of  # noqa: E402
from run import GOAL_P95_MS, cpu_seconds, free_port, start_server  # noqa: E402

TIMEOUT_S = 10.0


def play_body(base_url: str, steps: int, warm_rounds: int) -> bytes:
    """The body the page posts for one Play round of `steps` steps, after
    `warm_rounds` rounds."""
    student = Student(Http(base_url))
    for _ in range(warm_rounds):
        student.play(steps)
    student.nonce += 1
    student.props[REQUEST_STORE]["data"] = {"nonce": student.nonce, "steps": steps}
    body = callback_body(student.train_cb, student.props, [f"{REQUEST_STORE}.data"])
    student.http.close()
    return json.dumps(body).encode()


class Connection:
    """One HTTP/1.1 keep-alive connection: a request out, its answer read in full."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            "Content-Type: application/json\r\nAccept-Encoding: gzip\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        await self.writer.drain()
        assert self.reader is not None
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def student(
    host: str, port: int, body: bytes, period: float, start: float, end: float, out: list,
    errors: list,
) -> None:  # fmt: skip
    idle: list[Connection] = []
    pending: set[asyncio.Task] = set()

    async def one(due: float) -> None:
        conn = idle.pop() if idle else Connection(host, port)
        try:
            status = await asyncio.wait_for(conn.post(UPDATE_PATH, body), TIMEOUT_S)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as e:
            conn.close()
            errors.append(type(e).__name__)
            return
        out.append((due, time.monotonic() - due))
        if status != 200:
            errors.append(f"status {status}")
        idle.append(conn)

    due = start + random.random() * period
    while due < end:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        task = asyncio.create_task(one(due))
        pending.add(task)
        task.add_done_callback(pending.discard)
        due += period
    if pending:
        await asyncio.wait(pending, timeout=TIMEOUT_S + 1)
    for conn in idle:
        conn.close()


async def class_of(
    n: int, port: int, body: bytes, period: float, warmup: float, seconds: float
) -> dict:
    out: list[tuple[float, float]] = []
    errors: list[str] = []
    start = time.monotonic() + 0.5
    measured_from = start + warmup
    end = measured_from + seconds
    await asyncio.gather(
        *(student("127.0.0.1", port, body, period, start, end, out, errors) for _ in range(n))
    )
    lat = sorted(ms for due, ms in out if due >= measured_from)
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
    return {
        "students": n,
        "asked_per_s": round(n / period, 1),
        "answered_per_s": round(len(lat) / seconds, 1),
        "p50_ms": round(1000 * q[49], 1),
        "p95_ms": round(1000 * q[94], 1),
        "p99_ms": round(1000 * q[98], 1),
        "all_answered": len(out),  # warm-up included, to share out the server's CPU time
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="*", default=[60, 100, 140, 200])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    port = free_port()
    server = start_server(port, args.workers, args.threads)
    try:
        base_url = f"http://127.0.0.1:{port}"
        play = play_of(base_url)
        body = play_body(base_url, play.steps, warm_rounds=5)
        print(f"server: python -m app, {args.workers} workers x {args.threads} threads; "
              f"Play: {play.steps} steps a request, one each {play.pace_s:g} s; "
              f"request {len(body)} bytes, {args.seconds:.0f} s per class size")  # fmt: skip
        print("students  asked/s  answered/s  p50 ms  p95 ms  p99 ms  errors  CPU ms/request")
        for n in args.students:
            cpu_before = cpu_seconds(server.pid)
            r = asyncio.run(class_of(n, port, body, play.pace_s, args.warmup, args.seconds))
            cpu = cpu_seconds(server.pid) - cpu_before
            served = r["all_answered"] + 1e-9
            mark = "ok" if r["p95_ms"] <= GOAL_P95_MS and not r["errors"] else "over the goal"
            print(
                f"{n:8d}  {r['asked_per_s']:7.0f}  {r['answered_per_s']:10.1f}  {r['p50_ms']:6.1f}"
                f"  {r['p95_ms']:6.1f}  {r['p99_ms']:6.1f}  {r['errors']:6d}"
                f"  {1000 * cpu / served:8.1f}   {mark} {' '.join(r['error_kinds'])}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
