"""The shared store for several replicas: Redis (BACKPROP_LAB_STORE=redis://…).

Keys of one class, all expiring with it:
    bl:class:<code>              hash: teacher_digest, version, expires, and FIELDS
    bl:class:<code>:students     hash: student id -> "<digest> <nickname>"
    bl:class:<code>:answers:<q>  hash: student id -> answer (JSON text)
    bl:hits:<key>:<slot>         a counter for one rate-limit window
Seats are taken by a script, so two joins at once cannot both take the last one.
"""

from __future__ import annotations

from typing import Any

import redis

from app import limits
from app.classroom.store import FIELDS, ClassRecord, Joined, StoreError

_JOIN = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('EXPIREAT', KEYS[2], redis.call('HGET', KEYS[1], 'expires'))
return 'ok'
"""
# Only an existing class is changed: an update racing its expiry must not bring
# back a class with nothing but the new fields.
_UPDATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return redis.call('HINCRBY', KEYS[1], 'version', 1)
"""


def _key(code: str) -> str:
    return f"bl:class:{code}"


class RedisStore:
    def __init__(self, url: str) -> None:
        # The client's pool is made lazily and checks the process id, so forked
        # workers each open their own connections.
        self._db: Any = redis.Redis.from_url(
            url, decode_responses=True, socket_timeout=5, socket_connect_timeout=5
        )
        self._join = self._db.register_script(_JOIN)
        self._update = self._db.register_script(_UPDATE)

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except redis.RedisError as err:
            raise StoreError(f"the class store failed ({err})") from None

    def create_class(self, code: str, teacher_digest: str, now: float) -> bool:
        expires = int(now + limits.CLASS_TTL_SECONDS)

        def create(pipe: Any) -> bool:
            if pipe.exists(_key(code)):
                return False
            pipe.multi()
            pipe.hset(
                _key(code),
                mapping={
                    "teacher_digest": teacher_digest,
                    "version": 1,
                    "expires": expires,
                    **dict.fromkeys(FIELDS, ""),
                },
            )
            pipe.expireat(_key(code), expires)
            return True

        return bool(self._call(self._db.transaction, create, _key(code), value_from_callable=True))

    def version(self, code: str, now: float) -> int | None:
        raw = self._call(self._db.hget, _key(code), "version")
        return None if raw is None else int(raw)

    def get_class(self, code: str, now: float) -> ClassRecord | None:
        pipe = self._db.pipeline(transaction=False)
        pipe.hgetall(_key(code))
        pipe.hlen(_key(code) + ":students")
        found, students = self._call(pipe.execute)
        if not found:
            return None
        fields = {name: found.get(name, "") for name in FIELDS}
        return ClassRecord(
            code,
            found["teacher_digest"],
            int(found["version"]),
            float(found["expires"]),
            fields,
            int(students),
        )

    def update(self, code: str, fields: dict[str, str], now: float) -> int | None:
        args = [x for name in FIELDS if name in fields for x in (name, fields[name])]
        version = self._call(self._update, keys=[_key(code)], args=args)
        return None if version is None else int(version)

    def add_student(
        self, code: str, student_id: str, digest: str, nickname: str, cap: int, now: float
    ) -> Joined:
        keys = [_key(code), _key(code) + ":students"]
        found = self._call(self._join, keys=keys, args=[student_id, f"{digest} {nickname}", cap])
        return found if found in ("ok", "full") else "gone"  # type: ignore[no-any-return]

    def student_digest(self, code: str, student_id: str) -> str | None:
        raw = self._call(self._db.hget, _key(code) + ":students", student_id)
        return None if raw is None else str(raw).split(" ", 1)[0]

    def put_answer(self, code: str, question_id: str, student_id: str, answer: str) -> None:
        key = f"{_key(code)}:answers:{question_id}"
        pipe = self._db.pipeline(transaction=True)
        pipe.hset(key, student_id, answer)
        pipe.expire(key, limits.CLASS_TTL_SECONDS)
        self._call(pipe.execute)

    def answers(self, code: str, question_id: str) -> dict[str, str]:
        found = self._call(self._db.hgetall, f"{_key(code)}:answers:{question_id}")
        return dict(found)

    def hit(self, key: str, weight: int, window: int, now: float) -> int:
        slot = int(now) // window * window
        name = f"bl:hits:{key}:{slot}"
        pipe = self._db.pipeline(transaction=True)
        pipe.incrby(name, weight)
        pipe.expire(name, 2 * window)
        count, _ = self._call(pipe.execute)
        return int(count)

    def close(self) -> None:
        self._db.close()
