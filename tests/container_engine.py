"""Drives podman or docker for the image test, through deploy/container-env.sh so
the test uses exactly the storage and settings the deploy scripts use."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
ENV_SCRIPT = DEPLOY / "container-env.sh"
BASE_TAG = "localhost/backprop-lab-base:bookworm"


def unavailable_reason() -> str | None:
    """Why no image can be built here, or None when one can."""
    if shutil.which("docker") and _ok(["docker", "info"]):
        return None
    if not shutil.which("podman"):
        return "neither a Docker engine nor podman is installed"
    has_base = _ok(["bash", "-c", f'. "{ENV_SCRIPT}" && podman image exists {BASE_TAG}'])
    if os.geteuid() != 0 and not has_base:
        return "building the stand-in base image (debootstrap) needs root"
    return None


def _ok(cmd: list[str]) -> bool:
    return subprocess.run(cmd, capture_output=True, timeout=60).returncode == 0


def engine(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    """`$ENGINE args...` with the deploy scripts' environment."""
    script = f'. "{ENV_SCRIPT}" && exec "$ENGINE" "$@"'
    return subprocess.run(
        ["bash", "-c", script, "engine", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def engine_name() -> str:
    out = subprocess.run(
        ["bash", "-c", f'. "{ENV_SCRIPT}" && echo "$ENGINE"'],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def build_image(tag: str, timeout: float = 1500) -> str:
    """Build the app image (and, with podman, the base when missing)."""
    proc = subprocess.run(
        ["bash", str(DEPLOY / "build-image.sh"), tag],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"image build failed:\n{proc.stderr[-4000:]}")
    return proc.stdout.strip().splitlines()[-1]


def start(tag: str, name: str, port: int) -> None:
    args = ["run", "--detach", "--name", name, "--publish", f"127.0.0.1:{port}:8050"]
    if engine_name() == "podman":
        # No systemd to run health checks on a timer: wait_healthy runs them.
        args += ["--pull=never", "--health-interval=disable"]
    else:
        args += ["--health-interval=2s"]
    engine(*args, tag)


def health(name: str) -> str:
    fmt = "{{.State.Health.Status}}"
    return engine("inspect", "--format", fmt, name, check=False).stdout.strip()


def wait_healthy(name: str, timeout: float = 120) -> str:
    """Wait until the image's own HEALTHCHECK reports healthy; return the status."""
    podman = engine_name() == "podman"
    deadline = time.monotonic() + timeout
    status = ""
    while time.monotonic() < deadline:
        if podman:
            engine("healthcheck", "run", name, check=False)
        status = health(name)
        if status == "healthy":
            return status
        running = engine("inspect", "--format", "{{.State.Running}}", name, check=False)
        if running.stdout.strip() == "false":
            break
        time.sleep(1)
    logs = engine("logs", name, check=False)
    raise TimeoutError(f"container not healthy ({status!r}):\n{logs.stdout}{logs.stderr}")


def remove(name: str) -> None:
    engine("rm", "--force", name, check=False)
