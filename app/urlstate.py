"""The set-up as a link, so a teacher can hand out exactly what is on screen.

    ?dataset=xor&sizes=2,4,4,1&activation=tanh&...&eta=0.5&example=3&lesson=worked&view=present
    #step=12&w=<base64url of the deflated JSON of MLP.to_dict()>&d=<the same of the data>

Settings ride in the query string, one parameter per key of the settings store,
written by the type of its default value, so a setting added to
`state.DEFAULT_CONFIG` travels without changes here. The weights ride in the
fragment: browsers never send it with the page request (no proxy cuts a long
link), and the page hands it to the server inside a bounded callback body. Data of
the user's own (config["data"], `dataset=own`) rides there too, as `d=`, packed the
same way; a link that would not fit MAX_HASH_CHARS is not made (a file carries more).

`parse` only decodes and bounds; the values are then checked by the same reader
as every other input (`state.read_setup`).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from app import state
from app.state import InputError

MAX_SEARCH_CHARS = 2_000
MAX_HASH_CHARS = 60_000  # a 12-layer, 8-wide network at full precision fits
MAX_JSON_BYTES = 200_000  # what the weights may inflate to: a zip bomb stops here
MAX_VALUE_CHARS = 200
EXTRA_KEYS = ("eta", "example", "lesson", "view")
VIEWS = ("present",)
_INT = re.compile(r"-?\d{1,15}")


@dataclass(frozen=True)
class Link:
    """What a link (or a saved file, or a lesson) asks for; still unchecked: it becomes
    a `state.Setup` through `state.read_setup`."""

    config: dict[str, Any]
    lr_log: float | None = None
    example: int = 0  # 0-based, as in example-store
    net_json: Any = None  # MLP.to_dict() or None for fresh weights from the seed
    step: int = 0
    lesson: str | None = None
    view: str | None = None


# ---------- values ----------
def _write(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, str)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        return ",".join(str(v) for v in value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ",".join(value)  # names, e.g. features=x1,x2,x1_sq
    return json.dumps(value, separators=(",", ":"))


def _int(key: str, text: str) -> int:
    if not _INT.fullmatch(text):
        raise InputError(f"the link's {key} must be a whole number")
    return int(text)


def _read(key: str, text: str, like: Any) -> Any:
    """`text` read as the type of the default value `like`."""
    if isinstance(like, bool):
        if text not in ("0", "1", "true", "false"):
            raise InputError(f"the link's {key} must be 1 or 0")
        return text in ("1", "true")
    if isinstance(like, int):
        return _int(key, text)
    if isinstance(like, float):
        try:
            value = float(text)
        except ValueError:
            raise InputError(f"the link's {key} must be a number") from None
        if not math.isfinite(value):
            raise InputError(f"the link's {key} must be a finite number")
        return value
    if isinstance(like, str):
        return text
    if isinstance(like, list) and like and all(isinstance(v, int) for v in like):
        return [_int(key, part) for part in text.split(",")]
    if isinstance(like, list) and like and all(isinstance(v, str) for v in like):
        return text.split(",")  # names; which ones are allowed is read_config's to say
    try:
        return json.loads(text)
    except ValueError:
        raise InputError(f"the link's {key} could not be read") from None


def _pairs(text: Any, limit: int, what: str) -> dict[str, str]:
    if text is None or text == "":
        return {}
    if not isinstance(text, str):
        raise InputError(f"the link's {what} could not be read")
    if len(text) > limit:
        raise InputError(f"the link's {what} is too long (at most {limit} characters)")
    out: dict[str, str] = {}
    try:
        pairs = parse_qsl(text.lstrip("?#"), keep_blank_values=True, strict_parsing=False)
    except ValueError:
        raise InputError(f"the link's {what} could not be read") from None
    for key, value in pairs:
        if key in out:
            raise InputError(f"the link names {key[:40]!r} twice")
        out[key] = value
    return out


# ---------- weights ----------
def pack_net(net_json: dict[str, Any]) -> str:
    raw = json.dumps(net_json, separators=(",", ":")).encode()
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: no header to check
    packed = packer.compress(raw) + packer.flush()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def unpack_net(text: str, what: str = "weights") -> Any:
    if not re.fullmatch(r"[A-Za-z0-9_-]*", text):
        raise InputError(f"the link's {what} are damaged (unexpected characters)")
    try:
        packed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        unpacker = zlib.decompressobj(-15)
        raw = unpacker.decompress(packed, MAX_JSON_BYTES)
        if unpacker.unconsumed_tail:
            raise InputError(f"the link's {what} are too large for this page")
        return json.loads(raw)
    except (binascii.Error, zlib.error, ValueError, RecursionError) as e:
        if isinstance(e, InputError):
            raise
        raise InputError(f"the link's {what} are damaged and could not be read") from None


# ---------- whole links ----------
def parse(search: Any, fragment: Any) -> Link:
    """Decode a link's query string and fragment; raises InputError with a sentence."""
    query = _pairs(search, MAX_SEARCH_CHARS, "settings")
    frag = _pairs(fragment, MAX_HASH_CHARS, "weights")
    unknown = [k for k in query if k not in state.DEFAULT_CONFIG and k not in EXTRA_KEYS]
    if unknown:
        raise InputError(f"the link has an unknown setting {unknown[0][:40]!r}")
    if set(frag) - {"w", "step", "d"}:
        raise InputError("the link's part after # is not one this page wrote")
    for key, value in query.items():
        if len(value) > MAX_VALUE_CHARS:
            raise InputError(f"the link's {key} is too long")

    config = dict(state.DEFAULT_CONFIG)
    for key, like in state.DEFAULT_CONFIG.items():
        if key in query:
            config[key] = _read(key, query[key], like)
    if "d" in frag:  # checked with the settings (state.read_config), like a file's data
        config["data"] = unpack_net(frag["d"], "data")

    lr_log = None
    if "eta" in query:
        lr = _read("learning rate (eta)", query["eta"], 1.0)  # η itself, as on screen
        if lr <= 0:
            raise InputError("the link's learning rate (eta) must be above 0")
        lr_log = round(math.log10(lr), 6)
    example = _int("example", query["example"]) - 1 if "example" in query else 0
    if example < 0:
        raise InputError("the link's example must be 1 or more")
    view = query.get("view") or None
    if view is not None and view not in VIEWS:
        raise InputError(f"the link's view must be one of: {', '.join(VIEWS)}")
    lesson = query.get("lesson") or None
    net_json = unpack_net(frag["w"]) if "w" in frag else None
    step = _int("step", frag["step"]) if "step" in frag else 0
    return Link(config, lr_log, example, net_json, step, lesson, view)


def encode(link: Link) -> tuple[str, str]:
    """(query string, fragment) for a set-up; both empty parts are ""."""
    params: dict[str, str] = {k: _write(v) for k, v in link.config.items() if k != "data"}
    if link.lr_log is not None:
        params["eta"] = f"{10.0**link.lr_log:.12g}"
    params["example"] = str(link.example + 1)
    if link.lesson:
        params["lesson"] = link.lesson
    if link.view:
        params["view"] = link.view
    search = "?" + urlencode(params, safe=",", quote_via=quote)
    fragment = ""
    if link.net_json is not None:
        fragment = f"#step={link.step}&w={pack_net(link.net_json)}"
    if "data" in link.config:
        fragment += ("&" if fragment else "#") + f"d={pack_net(link.config['data'])}"
    if len(fragment) > MAX_HASH_CHARS:
        raise InputError(
            f"the link would be too long ({len(fragment)} characters after #, at most "
            f"{MAX_HASH_CHARS}); save the network as a file instead, which carries more"
        )
    return search, fragment
