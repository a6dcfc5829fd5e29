"""Clientside callbacks, wired from tables. A row names a function of
`window.dash_clientside.<namespace>` (in assets/) and the properties it writes
(Output), reads (Input) and only looks at (State); LATER in a row keeps it from
running on the page's first render."""

from __future__ import annotations

from typing import Any

from dash import ClientsideFunction, Dash

LATER = object()


def wire(app: Dash, namespace: str, *rows: tuple[Any, ...]) -> None:
    for name, *deps in rows:
        app.clientside_callback(
            ClientsideFunction(namespace=namespace, function_name=name),
            *[d for d in deps if d is not LATER],
            prevent_initial_call=any(d is LATER for d in deps),
        )
