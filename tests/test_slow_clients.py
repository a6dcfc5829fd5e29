"""The servers a class meets, really started: the image's server command (read
from the Dockerfile's CMD, run here as a process with the image's environment,
not in a container) and `backprop-lab` as a teacher runs it on a laptop.

30 connections that send one header line every 2 s and never finish must not
keep `/health` from answering (gunicorn's threads all waited on them: no answer
for as long as they lasted). The bound on each answer is loose on purpose, the
machine is shared; starvation shows as no answer at all. The same servers
answer the transport-level findings: a broken chunked body is a 400, an unknown
component file a 404, and neither leaves a traceback in the log.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from replica_servers import free_port, wait_until_up
from slow_clients import health_under_slow_clients

from app import serve

ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_S = 10.0  # far above the few ms an answer takes; far below "never"


def image_command() -> tuple[list[str], dict[str, str]]:
    """The Dockerfile's CMD and the ENV it sets, as this machine can run them."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    cmd = json.loads(re.search(r"^CMD\s+(\[.*\])\s*$", text, re.M).group(1))  # type: ignore[union-attr]
    env_line = re.search(r"^ENV\s+(.*)$", text, re.M).group(1)  # type: ignore[union-attr]
    env = dict(pair.split("=", 1) for pair in env_line.split())
    if cmd[0] in ("python3", "python"):
        cmd[0] = sys.executable  # the image's venv python is first on its PATH
    return cmd, {k: v for k, v in env.items() if not k.startswith(("PATH", "HOME"))}


def start(cmd: list[str], env: dict[str, str], log: Path, url: str) -> subprocess.Popen:
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=dict(os.environ, **env), stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(url + "/health", proc)
    except BaseException:
        proc.kill()
        raise
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()  # the supervisor stops its workers and exits
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module", params=["image-command", "backprop-lab"])
def server(request, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("server") / "server.log"
    if request.param == "image-command":
        cmd, env = image_command()
        env["BACKPROP_LAB_BIND"] = f"127.0.0.1:{port}"  # the variable deployments set
    else:
        cmd = [str(Path(sys.executable).with_name("backprop-lab")), "--port", str(port)]
        env = {"OPENBLAS_NUM_THREADS": "1"}
    proc = start(cmd, env, log, url)
    try:
        yield url, log
    finally:
        stop(proc)
    assert proc.returncode == 0, log.read_text()[-2000:]


def test_the_server_settings_come_from_flags_then_environment_then_defaults():
    env = {"BACKPROP_LAB_BIND": "0.0.0.0:9000", "BACKPROP_LAB_WORKERS": "3"}
    assert serve.resolve(env={}) == serve.ServeConfig("127.0.0.1", 8050, 2, 4)
    assert serve.resolve(env=env) == serve.ServeConfig("0.0.0.0", 9000, 3, 4)
    assert serve.resolve("127.0.0.1", 8123, 1, 8, env=env) == serve.ServeConfig(
        "127.0.0.1", 8123, 1, 8
    )
    assert serve.resolve(env={"BACKPROP_LAB_BIND": "[::1]:8050"}).host == "::1"


@pytest.mark.parametrize(
    "env",
    [
        {"BACKPROP_LAB_BIND": "8050"},
        {"BACKPROP_LAB_BIND": "host:port"},
        {"BACKPROP_LAB_BIND": "0.0.0.0:70000"},
        {"BACKPROP_LAB_WORKERS": "two"},
        {"BACKPROP_LAB_THREADS": "0"},
    ],
)
def test_unusable_server_settings_are_refused_with_a_sentence(env):
    with pytest.raises(serve.ServeConfigError, match="BACKPROP_LAB_"):
        serve.resolve(env=env)


def test_the_image_runs_the_same_server_command_as_a_laptop():
    cmd, env = image_command()
    assert cmd[1:] == ["-m", "app"]
    assert env["BACKPROP_LAB_BIND"] == "0.0.0.0:8050"


def test_health_answers_while_30_slow_clients_hold_connections(server):
    url, _ = server
    latencies, still_open = health_under_slow_clients(
        url, clients=30, seconds=8.0, timeout=HEALTH_TIMEOUT_S
    )
    print("health ms:", [None if x is None else round(x * 1000) for x in latencies])
    assert len(latencies) >= 3
    assert None not in latencies, latencies
    assert still_open == 30  # they really were connected the whole time


def get(url: str, path: str) -> bytes:
    return raw_request(
        url, f"GET {path} HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n".encode()
    )


def raw_request(url: str, data: bytes) -> bytes:
    host, port = url.rsplit("/", 1)[-1].split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_broken_chunked_body_gets_a_400(server):
    url, _ = server
    answer = raw_request(
        url,
        b"POST /_dash-update-component HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"zz\r\n{}\r\n0\r\n\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_unknown_component_files_get_a_404_and_log_nothing(server):
    url, log = server
    for path in (
        "/_dash-component-suites/nope/x.js",
        "/_dash-component-suites/dash/nope.js",
        "/_dash-component-suites/os/x.js",
        "/_dash-layout/x",
    ):
        answer = get(url, path)
        assert answer.startswith(b"HTTP/1.1 404"), (path, answer[:200])
    assert "Traceback" not in log.read_text()


def test_every_answer_carries_the_security_headers(server):
    url, _ = server
    for path in ("/", "/health", "/_dash-layout", "/_dash-component-suites/nope/x.js"):
        answer = get(url, path)
        head = answer.split(b"\r\n\r\n", 1)[0].decode().lower()
        assert "content-security-policy: default-src 'self'" in head, (path, head)
        assert "x-content-type-options: nosniff" in head, path


def test_a_body_over_the_cap_is_refused_by_the_server_itself(server):
    # Refused on its declared length, before a byte of it is read.
    url, _ = server
    answer = raw_request(
        url,
        b"POST /_dash-update-component HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n[" % (300 * 1024),
    )
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
