"""A class outlives its server: the production server is stopped mid-class and
started again, and the class is where it was (SQLite in the data folder, or Redis)."""

from __future__ import annotations

import pytest

from tests.class_api import as_key, join, lab, start
from tests.class_server import Http, start_server, stop
from tests.redis_server import redis_server


def _mid_class(http: Http) -> dict:
    code, teacher = start(http)
    assert (
        http.post(f"/class/{code}/publish", {"lab": lab([0.7])}, as_key(teacher)).status_code == 200
    )
    student = join(http, code, "Ada")
    q = http.post(f"/class/{code}/ask", {"question": {"kind": "loss"}}, as_key(teacher)).get_json()
    answer = {"question_id": q["question"]["id"], "answer": "down"}
    assert (
        http.post(f"/class/{code}/answer", answer, as_key(student["student_key"])).status_code
        == 200
    )
    return {"code": code, "teacher": teacher, "student": student, "version": q["version"]}


def _still_there(http: Http, was: dict) -> None:
    code = was["code"]
    assert http.get(f"/class/{code}/state?since={was['version']}").get_json()["changed"] is False
    polled = http.get(f"/class/{code}/state").get_json()
    assert polled["students"] == 1 and polled["lab"]["view"]["losses"] == [0.7]
    tally = http.get(f"/class/{code}/tally", as_key(was["teacher"])).get_json()
    assert tally["counts"]["down"] == 1
    # The keys handed out before the restart still work, and only for their holders.
    assert (
        http.post(f"/class/{code}/reveal", {}, as_key(was["student"]["student_key"])).status_code
        == 403
    )
    assert http.post(f"/class/{code}/reveal", {}, as_key(was["teacher"])).status_code == 200
    mine = http.get(f"/class/{code}/mine", as_key(was["student"]["student_key"])).get_json()
    assert mine["answer"] == "down" and mine["right"] in (True, False)


def _restart_mid_class(tmp_path, store_url: str) -> None:
    data, log = tmp_path / "data", tmp_path / "server.log"
    proc, base = start_server(data, log, store_url)
    try:
        was = _mid_class(Http(base))
    finally:
        stop(proc)
    port = int(base.rsplit(":", 1)[1])
    proc, base = start_server(data, log, store_url, port=port)
    try:
        _still_there(Http(base), was)
    finally:
        stop(proc)


def test_a_class_survives_a_restart_with_sqlite(tmp_path):
    _restart_mid_class(tmp_path, "")
    assert (tmp_path / "data" / "classes.sqlite3").exists()


@pytest.mark.redis
def test_a_class_survives_a_restart_with_redis(tmp_path):
    with redis_server(tmp_path) as url:
        _restart_mid_class(tmp_path, url)
