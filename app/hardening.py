"""Request-level protection for the callback endpoint.

Anyone can POST anything to `/_dash-update-component`. Dash trusts the shape of
that body (it indexes into it and raises, which Flask turns into a 500), so the
shape is checked here, before Dash sees it, against the callback the body names.
Checking the *values* is each callback's job; this module only guarantees that a
callback is called with the inputs it was registered with. Bodies over the size
cap (Flask's MAX_CONTENT_LENGTH) get a 413. Every refusal is a short plain-text
answer, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

import flask
from dash import Dash, Output
from dash import _validate as dash_validate
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

MAX_ITEMS_PER_PATTERN = 256  # components one pattern-matching (ALL) input may list
MAX_PROP_ID_CHARS = 512


class BadCallbackRequestError(ValueError):
    """The body is not a well-formed call of a registered callback."""


def install(app: Dash) -> None:
    server = app.server
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"

    @server.before_request
    def _check_callback_request() -> flask.Response | None:
        request = flask.request
        if request.method != "POST" or request.path != endpoint:
            return None
        try:
            body = _read_json(request)
            check_callback_body(body, app.callback_map)
        except BadCallbackRequestError as err:
            return _plain(400, f"Bad request: {err}")
        return None

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_: HTTPException) -> flask.Response:
        limit = server.config.get("MAX_CONTENT_LENGTH")
        return _plain(413, f"Request too large (limit {limit} bytes).")


def _plain(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _read_json(request: flask.Request) -> Any:
    if request.content_length is not None:
        limit = flask.current_app.config.get("MAX_CONTENT_LENGTH")
        if limit is not None and request.content_length > limit:
            raise RequestEntityTooLarge()
    try:
        # Parsed once and cached on the request: Dash's own get_json() reuses it.
        body = request.get_json(force=True, silent=True)
    except RecursionError:
        # Deeply nested arrays overflow the parser: the json module raises this,
        # not a ValueError, so Flask would let it become a 500.
        raise BadCallbackRequestError("the JSON is nested too deeply") from None
    if body is None:
        raise BadCallbackRequestError("the body must be JSON")
    return body


def check_callback_body(body: Any, callback_map: dict[str, Any]) -> None:
    """Raise BadCallbackRequestError unless `body` calls a registered callback with
    the inputs, state and outputs it was registered with."""
    if not isinstance(body, dict):
        raise BadCallbackRequestError("the body must be a JSON object")
    output = body.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    # Clientside callbacks are listed too, with no server function to call.
    if not isinstance(spec, dict) or "callback" not in spec:
        raise BadCallbackRequestError("no such callback")

    inputs = body.get("inputs")
    state = body.get("state", [])
    _check_dependencies("inputs", inputs, spec["inputs"])
    _check_dependencies("state", state, spec["state"])
    _check_changed(body.get("changedPropIds", []), inputs)

    if not spec.get("no_output"):
        outputs = body.get("outputs")
        try:
            _check_shape(outputs)
            dash_validate.validate_output_spec(spec["output"], outputs, Output)
        except BadCallbackRequestError:
            raise
        except Exception:  # Dash's check raises several kinds on malformed specs
            raise BadCallbackRequestError("outputs do not match the callback") from None


def _check_dependencies(name: str, given: Any, expected: list[dict[str, Any]]) -> None:
    if not isinstance(given, list) or len(given) != len(expected):
        raise BadCallbackRequestError(f"{name} must list {len(expected)} item(s)")
    for item, want in zip(given, expected, strict=True):
        if not _matches(item, want["id"], want["property"]):
            raise BadCallbackRequestError(f"{name} do not match the callback")


def _matches(item: Any, want_id: str, want_prop: str) -> bool:
    if not want_id.startswith("{"):  # a plain string id
        return (
            isinstance(item, dict)
            and item.get("id") == want_id
            and (item.get("property") == want_prop)
        )
    # Pattern-matching id: ALL / ALLSMALLER send a list of components, MATCH one.
    pattern = json.loads(want_id)
    items = item if isinstance(item, list) else [item]
    if len(items) > MAX_ITEMS_PER_PATTERN:
        return False
    return all(
        isinstance(it, dict)
        and it.get("property") == want_prop
        and _id_fits_pattern(it.get("id"), pattern)
        for it in items
    )


def _id_fits_pattern(given: Any, pattern: dict[str, Any]) -> bool:
    if not isinstance(given, dict) or set(given) != set(pattern):
        return False
    for key, want in pattern.items():
        value = given[key]
        if isinstance(want, list):  # a wildcard: any scalar key value
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                return False
        elif value != want:
            return False
    return True


def _check_changed(changed: Any, inputs: list[Any]) -> None:
    if not isinstance(changed, list) or len(changed) > max(1, _count(inputs)):
        raise BadCallbackRequestError("changedPropIds must be a short list")
    for prop_id in changed:
        if not isinstance(prop_id, str) or len(prop_id) > MAX_PROP_ID_CHARS:
            raise BadCallbackRequestError("changedPropIds must hold short strings")


def _count(items: list[Any]) -> int:
    return sum(len(it) if isinstance(it, list) else 1 for it in items)


def _check_shape(outputs: Any) -> None:
    items = outputs if isinstance(outputs, list) else [outputs]
    for item in items:
        for one in item if isinstance(item, list) else [item]:
            if not isinstance(one, dict) or not isinstance(one.get("property"), str):
                raise BadCallbackRequestError("outputs do not match the callback")
            if not isinstance(one.get("id"), (str, dict)):
                raise BadCallbackRequestError("outputs do not match the callback")
