"""The production server (`python -m app`) in a subprocess, for class tests that
restart it and for the poll benchmark, plus a small JSON client that speaks
like Flask's test client (status_code, get_json)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.replica_servers import ROOT, free_port, stop, wait_until_up

__all__ = ["Http", "free_port", "start_server", "stop"]


def start_server(
    data: Path, log: Path, store_url: str = "", workers: int = 2, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """The app as the image runs it, configured from the environment -> (process, base URL)."""
    port = port or free_port()
    env = dict(
        os.environ,
        BACKPROP_LAB_BIND=f"127.0.0.1:{port}",
        BACKPROP_LAB_DATA=str(data),
        BACKPROP_LAB_STORE=store_url,
        BACKPROP_LAB_WORKERS=str(workers),
        BACKPROP_LAB_THREADS="4",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
    )
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base + "/health", proc)
    return proc, base


class Reply:
    def __init__(self, status: int, body: bytes) -> None:
        self.status_code = status
        self.body = body

    def get_json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def get_data(self, as_text: bool = False) -> Any:
        return self.body.decode() if as_text else self.body


class Http:
    def __init__(self, base: str) -> None:
        self.base = base

    def _send(self, method: str, path: str, body: Any, headers: dict[str, str] | None) -> Reply:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return Reply(r.status, r.read())
        except urllib.error.HTTPError as err:
            return Reply(err.code, err.read())

    def post(self, path: str, json: Any = None, headers: dict[str, str] | None = None) -> Reply:
        return self._send("POST", path, {} if json is None else json, headers)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Reply:
        return self._send("GET", path, None, headers)
