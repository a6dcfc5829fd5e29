"""The stores a set-up is read from (state.read_setup's arguments, in its order), as
the states of every callback that trains, shares or saves the network on screen."""

from __future__ import annotations

from dash import State

from app import ids

CURRENT = (
    State(ids.CONFIG_STORE, "data"),
    State(ids.NET_STORE, "data"),
    State(ids.LR_SLIDER, "value"),
    State(ids.EXAMPLE_STORE, "data"),
)
