"""The stores a training step, a Play batch, a shared link or a saved file is made from,
read in one place so every callback checks them in the same order and reports the same
first fault."""

from __future__ import annotations

from typing import Any

from dash import State

from app import data, ids, state

# The states a callback lists to be handed these stores, in read_current's order.
CURRENT = (
    State(ids.CONFIG_STORE, "data"),
    State(ids.NET_STORE, "data"),
    State(ids.LR_SLIDER, "value"),
    State(ids.EXAMPLE_STORE, "data"),
)


def read_current(
    config: Any, net: Any, lr_log: Any, example: Any
) -> tuple[dict[str, Any], state.NetState, float, int]:
    """config-store, net-store, lr-slider, example-store -> (config, network, log10 η, example)."""
    cfg = state.read_config(config)
    ns = state.read_net(net, cfg)
    lr = state.read_lr_log(lr_log)
    ex = state.read_example(example, data.n_train(cfg))
    return cfg, ns, lr, ex
