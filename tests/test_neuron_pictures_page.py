"""A student looks at what each neuron computes, in headless Chromium (dash_duo):
at rest every hidden and output neuron shows a picture of its activation over the
input plane, the pictures are the engine's numbers, and they change with a step."""

from __future__ import annotations

import numpy as np
from dash.testing.wait import until

from app import data, state
from app.factory import create_app
from backprop_engine import MLP

SHOTS = "/tmp/shots-neurons"
SIZES = state.DEFAULT_CONFIG["sizes"]  # [2, 4, 4, 1]

# The pictures in the figure on screen: one per hidden and output neuron.
IMAGES = """
const gd = BackpropLab.draw.graph();
return gd ? (gd.layout.images || []).map((im) => [im.x, im.y, im.source]) : null;
"""
# What the page decoded of the view's pictures, and the network it came with.
PICTURES = """
const S = BackpropLab.lab.state;
const layers = BackpropLab.pictures.decode(S.view.activation_maps);
return {net: S.net_state, size: S.view.activation_maps.size,
        cells: layers.map((l) => l.map((c) => Array.from(c)))};
"""


def js(dash_duo, script: str, *args):
    return dash_duo.driver.execute_script(script, *args)


def open_page(dash_duo):
    dash_duo.driver.set_window_size(1440, 900)
    dash_duo.start_server(create_app())
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    until(lambda: (js(dash_duo, IMAGES) or []).__len__() == sum(SIZES[1:]), 10)


def shoot(dash_duo, name: str):
    """A screenshot with the diagram in view, to look at by eye."""
    js(
        dash_duo,
        "document.documentElement.style.scrollBehavior = 'auto';"
        "document.getElementById('network-graph').scrollIntoView({block: 'start'});",
    )
    dash_duo.driver.save_screenshot(f"{SHOTS}-{name}.png")


def engine_cells(net_state: dict) -> list[np.ndarray]:
    net = MLP.from_dict(net_state["net_json"])
    grid = data.picture_grid(data.load(state.DEFAULT_CONFIG))
    return [np.clip(a, -1, 1).T for a in net.activation_maps(grid)]


def at_rest_with_pictures(dash_duo) -> bool:
    """The diagram on screen shows one picture per hidden and output neuron, each
    centred on its neuron (layer l at x = l, app/figures.py), each its own, and the
    markers of those neurons unfilled so the pictures show through."""
    images = js(dash_duo, IMAGES) or []
    fills = js(
        dash_duo,
        "const gd = BackpropLab.draw.graph();"
        "return gd && gd.data[gd.layout.meta.neurons].marker.color;",
    )
    return (
        sorted(x for x, _, _ in images) == [1.0] * SIZES[1] + [2.0] * SIZES[2] + [3.0]
        and all(src.startswith("data:image/png;base64,") for _, _, src in images)
        and len({src for _, _, src in images}) == len(images)
        and isinstance(fills, list)
        and fills[SIZES[0] :] == ["rgba(0,0,0,0)"] * sum(SIZES[1:])
    )


def assert_engine_pictures(dash_duo) -> dict:
    """The pictures the page holds are the engine's a(l) over the grid."""
    shown = js(dash_duo, PICTURES)
    for got, want in zip(shown["cells"], engine_cells(shown["net"]), strict=True):
        np.testing.assert_allclose(np.array(got) / 255 * 2 - 1, want, atol=1 / 255 + 1e-9)
    return shown


def test_every_hidden_and_output_neuron_shows_its_picture_at_rest(dash_duo):
    open_page(dash_duo)
    # The page may paint more than once while it loads: wait for the diagram to settle.
    until(lambda: at_rest_with_pictures(dash_duo), 10)
    assert_engine_pictures(dash_duo)
    shoot(dash_duo, "rest")


def test_the_pictures_change_with_a_training_step(dash_duo):
    open_page(dash_duo)
    before = assert_engine_pictures(dash_duo)["cells"]
    js(dash_duo, "BackpropLab.lab.sync({speed: 0});")
    button = dash_duo.find_element("#step-btn")
    js(dash_duo, "arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    dash_duo.wait_for_text_to_equal("#step-count", "1", timeout=20)
    until(lambda: js(dash_duo, "return BackpropLab.lab.idle()"), 20)
    until(lambda: at_rest_with_pictures(dash_duo), 10)
    after = assert_engine_pictures(dash_duo)
    assert after["net"]["step"] == 1
    assert after["cells"] != before
    shoot(dash_duo, "after-step")
