"""Where a class lives: a small interface and the backend chosen by the environment.

    BACKPROP_LAB_STORE=redis://host:6379/0   Redis, which every replica shares
    (unset)                                  SQLite in BACKPROP_LAB_DATA (default ./data)

A class is a record {teacher's key digest, version, fields} plus its students and
their answers. `version` counts every change a student must see (the network the
teacher published, the question, the reveal), so a poll that names the version it
has can be answered "nothing new" after reading one number. Every class expires
CLASS_TTL_SECONDS after it starts, with its students and answers.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

# The fields of a class a teacher writes, each a JSON text ("" when unset). `answer`
# is the question's right answer, computed when it is asked, kept from students
# until the reveal copies it into `reveal`.
FIELDS = ("lab", "question", "answer", "reveal")

Joined = Literal["ok", "full", "gone"]


class StoreError(RuntimeError):
    """The store cannot be reached or written (the page says so; nothing changes)."""


@dataclass(frozen=True)
class ClassRecord:
    code: str
    teacher_digest: str
    version: int
    expires: float
    fields: dict[str, str]
    students: int


class Store(Protocol):
    def create_class(self, code: str, teacher_digest: str, now: float) -> bool:
        """A new class at version 1; False if the code is taken."""

    def version(self, code: str, now: float) -> int | None:
        """The class's version, or None if there is no such class (or it expired)."""

    def get_class(self, code: str, now: float) -> ClassRecord | None: ...

    def update(self, code: str, fields: dict[str, str], now: float) -> int | None:
        """Set some FIELDS and count one more version -> the new version (None: no class)."""

    def add_student(
        self, code: str, student_id: str, digest: str, nickname: str, cap: int, now: float
    ) -> Joined: ...

    def student_digest(self, code: str, student_id: str) -> str | None: ...

    def put_answer(self, code: str, question_id: str, student_id: str, answer: str) -> None: ...

    def answers(self, code: str, question_id: str) -> dict[str, str]:
        """Each student's answer (JSON text) to one question, by student id."""

    def hit(self, key: str, weight: int, window: int, now: float) -> int:
        """Count `weight` against `key` in the current window of `window` seconds ->
        the count so far in that window (a rate limit every replica shares)."""

    def close(self) -> None: ...


_lock = threading.Lock()
_opened: dict[tuple[str, str], Store] = {}


def from_environment(env: dict[str, str] | None = None) -> Store:
    """The store the environment names, opened once per process (its connections
    are made lazily, per thread, after the server forks its workers)."""
    env = dict(os.environ) if env is None else env
    url = env.get("BACKPROP_LAB_STORE", "").strip()
    folder = env.get("BACKPROP_LAB_DATA", "").strip() or "data"
    key = (url, str(Path(folder).resolve()))
    with _lock:
        if key not in _opened:
            _opened[key] = open_store(url, Path(folder))
        return _opened[key]


def open_store(url: str, folder: Path) -> Store:
    if url.startswith(("redis://", "rediss://", "unix://")):
        from app.classroom.redis_store import RedisStore

        return RedisStore(url)
    if url and not url.startswith("sqlite:"):
        raise StoreError("BACKPROP_LAB_STORE must be a redis:// address (or unset for SQLite)")
    from app.classroom.sqlite_store import SqliteStore

    return SqliteStore(folder / "classes.sqlite3")
