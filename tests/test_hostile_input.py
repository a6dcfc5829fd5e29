"""Anyone can POST anything to /_dash-update-component. Every server callback the
app registers (found in `app.callback_map`, so new ones are fuzzed as they land)
gets generated payloads: wrong types, huge and non-finite numbers, huge lists and
strings, nested junk, and the page's own stored state with parts broken. No
answer may be a 5xx or carry a traceback, the page must still be served after,
and no request may make the server allocate without bound.
"""

from __future__ import annotations

import json
import tracemalloc
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lab_client import UPDATE_PATH, Answer, Http, Student, callback_body, layout_props

from app.factory import create_app

APP = create_app()
CLIENT = APP.server.test_client()
LAYOUT = json.loads(CLIENT.get("/_dash-layout").data)
PROPS = layout_props(LAYOUT)
DEPENDENCIES = json.loads(CLIENT.get("/_dash-dependencies").data)
SERVER_CALLBACKS = {
    cb["output"]: cb for cb in DEPENDENCIES if "callback" in APP.callback_map.get(cb["output"], {})
}
CLIENTSIDE = [cb["output"] for cb in DEPENDENCIES if cb["output"] not in SERVER_CALLBACKS]


class RecordingClient(Http):
    """The lab client over Flask's test client, keeping the last body sent to
    each callback: real requests, from which the fuzzer breaks one part at a time."""

    def __init__(self) -> None:
        super().__init__("http://test")
        self.sent: dict[str, dict] = {}

    def request(self, method, path, body=None, headers=None) -> Answer:  # type: ignore[no-untyped-def]
        if body is not None:
            sent = json.loads(body)
            self.sent[sent["output"]] = sent
        resp = CLIENT.open(path, method=method, data=body, headers=headers or {})
        return Answer(resp.status_code, resp.data, dict(resp.headers))


def _real_bodies() -> dict[str, dict]:
    """What a student's page really sends: a few steps and a Reset."""
    client = RecordingClient()
    student = Student(client)
    student.train_step()
    student.train_step()
    student.reset()
    return client.sent


REAL_BODIES = _real_bodies()

# One request may use this much memory at its peak: far above an honest step
# (about 2 MB), far below what an unbounded network or dataset would take.
MAX_REQUEST_PEAK_BYTES = 16 * 1024 * 1024
# Memory still held after all the requests of one test: no leak per request.
MAX_RETAINED_BYTES = 32 * 1024 * 1024

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**300), max_value=10**300),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 5e-324, 2**53 + 1, -1, 0, 10**9]),
    st.text(max_size=40),
    st.sampled_from(["", "xor", "tanh", "relu", "softmax", "NaN", "<script>alert(1)</script>"]),
)
big = st.one_of(
    st.integers(min_value=1000, max_value=30_000).map(lambda n: [1.0] * n),
    st.integers(min_value=1000, max_value=60_000).map(lambda n: "x" * n),
    st.integers(min_value=10, max_value=200).map(lambda n: [[0.5] * n for _ in range(n)]),
    st.integers(min_value=2, max_value=400).map(lambda n: {"sizes": [2] + [8] * n + [1]}),
)
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=25,
)


DEEPER = st.sampled_from([True, True, True, False])
DROP = object()  # a mutation that removes the part instead of replacing it


def _mutations(node: Any) -> st.SearchStrategy[Any]:
    options = [junk, big, scalars]
    if isinstance(node, list) and node:
        options.append(st.integers(1, 60).map(lambda k: node * k))  # too long
        options.append(st.just(node[:-1]))  # too short
    if isinstance(node, dict):
        options.append(st.just(DROP))
        options.append(junk.map(lambda v: {**node, "extra": v}))
    return st.one_of(*options)


def _replace(value: Any, path: list[Any], new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    key = path[0]
    if len(path) == 1 and new is DROP:
        del copy[key]
    else:
        copy[key] = _replace(value[key], path[1:], new)
    return copy


@st.composite
def broken(draw: st.DrawFn, value: Any) -> Any:
    """`value` (a real stored value) with one part, at any depth, replaced,
    removed or resized: the shape a tampered store would have."""
    path: list[Any] = []
    node = value
    # Down at least one level (whole-value junk comes from forged_value), then
    # mostly deeper: the numbers inside a stored network are worth reaching.
    while isinstance(node, (dict, list)) and node and (not path or draw(DEEPER)):
        if isinstance(node, dict):
            key: Any = draw(st.sampled_from(sorted(node, key=str)))
        else:
            key = draw(st.integers(0, len(node) - 1))
        path.append(key)
        node = node[key]
    new = draw(_mutations(node))
    return _replace(value, path, new) if path or new is not DROP else None


def forged_value(real: Any) -> st.SearchStrategy[Any]:
    """The page's own value with a part broken, or junk in its place."""
    return st.one_of(broken(real), junk, big)


def real_values(cb: dict) -> dict[str, dict[str, Any]]:
    """id -> props as the page would send them: from a recorded request where
    the student session reaches this callback, else from the layout."""
    props = {cid: dict(p) for cid, p in PROPS.items()}
    sent = REAL_BODIES.get(cb["output"], {})
    for dep in sent.get("inputs", []) + sent.get("state", []):
        props.setdefault(dep["id"], {})[dep["property"]] = dep.get("value")
    return props


@st.composite
def forged_body(draw: st.DrawFn, cb: dict, slot: int) -> dict:
    """A real request to `cb` with the value in `slot` forged (sometimes one more)."""
    props = real_values(cb)
    slots = cb["inputs"] + cb["state"]
    targets = {slot} | set(draw(st.lists(st.integers(0, len(slots) - 1), max_size=1)))
    for i in sorted(targets):
        dep = slots[i]
        real = props.get(dep["id"], {}).get(dep["property"])
        props.setdefault(dep["id"], {})[dep["property"]] = draw(forged_value(real))
    changed = [f"{d['id']}.{d['property']}" for d in cb["inputs"]]
    return callback_body(cb, props, changed[: draw(st.integers(1, max(1, len(changed))))])


def post(body: bytes) -> tuple[int, str]:
    resp = CLIENT.post(UPDATE_PATH, data=body, content_type="application/json")
    return resp.status_code, resp.get_data(as_text=True)


def assert_clean(status: int, text: str) -> None:
    assert status < 500, text[:500]
    assert "Traceback" not in text and 'File "' not in text, text[:500]
    if status == 200:
        json.loads(text)  # a real answer is JSON the renderer can read


def encode(body: Any) -> bytes:
    # allow_nan: a forger can send NaN and Infinity, which Python's parser accepts.
    return json.dumps(body, allow_nan=True).encode()


class MemoryWatch:
    """tracemalloc around each request: its peak, and what stays allocated."""

    def __init__(self) -> None:
        self.worst_peak = 0

    def __enter__(self) -> MemoryWatch:
        tracemalloc.start()
        self.start = tracemalloc.get_traced_memory()[0]
        return self

    def request(self, body: bytes) -> tuple[int, str]:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        result = post(body)
        self.worst_peak = max(self.worst_peak, tracemalloc.get_traced_memory()[1] - before)
        return result

    def retained(self) -> int:
        return tracemalloc.get_traced_memory()[0] - self.start

    def __exit__(self, *exc: object) -> None:
        tracemalloc.stop()


FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same payloads every run: a failure can be replayed
)


def test_there_are_server_callbacks_to_fuzz():
    assert SERVER_CALLBACKS, "no server callbacks found in app.callback_map"
    # The recorded requests are real ones: the page answers them.
    for body in REAL_BODIES.values():
        status, text = post(encode(body))
        assert status == 200, text[:300]


# Every value slot of every server callback, each forged in turn.
SLOTS = [
    (output, i, f"{d['id']}.{d['property']}")
    for output, cb in sorted(SERVER_CALLBACKS.items())
    for i, d in enumerate(cb["inputs"] + cb["state"])
]


@pytest.mark.parametrize(
    ("output", "slot", "name"), SLOTS, ids=[f"{o[:24]}-{n}" for o, _, n in SLOTS]
)
def test_forged_values_never_break_a_callback(output: str, slot: int, name: str):
    cb = SERVER_CALLBACKS[output]

    with MemoryWatch() as memory:

        @FUZZ
        @given(body=forged_body(cb, slot))
        def run(body: dict) -> None:
            status, text = memory.request(encode(body))
            assert_clean(status, text)

        run()
        assert memory.worst_peak < MAX_REQUEST_PEAK_BYTES, (name, memory.worst_peak)
        assert memory.retained() < MAX_RETAINED_BYTES, (name, memory.retained())
    assert CLIENT.get("/").status_code == 200


@FUZZ
@given(
    body=st.one_of(
        junk,
        st.fixed_dictionaries(
            {},
            optional={
                "output": st.one_of(st.sampled_from(sorted(SERVER_CALLBACKS) + CLIENTSIDE), junk),
                "outputs": junk,
                "inputs": junk,
                "state": junk,
                "changedPropIds": junk,
            },
        ),
    )
)
def test_malformed_requests_get_a_clean_4xx(body: Any):
    status, text = post(encode(body))
    assert 400 <= status < 500, (status, text[:300])
    assert "Traceback" not in text


@st.composite
def broken_structure(draw: st.DrawFn) -> dict:
    """A real request with its Dash structure damaged (values left as they were)."""
    body = json.loads(json.dumps(draw(st.sampled_from(list(REAL_BODIES.values())))))
    part = draw(st.sampled_from(["output", "outputs", "inputs", "changed", "id", "property"]))
    if part in ("id", "property"):
        item = draw(st.sampled_from(body["inputs"] + body["state"]))
        item[part] = draw(junk.filter(lambda v: v != item[part]))
    elif part == "inputs":
        extra = draw(st.booleans())
        body["inputs"] = body["inputs"] + body["inputs"][:1] if extra else body["inputs"][1:]
    elif part == "changed":
        body["changedPropIds"] = draw(st.one_of(scalars, st.just(["x"] * 50)))
    else:
        body[part] = draw(junk.filter(lambda v: v != body[part]))
    return body


@FUZZ
@given(body=broken_structure())
def test_real_requests_with_a_broken_structure_get_a_400(body: dict):
    status, text = post(encode(body))
    assert status == 400, (status, text[:300])
    assert len(text) < 200 and "Traceback" not in text


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"nul", b"[" * 100_000, b'{"output": NaN}', '{"\u00e9": 1}'.encode("latin-1")],
    ids=["empty", "cut", "not-json", "deep", "nan", "not-utf8"],
)
def test_unparsable_bodies_get_a_400(raw: bytes):
    status, text = post(raw)
    assert status == 400, (status, text)
    assert len(text) < 200 and "Traceback" not in text


def test_an_oversized_body_gets_a_413():
    status, text = post(b" " * (APP.server.config["MAX_CONTENT_LENGTH"] + 1))
    assert status == 413 and "Traceback" not in text


def test_clientside_callbacks_cannot_be_called_on_the_server():
    for output in CLIENTSIDE:
        status, _ = post(encode({"output": output, "inputs": [], "state": []}))
        assert status == 400, output


def test_the_lab_client_names_the_pages_ids():
    # The HTTP client the container, proxy and load tests share mirrors app/ids.py.
    import lab_client

    from app import ids

    assert lab_client.REQUEST_STORE == ids.REQUEST_STORE
    assert lab_client.REPLY_STORE == ids.REPLY_STORE
    assert lab_client.NET_STORE == ids.NET_STORE
    assert lab_client.LR_SLIDER == ids.LR_SLIDER
    assert lab_client.RESET_BTN == ids.RESET_BTN
