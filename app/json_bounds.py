"""Bounds on a JSON body, checked on its raw bytes before it is parsed.

Parsing is the one cost a request pays before any check can look at it, and
most of it is allocation: 255 KB of `[],[],…` is 85,000 lists and tens of
milliseconds of the parser's and the garbage collector's time. Counting
brackets first costs a fraction of that: strings are cut out (a bracket inside
one is text), every byte but brackets is dropped, both at C speed, and what is
left is at most a few thousand brackets to sum up.
"""

from __future__ import annotations

import re
from itertools import accumulate

from app import limits

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


class JsonTooComplexError(ValueError):
    """The body nests too deeply or holds too many lists and objects."""


def check(body: bytes) -> None:
    """Raise JsonTooComplexError when `body`, parsed, would nest deeper than
    MAX_JSON_DEPTH or hold more than MAX_JSON_CONTAINERS lists and objects.
    Malformed JSON may pass (the parser refuses it); a well-formed body that
    passes is within both bounds."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    # Each list or object opens once: half the brackets, or more when unbalanced.
    if (len(brackets) + 1) // 2 > limits.MAX_JSON_CONTAINERS:
        raise JsonTooComplexError(
            f"the JSON holds more than {limits.MAX_JSON_CONTAINERS} lists and objects"
        )
    if brackets and max(accumulate(_STEP[b] for b in brackets)) > limits.MAX_JSON_DEPTH:
        raise JsonTooComplexError(f"the JSON nests deeper than {limits.MAX_JSON_DEPTH}")
