"""Serving the app for a class: waitress, from `backprop-lab` and from the image.

waitress reads a whole request (headers and body) in its event loop before a
worker thread sees it, so a client that sends its request slowly holds a socket,
not a thread: slow or stalled browsers cannot starve the class. It is pure
Python and runs on Windows laptops too.

Where the address and the worker counts come from, in this order: the command
line, then the environment the image and its deployments already use
(BACKPROP_LAB_BIND = host:port, BACKPROP_LAB_WORKERS, BACKPROP_LAB_THREADS), then
127.0.0.1:8050 with 2 workers of 4 threads. On Linux each worker is a process
(forked after the app is built, all accepting on one shared socket), because a
training step is mostly Python and one process runs Python on one core at a
time. Elsewhere (Windows, macOS, where forking a process that has loaded NumPy
is unsafe) one process runs workers × threads threads.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from dataclasses import dataclass
from types import FrameType
from typing import Any

from app import limits

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
DEFAULT_WORKERS = 2
DEFAULT_THREADS = 4
# Open connections one process keeps (idle keep-alive, slow or busy). waitress
# stops accepting at this count, so it is set well above a class's browsers;
# poll() rather than select() lets it pass select's 1024-descriptor ceiling.
CONNECTION_LIMIT = 500
MAX_HEADER_BYTES = 32 * 1024  # a browser's request line and headers fit in a few KB


class ServeConfigError(ValueError):
    """A setting from the command line or the environment that cannot be used."""


@dataclass(frozen=True)
class ServeConfig:
    host: str
    port: int
    workers: int
    threads: int


def _count(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ServeConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not 1 <= value <= 64:
        raise ServeConfigError(f"{name} must be between 1 and 64, not {value}")
    return value


def _bind(raw: str) -> tuple[str, int]:
    host, sep, port = raw.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeConfigError(f"BACKPROP_LAB_BIND must be host:port, not {raw!r}")
    return host.strip("[]"), int(port)


def resolve(
    host: str | None = None,
    port: int | None = None,
    workers: int | None = None,
    threads: int | None = None,
    env: dict[str, str] | None = None,
) -> ServeConfig:
    """Command-line values where given, else the environment, else the defaults."""
    env = dict(os.environ) if env is None else env
    env_host, env_port = DEFAULT_HOST, DEFAULT_PORT
    if env.get("BACKPROP_LAB_BIND", "").strip():
        env_host, env_port = _bind(env["BACKPROP_LAB_BIND"])
    return ServeConfig(
        host=host or env_host,
        port=env_port if port is None else port,
        workers=_count("BACKPROP_LAB_WORKERS", env.get("BACKPROP_LAB_WORKERS"), DEFAULT_WORKERS)
        if workers is None
        else _count("--workers", str(workers), DEFAULT_WORKERS),
        threads=_count("BACKPROP_LAB_THREADS", env.get("BACKPROP_LAB_THREADS"), DEFAULT_THREADS)
        if threads is None
        else _count("--threads", str(threads), DEFAULT_THREADS),
    )


def forks_workers() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if os.name != "nt":  # on Windows this option would let a second server share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def _waitress(app: Any, sock: socket.socket, threads: int) -> None:
    import waitress

    waitress.serve(
        app,
        sockets=[sock],
        threads=threads,
        connection_limit=CONNECTION_LIMIT,
        asyncore_use_poll=os.name != "nt",
        max_request_header_size=MAX_HEADER_BYTES,
        # waitress answers a longer body with 413 before the app reads it.
        max_request_body_size=limits.MAX_REQUEST_BYTES,
        channel_timeout=60,
        ident="backprop-lab",
        expose_tracebacks=False,
        _quiet=True,
    )


def serve(app: Any, config: ServeConfig) -> None:
    """Serve the WSGI `app` until interrupted (Ctrl-C or SIGTERM)."""
    sock = _listen(config.host, config.port)
    split = config.workers > 1 and forks_workers()
    threads = config.threads if split else config.workers * config.threads
    shown = "localhost" if config.host in ("127.0.0.1", "::1") else config.host
    print(
        f"Backprop Lab on http://{shown}:{config.port}/ "
        f"({config.workers if split else 1} process(es) × {threads} threads); Ctrl-C stops it",
        flush=True,
    )
    if not split:
        _waitress(app, sock, threads)
        return
    _supervise([_fork_worker(app, sock, threads) for _ in range(config.workers)])


def _fork_worker(app: Any, sock: socket.socket, threads: int) -> int:
    pid = os.fork()
    if pid == 0:  # the worker: serve until the supervisor stops it
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the supervisor
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            _waitress(app, sock, threads)
        finally:
            os._exit(0)
    return pid


def _supervise(pids: list[int]) -> None:
    """Wait for the workers; stop them all when told to or when one dies (a
    container's restart policy then starts the server afresh)."""
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):  # already gone
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    alive = set(pids)
    status = 0
    while alive:
        try:
            pid, code = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        alive.discard(pid)
        if not stopping:
            status = 1
            print(f"worker {pid} exited ({code}); stopping the server", file=sys.stderr)
            stop(signal.SIGTERM, None)
    sys.exit(status)
