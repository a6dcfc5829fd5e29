"""Request-level protection for Dash's routes.

Anyone can POST anything to `/_dash-update-component`. Dash trusts the shape of
that body (it indexes into it and raises, which Flask turns into a 500), so the
shape is checked here, before Dash sees it, against the callback the body names.
Checking the *values* is each callback's job; this module only guarantees that a
callback is called with the inputs it was registered with. Before any of that:
the body must say it is JSON (415 otherwise: a form or `text/plain` post from
another site's page cannot reach a callback without the browser asking this
server first), must be readable (a broken chunked body is a 400), must fit the
size cap (Flask's MAX_CONTENT_LENGTH, 413) and its nesting and count of lists
and objects are bounded before it is parsed (app/json_bounds.py). A path under
Dash's own routes that names no real file is a 404. Every refusal is a short
plain-text answer, never a traceback.
"""

from __future__ import annotations

import json
from typing import Any

import flask
from dash import Dash, Output
from dash import _validate as dash_validate
from dash.exceptions import DependencyException
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge

from app import json_bounds, security_headers

MAX_ITEMS_PER_PATTERN = 256  # components one pattern-matching (ALL) input may list
MAX_PROP_ID_CHARS = 512


# Path prefixes Dash keeps for itself: a path under one that no route serves
# would otherwise reach Dash's catch-all page route and answer 200 with the page.
RESERVED_PREFIXES = ("_dash-", "_reload-hash", "_favicon.ico", "_alive_")


class BadCallbackRequestError(ValueError):
    """The body is not a well-formed call of a registered callback."""


class NotJsonError(ValueError):
    """The body does not say it is JSON."""


def install(app: Dash) -> None:
    """Call once every callback is registered: the security headers hash Dash's
    inline scripts, clientside callbacks written inline among them."""
    security_headers.install(app)
    server = app.server
    prefix = app.config.routes_pathname_prefix
    endpoint = prefix + "_dash-update-component"

    @server.before_request
    def _check_callback_request() -> flask.Response | None:
        request = flask.request
        if request.method != "POST" or request.path != endpoint:
            return None
        try:
            body = _read_json(request)
            check_callback_body(body, app.callback_map)
        except NotJsonError as err:
            return _plain(415, f"Unsupported media type: {err}")
        except BadCallbackRequestError as err:
            return _plain(400, f"Bad request: {err}")
        return None

    @server.before_request
    def _refuse_unknown_dash_paths() -> flask.Response | None:
        # The catch-all route (any path serves the page) stays for ordinary
        # paths; under Dash's own prefixes it would hide a mistyped route.
        request = flask.request
        rule = request.url_rule
        if rule is None or "<path:path>" not in rule.rule:
            return None
        inner = request.path[len(prefix) :] if request.path.startswith(prefix) else ""
        if inner.startswith(RESERVED_PREFIXES):
            return _plain(404, "Not found.")
        return None

    @server.errorhandler(DependencyException)
    def _no_such_component_file(_: DependencyException) -> flask.Response:
        # An unknown package or file under /_dash-component-suites/: a 404, not a
        # 500 with a traceback in the log for every guess.
        return _plain(404, "Not found.")

    @server.errorhandler(NotFound)
    def _not_found(_: HTTPException) -> flask.Response:
        return _plain(404, "Not found.")

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_: HTTPException) -> flask.Response:
        limit = server.config.get("MAX_CONTENT_LENGTH")
        return _plain(413, f"Request too large (limit {limit} bytes).")


def _plain(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _read_json(request: flask.Request) -> Any:
    if request.mimetype != "application/json":
        raise NotJsonError("callback requests must be application/json")
    if request.content_length is not None:
        limit = flask.current_app.config.get("MAX_CONTENT_LENGTH")
        if limit is not None and request.content_length > limit:
            raise RequestEntityTooLarge()
    try:
        # Read once and cached on the request (a chunked body is capped at the
        # same size while it is read); a broken chunked encoding raises here.
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise
    except (HTTPException, OSError, ValueError):  # werkzeug says ClientDisconnected
        raise BadCallbackRequestError("the body could not be read") from None
    try:
        json_bounds.check(raw)
    except json_bounds.JsonTooComplexError as err:
        raise BadCallbackRequestError(str(err)) from None
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


# The same reading for the class API's JSON bodies (app/classroom/inputs.py).
read_json = _read_json


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
