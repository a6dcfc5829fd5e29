"""Several app processes behind a real nginx, as compose.yaml runs them: requests
take turns across replicas, and a student's session through the proxy gives the
very same numbers as one process, since the state travels with each request."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import replica_servers as rs
from lab_client import UPDATE_PATH, Answer, Http, Student

pytestmark = pytest.mark.proxy


class RecordingHttp(Http):
    """Notes which replica answered each request (nginx's X-Upstream header)."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url)
        self.upstreams: list[str] = []

    def request(self, *args, **kwargs) -> Answer:  # type: ignore[no-untyped-def]
        answer = super().request(*args, **kwargs)
        self.upstreams.append(answer.headers.get("X-Upstream", ""))
        return answer


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    if not rs.nginx_binary():
        pytest.skip("nginx is not installed (scripts/install-system-deps.sh installs it)")
    folder = tmp_path_factory.mktemp("replicas")
    folder.chmod(0o755)
    ports = [rs.free_port(), rs.free_port()]
    procs = []
    try:
        for port in ports:
            procs.append(rs.start_app(port, folder / f"app-{port}.log"))
        listen = rs.free_port()
        nginx = rs.start_nginx(folder, rs.nginx_config(folder, listen, ports))
        procs.append(nginx)
        rs.wait_until_up(f"http://127.0.0.1:{listen}/health", nginx)
        yield SimpleNamespace(
            proxy=f"http://127.0.0.1:{listen}",
            single=f"http://127.0.0.1:{ports[0]}",
            upstreams={f"127.0.0.1:{p}" for p in ports},
        )
    finally:
        for proc in reversed(procs):
            rs.stop(proc)


def test_requests_take_turns_across_replicas(replicas):
    http = RecordingHttp(replicas.proxy)
    for _ in range(6):
        assert http.get("/health").status == 200
    assert set(http.upstreams) == replicas.upstreams
    assert all(a != b for a, b in zip(http.upstreams, http.upstreams[1:], strict=False)), (
        http.upstreams
    )


def _session(http: Http) -> list:
    """A student's lesson: a few steps, a higher learning rate, more steps, Reset."""
    student = Student(http)
    answers: list = [student.train_step() for _ in range(4)]
    student.set_learning_rate(-0.5)
    answers += [student.train_step() for _ in range(3)]
    answers.append(student.reset())
    answers += [student.train_step() for _ in range(2)]
    return answers


def test_a_session_through_the_proxy_matches_a_single_process(replicas):
    via_proxy = RecordingHttp(replicas.proxy)
    through_proxy = _session(via_proxy)
    alone = _session(Http(replicas.single))

    # Both replicas really served this student's callbacks.
    posts = via_proxy.upstreams[2:]  # after the layout and dependencies
    assert set(posts) == replicas.upstreams
    assert [a["net_state"]["step"] for a in through_proxy if "net_state" in a][:7] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
    # Every answer, to the last digit, as one process gives it.
    assert json.dumps(through_proxy, sort_keys=True) == json.dumps(alone, sort_keys=True)


def test_the_proxy_refuses_an_oversized_body(replicas):
    answer = Http(replicas.proxy).request(
        "POST", UPDATE_PATH, b"[" * 300_000, {"Content-Type": "application/json"}
    )
    assert answer.status == 413


def test_the_compose_proxy_config_is_valid_nginx(tmp_path: Path):
    # compose.conf names the replicas by service name; point it at loopback.
    server_block = (rs.NGINX_DIR / "compose.conf").read_text()
    server_block = server_block.replace("app:8050", "127.0.0.1:8050").replace(
        "/etc/nginx/backprop-lab/proxy-params.conf", str(rs.NGINX_DIR / "proxy-params.conf")
    )
    server_block = server_block.replace("listen 80;", f"listen 127.0.0.1:{rs.free_port()};")
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path}/body;\n"
        f"proxy_temp_path {tmp_path}/proxy;\n{server_block}\n}}\n"
    )
    exe = rs.nginx_binary()
    assert exe, "nginx is not installed"
    rs.subprocess.run(
        [exe, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf)],
        check=True,
        capture_output=True,
    )
