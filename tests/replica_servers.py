"""Real servers on loopback for the replica test: app processes served as the
image serves them (`python -m app`, waitress) and Debian's nginx in front of
them, each with its own files in a temp folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX_DIR = ROOT / "deploy" / "nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.path.exists(p)), None
    )


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def start_app(port: int, log: Path, workers: int = 1, threads: int = 2) -> subprocess.Popen:
    """One app server (the image's command, its own supervisor) on 127.0.0.1:port."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    cmd = [
        sys.executable, "-m", "app",
        "--host", "127.0.0.1",
        "--port", str(port),
        "--workers", str(workers),
        "--threads", str(threads),
    ]  # fmt: skip
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    wait_until_up(f"http://127.0.0.1:{port}/health", proc)
    return proc


def nginx_config(folder: Path, listen: int, upstreams: list[int]) -> Path:
    """A complete nginx.conf of our own: pid, logs and temp files in `folder`,
    the same proxy settings as the compose proxy, strict round-robin."""
    servers = "\n".join(f"        server 127.0.0.1:{p};" for p in upstreams)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream backprop_lab {{
{servers}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{listen};
        location / {{
            include {NGINX_DIR}/proxy-params.conf;
            # Which replica answered, so the test can see the turns taken.
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
    )
    return conf


def start_nginx(folder: Path, conf: Path) -> subprocess.Popen:
    exe = nginx_binary()
    assert exe, "nginx is not installed"
    cmd = [exe, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)]
    subprocess.run([*cmd, "-t"], check=True, capture_output=True)
    return subprocess.Popen([*cmd, "-g", "daemon off;"], stderr=subprocess.PIPE)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
