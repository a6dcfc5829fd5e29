"""A student's browser, over plain HTTP: what the page's JavaScript asks the server.

The container, proxy and load tests drive the app through this, the way a
browser does: read the layout and `/_dash-dependencies`, then POST to
`/_dash-update-component`. Callbacks are found by the ids they read and write,
so the client follows the page as it changes. Only the standard library is used,
so the load generator's own virtual environment can import this file too.

The ids and Play's pacing below mirror the page's rules (app/ids.py, app/rules.py;
tests/test_rules.py checks that they still match). The page has one training
protocol: the browser puts `{"nonce": n, "steps": k}` in the request store (k = 1
for Train step; for Play, k is set by the animation-speed control), the server
answers in the reply store, and the browser adopts the answer's net_state into the
net store. Play asks again no sooner than PLAY_PACE_S after it asked before (the
page sends its next request as soon as it adopted an answer, and plays the
answer's frames meanwhile).
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

REQUEST_STORE = "request-store"
REPLY_STORE = "reply-store"
NET_STORE = "net-store"
LR_SLIDER = "lr-slider"
RESET_BTN = "reset-btn"
SPEED_CONTROL = "speed-control"
UPDATE_PATH = "/_dash-update-component"

# Play's steps per request by the speed control's value (Slow, Normal, Fast,
# Instant), and the least time between two requests (Instant drops it).
PLAY_STEPS = {0.5: 5, 1.0: 20, 3.0: 50, 0.0: 50}
PLAY_DEFAULT_STEPS = 20
PLAY_PACE_S = 1.0


class CallbackError(RuntimeError):
    """The server answered a callback with something other than 200 or 204."""


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Http:
    """One keep-alive connection to the app (a browser tab)."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        url = urllib.parse.urlsplit(base_url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.prefix = url.path.rstrip("/")
        self.timeout = timeout
        self._conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Answer:
        for attempt in (0, 1):  # a keep-alive connection the server closed: reopen once
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._conn.request(method, self.prefix + path, body=body, headers=headers or {})
                resp = self._conn.getresponse()
                return Answer(resp.status, resp.read(), dict(resp.getheaders()))
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_json(self, path: str, payload: Any) -> Answer:
        body = json.dumps(payload).encode()
        return self.request("POST", path, body, {"Content-Type": "application/json"})

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def server_callbacks(dependencies: list[dict]) -> list[dict]:
    """Callbacks that run on the server (clientside ones have a function name)."""
    return [cb for cb in dependencies if not cb.get("clientside_function")]


def output_ids(cb: dict) -> list[str]:
    """'id.prop' of each output, as `/_dash-dependencies` spells them."""
    out = cb["output"]
    parts = out[2:-2].split("...") if out.startswith("..") else [out]
    return [p.split("@", 1)[0] for p in parts]


def find_callback(dependencies: list[dict], writes: str, reads: str) -> dict:
    """The server callback that writes `writes` ('id.prop') on input `reads`."""
    for cb in server_callbacks(dependencies):
        inputs = {f"{i['id']}.{i['property']}" for i in cb["inputs"]}
        if writes in output_ids(cb) and reads in inputs:
            return cb
    raise LookupError(f"no server callback writes {writes} when {reads} changes")


def layout_props(layout: Any) -> dict[str, dict[str, Any]]:
    """Every component with an id in the layout tree: id -> its props."""
    found: dict[str, dict[str, Any]] = {}
    stack = [layout]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and "props" in node:
            props = node["props"]
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            stack.extend(v for v in props.values() if isinstance(v, (dict, list)))
    return found


def callback_body(cb: dict, props: dict[str, dict[str, Any]], changed: list[str]) -> dict:
    """The body the renderer sends for `cb`, values taken from `props`."""

    def dep(d: dict) -> dict:
        value = props.get(d["id"], {}).get(d["property"])
        item = {"id": d["id"], "property": d["property"]}
        if value is not None:
            item["value"] = value
        return item

    outs = [dict(zip(("id", "property"), o.rsplit(".", 1), strict=True)) for o in output_ids(cb)]
    return {
        "output": cb["output"],
        "outputs": outs if cb["output"].startswith("..") else outs[0],
        "inputs": [dep(d) for d in cb["inputs"]],
        "state": [dep(d) for d in cb["state"]],
        "changedPropIds": changed,
    }


class Student:
    """One student's page: its own copy of every store, as in their browser."""

    def __init__(self, http_: Http) -> None:
        self.http = http_
        deps = self._json("/_dash-dependencies")
        self.props = layout_props(self._json("/_dash-layout"))
        self.train_cb = find_callback(deps, f"{REPLY_STORE}.data", f"{REQUEST_STORE}.data")
        self.reset_cb = find_callback(deps, f"{NET_STORE}.data", f"{RESET_BTN}.n_clicks")
        self.nonce = 0

    def _json(self, path: str) -> Any:
        answer = self.http.get(path)
        if answer.status != 200:
            raise CallbackError(f"GET {path}: {answer.status}")
        return answer.json()

    def _call(self, cb: dict, changed: str) -> dict[str, dict[str, Any]]:
        answer = self.http.post_json(UPDATE_PATH, callback_body(cb, self.props, [changed]))
        if answer.status == 204:  # PreventUpdate: nothing changes
            return {}
        if answer.status != 200:
            raise CallbackError(f"{cb['output']}: {answer.status} {answer.text[:200]}")
        updates = answer.json()["response"]
        for cid, new in updates.items():  # the renderer applies outputs to the page
            self.props.setdefault(cid, {}).update(new)
        return updates

    def ask(self, steps: int) -> dict[str, Any]:
        """One request for `steps` training steps; the browser adopts the answer's
        network only if it answers this request about the network it has."""
        self.nonce += 1
        self.props.setdefault(REQUEST_STORE, {})["data"] = {"nonce": self.nonce, "steps": steps}
        updates = self._call(self.train_cb, f"{REQUEST_STORE}.data")
        reply = updates.get(REPLY_STORE, {}).get("data")
        if not isinstance(reply, dict) or reply.get("nonce") != self.nonce:
            raise CallbackError(f"no answer to this request: {json.dumps(updates)[:300]}")
        if reply.get("error"):
            raise CallbackError(f"refused: {reply['error']}")
        net_state = self.props[NET_STORE]["data"]
        asked_for = {"run": net_state.get("run"), "step": net_state.get("step")}
        if {k: reply["for"].get(k) for k in asked_for} != asked_for:
            raise CallbackError(f"answered for another network: {reply.get('for')}")
        self.props[NET_STORE]["data"] = reply["net_state"]
        return reply

    def train_step(self) -> dict[str, Any]:
        """Train step: one step, with its full trace."""
        return self.ask(1)

    def play_steps_per_request(self) -> int:
        """Steps per Play request at the speed the control shows."""
        return PLAY_STEPS.get(self.props.get(SPEED_CONTROL, {}).get("value"), PLAY_DEFAULT_STEPS)

    def play(self, steps: int | None = None) -> dict[str, Any]:
        """One round of Play's loop: as many steps as the speed control says, unless
        `steps` is given. The caller paces the rounds (PLAY_PACE_S) and stops, as the
        page does, when an answer says training diverged."""
        return self.ask(self.play_steps_per_request() if steps is None else steps)

    def set_speed(self, speed: float) -> None:
        self.props.setdefault(SPEED_CONTROL, {})["value"] = speed

    def set_learning_rate(self, log10_lr: float) -> None:
        self.props.setdefault(LR_SLIDER, {})["value"] = log10_lr

    def reset(self) -> dict[str, dict[str, Any]]:
        clicks = self.props.setdefault(RESET_BTN, {})
        clicks["n_clicks"] = (clicks.get("n_clicks") or 0) + 1
        return self._call(self.reset_cb, f"{RESET_BTN}.n_clicks")
