"""The class store's contract, against SQLite and against a real Redis."""

from __future__ import annotations

import threading
import time

import pytest

from app import limits
from app.classroom import secrets_
from app.classroom.redis_store import RedisStore
from app.classroom.store import Store, open_store
from tests.redis_server import redis_server

# The start of this hour: Redis keeps real time, and the rate windows start on it.
NOW = float(int(time.time()) // 3600 * 3600)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def store(request, tmp_path) -> Store:
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        opened = open_store(url, tmp_path)
        opened._db.flushdb()  # type: ignore[attr-defined]
    else:
        opened = open_store("", tmp_path)
    yield opened
    opened.close()


def test_a_class_starts_at_version_one_and_counts_changes(store):
    assert store.create_class("ABCDEFGH", "d" * 64, NOW)
    assert not store.create_class("ABCDEFGH", "e" * 64, NOW)  # a code is never reused
    assert store.version("ABCDEFGH", NOW) == 1
    assert store.update("ABCDEFGH", {"lab": '{"x": 1}'}, NOW) == 2
    assert store.update("ABCDEFGH", {"question": "q", "answer": "a"}, NOW) == 3
    found = store.get_class("ABCDEFGH", NOW)
    assert found is not None
    assert (found.version, found.teacher_digest) == (3, "d" * 64)
    assert found.fields == {"lab": '{"x": 1}', "question": "q", "answer": "a", "reveal": ""}


def test_an_unknown_class_is_none_and_cannot_be_changed(store):
    assert store.version("NOSUCHCL", NOW) is None
    assert store.get_class("NOSUCHCL", NOW) is None
    assert store.update("NOSUCHCL", {"lab": "{}"}, NOW) is None
    assert store.add_student("NOSUCHCL", "s1", "d", "", 5, NOW) == "gone"
    assert store.get_class("NOSUCHCL", NOW) is None  # the update made nothing


def test_a_class_holds_at_most_its_cap_even_when_joins_race(store):
    store.create_class("RACECLAS", "d", NOW)
    results: list[str] = []

    def join(i: int) -> None:
        results.append(store.add_student("RACECLAS", f"s{i}", "d", "", 10, NOW))

    threads = [threading.Thread(target=join, args=(i,)) for i in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 10 and results.count("full") == 20
    found = store.get_class("RACECLAS", NOW)
    assert found is not None and found.students == 10


def test_students_and_answers(store):
    store.create_class("ANSWERSS", "d", NOW)
    digest = secrets_.digest("k" * 22)
    assert store.add_student("ANSWERSS", "sid1", digest, "Ada", 5, NOW) == "ok"
    assert store.student_digest("ANSWERSS", "sid1") == digest
    assert store.student_digest("ANSWERSS", "sid2") is None
    store.put_answer("ANSWERSS", "q1", "sid1", '"up"')
    store.put_answer("ANSWERSS", "q1", "sid1", '"down"')  # a changed mind replaces
    store.put_answer("ANSWERSS", "q2", "sid1", '"up"')
    assert store.answers("ANSWERSS", "q1") == {"sid1": '"down"'}


def test_a_class_expires_after_a_day(store):
    store.create_class("OLDCLASS", "d", NOW)
    later = NOW + limits.CLASS_TTL_SECONDS + 1
    if isinstance(store, RedisStore):  # Redis keeps time itself: let the key expire now
        assert 0 < store._db.ttl("bl:class:OLDCLASS") <= limits.CLASS_TTL_SECONDS
        store._db.expire("bl:class:OLDCLASS", 0)
    assert store.version("OLDCLASS", later) is None
    assert store.get_class("OLDCLASS", later) is None


def test_hits_count_within_a_window_and_start_again_in_the_next(store):
    assert store.hit("addr", 1, 60, NOW) == 1
    assert store.hit("addr", 10, 60, NOW + 1) == 11
    assert store.hit("other", 1, 60, NOW) == 1
    assert store.hit("addr", 1, 60, NOW + 60) == 1


def test_sqlite_survives_reopening(tmp_path):
    first = open_store("", tmp_path)
    first.create_class("KEEPSAFE", "d", NOW)
    first.update("KEEPSAFE", {"lab": "{}"}, NOW)
    first.close()
    again = open_store("", tmp_path)
    assert again.version("KEEPSAFE", NOW) == 2


def test_codes_are_long_unambiguous_and_read_as_typed():
    codes = {secrets_.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == limits.CLASS_CODE_LENGTH for c in codes)
    assert not set("".join(codes)) & set("01IOL")
    assert secrets_.normal_code("abcd-efgh") == "ABCDEFGH"
    assert secrets_.normal_code("ABCDEFG0") is None  # 0 is not in the alphabet
    assert secrets_.normal_code("ABC") is None
