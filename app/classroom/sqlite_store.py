"""The embedded store: one SQLite file in the data folder, so a single container or
a teacher's laptop needs nothing else. WAL mode lets polls read while a teacher
writes; each thread of each worker process has its own connection (SQLite
connections must not cross threads, and a forked worker must not reuse its
parent's)."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from app import limits
from app.classroom.store import FIELDS, ClassRecord, Joined, StoreError

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY, teacher_digest TEXT NOT NULL, version INTEGER NOT NULL,
    expires REAL NOT NULL, lab TEXT NOT NULL DEFAULT '', question TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '', reveal TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS students (
    code TEXT NOT NULL, student_id TEXT NOT NULL, digest TEXT NOT NULL, nickname TEXT NOT NULL,
    PRIMARY KEY (code, student_id));
CREATE TABLE IF NOT EXISTS answers (
    code TEXT NOT NULL, question_id TEXT NOT NULL, student_id TEXT NOT NULL, answer TEXT NOT NULL,
    PRIMARY KEY (code, question_id, student_id));
CREATE TABLE IF NOT EXISTS hits (
    key TEXT PRIMARY KEY, slot INTEGER NOT NULL, count INTEGER NOT NULL);
"""


class SqliteStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._ready = False

    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            return conn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL keeps this safe across a crash
            if not self._ready:
                conn.executescript(SCHEMA)
                self._ready = True
        except (sqlite3.Error, OSError) as err:
            raise StoreError(f"the class store cannot be opened ({err})") from None
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _run(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._db().execute(sql, args).fetchall()
        except sqlite3.Error as err:
            raise StoreError(f"the class store failed ({err})") from None

    def create_class(self, code: str, teacher_digest: str, now: float) -> bool:
        # Starting a class is rare: the moment to clear the ones that ended.
        self._purge(now)
        rows = self._run(
            "INSERT INTO classes (code, teacher_digest, version, expires) VALUES (?, ?, 1, ?) "
            "ON CONFLICT (code) DO NOTHING RETURNING code",
            (code, teacher_digest, now + limits.CLASS_TTL_SECONDS),
        )
        return bool(rows)

    def _purge(self, now: float) -> None:
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            gone = "SELECT code FROM classes WHERE expires <= ?"
            db.execute(f"DELETE FROM answers WHERE code IN ({gone})", (now,))
            db.execute(f"DELETE FROM students WHERE code IN ({gone})", (now,))
            db.execute("DELETE FROM classes WHERE expires <= ?", (now,))
            db.execute("DELETE FROM hits WHERE slot < ?", (int(now) - 3600,))
            db.execute("COMMIT")
        except sqlite3.Error as err:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"the class store failed ({err})") from None

    def version(self, code: str, now: float) -> int | None:
        rows = self._run("SELECT version FROM classes WHERE code = ? AND expires > ?", (code, now))
        return int(rows[0][0]) if rows else None

    def get_class(self, code: str, now: float) -> ClassRecord | None:
        rows = self._run(
            "SELECT teacher_digest, version, expires, lab, question, answer, reveal, "
            "(SELECT count(*) FROM students s WHERE s.code = c.code) "
            "FROM classes c WHERE code = ? AND expires > ?",
            (code, now),
        )
        if not rows:
            return None
        r = rows[0]
        fields = {name: str(r[3 + i]) for i, name in enumerate(FIELDS)}
        return ClassRecord(code, str(r[0]), int(r[1]), float(r[2]), fields, int(r[7]))

    def update(self, code: str, fields: dict[str, str], now: float) -> int | None:
        names = [name for name in FIELDS if name in fields]
        sets = "".join(f"{name} = ?, " for name in names)
        rows = self._run(
            f"UPDATE classes SET {sets}version = version + 1 "
            "WHERE code = ? AND expires > ? RETURNING version",
            (*(fields[n] for n in names), code, now),
        )
        return int(rows[0][0]) if rows else None

    def add_student(
        self, code: str, student_id: str, digest: str, nickname: str, cap: int, now: float
    ) -> Joined:
        db = self._db()
        try:
            # One writer at a time, so two joins cannot both take the last seat.
            db.execute("BEGIN IMMEDIATE")
            try:
                live = db.execute(
                    "SELECT 1 FROM classes WHERE code = ? AND expires > ?", (code, now)
                ).fetchone()
                if not live:
                    return "gone"
                (count,) = db.execute(
                    "SELECT count(*) FROM students WHERE code = ?", (code,)
                ).fetchone()
                if count >= cap:
                    return "full"
                db.execute(
                    "INSERT INTO students VALUES (?, ?, ?, ?)", (code, student_id, digest, nickname)
                )
                return "ok"
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as err:
            raise StoreError(f"the class store failed ({err})") from None

    def student_digest(self, code: str, student_id: str) -> str | None:
        rows = self._run(
            "SELECT digest FROM students WHERE code = ? AND student_id = ?", (code, student_id)
        )
        return str(rows[0][0]) if rows else None

    def put_answer(self, code: str, question_id: str, student_id: str, answer: str) -> None:
        self._run(
            "INSERT INTO answers VALUES (?, ?, ?, ?) ON CONFLICT (code, question_id, student_id) "
            "DO UPDATE SET answer = excluded.answer",
            (code, question_id, student_id, answer),
        )

    def answers(self, code: str, question_id: str) -> dict[str, str]:
        rows = self._run(
            "SELECT student_id, answer FROM answers WHERE code = ? AND question_id = ?",
            (code, question_id),
        )
        return {str(sid): str(answer) for sid, answer in rows}

    def hit(self, key: str, weight: int, window: int, now: float) -> int:
        slot = int(now) // window * window
        rows = self._run(
            "INSERT INTO hits VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN slot = excluded.slot THEN count + excluded.count "
            "ELSE excluded.count END, slot = excluded.slot RETURNING count",
            (key, slot, weight),
        )
        return int(rows[0][0])

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
