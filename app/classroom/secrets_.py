"""Class codes, keys and ids: random, and never kept in the clear.

A code is read aloud and typed from a projector, so it uses 31 characters no one
confuses (no 0/O, 1/I/L). Keys are 128-bit random tokens; the store keeps only
their SHA-256, so a copy of the store cannot drive a class or answer for anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from app import limits

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
assert len(CODE_ALPHABET) == 31
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{limits.CLASS_CODE_LENGTH}}}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # token_urlsafe(16): 128 bits


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(limits.CLASS_CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(16)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def matches(token: str, kept_digest: str) -> bool:
    return hmac.compare_digest(digest(token), kept_digest)


def normal_code(raw: str) -> str | None:
    """A code as typed (any case, spaces or dashes between groups) -> the code, or None."""
    code = re.sub(r"[\s-]", "", raw).upper()
    return code if _CODE.fullmatch(code) else None


def is_token(raw: str) -> bool:
    return bool(_TOKEN.fullmatch(raw))
