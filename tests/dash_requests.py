"""Callback requests as a browser (or an attacker) sends them: the JSON body of a
POST to /_dash-update-component, built from the app's own callback map and sent
through Flask's test client."""

from __future__ import annotations

from typing import Any

UPDATE_PATH = "/_dash-update-component"


def _outputs(key: str) -> list[str]:
    """'..a.data...b.children@hash..' -> ['a.data', 'b.children']"""
    return [o.split("@")[0] for o in key.strip(".").split("...")]


def find_callback(app, output: str, trigger: str | None = None) -> tuple[str, dict[str, Any]]:
    """The first server callback registered that writes `output` ("id" or "id.property"),
    or, when several write it, the one fired by `trigger` ("id.property")."""
    for key, spec in app.callback_map.items():
        if "callback" not in spec:  # clientside: the server never runs it
            continue
        writes = any(output in (o, o.split(".")[0]) for o in _outputs(key))
        first = spec["inputs"][0]
        if writes and trigger in (None, f"{first['id']}.{first['property']}"):
            return key, spec
    raise KeyError(output)


def post(
    app,
    client,
    output: str,
    inputs: list[Any],
    states: list[Any],
    *,
    trigger: str | None = None,
    changed: str | None = None,
):
    """POST the callback that writes `output`, with these input and state values.
    `changed` is the prop the browser says fired it (default: the first input)."""
    key, spec = find_callback(app, output, trigger)
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in _outputs(key)]
    first = spec["inputs"][0]
    body = {
        "output": key,
        # A single-output callback gets its output alone, as the browser sends it.
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": [
            {"id": d["id"], "property": d["property"], "value": v}
            for d, v in zip(spec["inputs"], inputs, strict=True)
        ],
        "state": [
            {"id": d["id"], "property": d["property"], "value": v}
            for d, v in zip(spec["state"], states, strict=True)
        ],
        "changedPropIds": [changed or f"{first['id']}.{first['property']}"],
    }
    return client.post(UPDATE_PATH, json=body)
