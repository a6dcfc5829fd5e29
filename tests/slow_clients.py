"""Slow clients against a running server: connections that send one header line
every 2 s and never finish their request, while `/health` is asked in between.

Used by tests/test_slow_clients.py, and on its own to measure a server:

    python tests/slow_clients.py http://127.0.0.1:PORT [clients] [seconds]

prints each `/health` latency in ms ("-" for no answer within the timeout).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import urllib.parse
import urllib.request

HEADER_EVERY_S = 2.0


class SlowClients:
    """`count` connections, each sending a request's headers one line every
    HEADER_EVERY_S seconds until stopped (a slowloris attack, bounded)."""

    def __init__(self, base_url: str, count: int = 30) -> None:
        url = urllib.parse.urlsplit(base_url)
        self.address = (url.hostname or "127.0.0.1", url.port or 80)
        self.count = count
        self.stop = threading.Event()
        self.sockets: list[socket.socket] = []
        self.still_open = 0
        self._thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self) -> SlowClients:
        for _ in range(self.count):
            sock = socket.create_connection(self.address, timeout=5)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: lab\r\n")
            self.sockets.append(sock)
        self._thread.start()
        return self

    def _drip(self) -> None:
        line = 0
        while not self.stop.wait(HEADER_EVERY_S):
            line += 1
            open_now = 0
            for sock in self.sockets:
                try:
                    sock.sendall(b"X-Slow-%d: still typing\r\n" % line)
                    open_now += 1
                except OSError:  # the server gave up on this one: fine, it is not stuck
                    pass
            self.still_open = open_now

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._thread.join(timeout=10)
        for sock in self.sockets:
            sock.close()


def health_latency(base_url: str, timeout: float) -> float | None:
    """Seconds `/health` took to answer 200, or None when it did not in time."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(base_url + "/health", timeout=timeout) as answer:
            if answer.status != 200:
                return None
    except OSError:
        return None
    return time.monotonic() - start


def health_under_slow_clients(
    base_url: str, clients: int = 30, seconds: float = 10.0, timeout: float = 10.0
) -> tuple[list[float | None], int]:
    """`/health` latencies, one ask every 0.5 s for `seconds`, while `clients`
    slow clients hold their connections; and how many were still open at the end."""
    latencies: list[float | None] = []
    with SlowClients(base_url, clients) as slow:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            latencies.append(health_latency(base_url, timeout))
            time.sleep(0.5)
        still_open = slow.still_open
    return latencies, still_open


if __name__ == "__main__":
    url = sys.argv[1].rstrip("/")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    secs = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    found, still_open = health_under_slow_clients(url, n, secs, timeout=5.0)
    shown = ["-" if x is None else f"{x * 1000:.0f}" for x in found]
    answered = [x for x in found if x is not None]
    print(f"{n} slow clients ({still_open} still open at the end); /health ms: {' '.join(shown)}")
    if answered:
        print(f"answered {len(answered)}/{len(found)}, max {max(answered) * 1000:.0f} ms")
    else:
        print(f"answered 0/{len(found)}")
