"""The page as the server sends it: structure, stable ids, offline assets, and the
diagram's contract with the clientside animation."""

from __future__ import annotations

import re

import pytest
from dash import dcc, html
from dash._callback import GLOBAL_CALLBACK_LIST

from app import content, figures, ids, state, views

STABLE_IDS = [
    "forward-btn",
    "backward-btn",
    "update-btn",
    "step-btn",
    "reset-btn",
    "lr-slider",
    "network-graph",
    "loss-value",
    "step-count",
]


def walk(component):
    yield component
    children = getattr(component, "children", None)
    if children is None:
        return
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def test_every_stable_id_is_on_the_page(app):
    # pattern-matching ids are dicts: only the plain ones are stable names
    found = {c.id for c in walk(app.layout) if isinstance(getattr(c, "id", None), str)}
    missing = [i for i in STABLE_IDS if i not in found]
    assert missing == []


def test_the_lab_comes_first_then_the_seed_sections_in_the_seed_order(app):
    headings = [c.children for c in walk(app.layout) if isinstance(c, (html.H2, html.H3))]
    wanted = [
        content.LAB_TITLE,
        content.CHAIN_RULE_TITLE,
        content.FORWARD_TITLE,
        content.BACKWARD_TITLE,
        content.STEPS_TITLE,
        content.CONCEPTS_TITLE,
        content.FOUNDATION_TITLE,
        content.WHY_TITLE,
    ]
    positions = [headings.index(h) for h in wanted]
    assert positions == sorted(positions)


def test_equations_are_mathml_made_when_the_app_starts(app):
    markdown = [c for c in walk(app.layout) if isinstance(c, dcc.Markdown)]
    with_math = [m for m in markdown if '<math display="block">' in m.children]
    assert len(with_math) >= 6
    assert not any(getattr(m, "mathjax", False) or "$" in m.children for m in markdown)


def test_the_learning_rate_slider_is_logarithmic_from_0_0001_to_10(app):
    slider = next(c for c in walk(app.layout) if getattr(c, "id", None) == ids.LR_SLIDER)
    assert (10**slider.min, 10**slider.max) == (pytest.approx(1e-4), pytest.approx(10))
    assert slider.step > 0  # Dash 4 needs it for a float range


def test_callbacks_are_registered_on_the_app_not_globally(app):
    assert GLOBAL_CALLBACK_LIST == []
    assert len(app.callback_map) >= 10


def test_the_page_asks_for_nothing_outside_the_app(app):
    client = app.server.test_client()
    page = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert urls and all(u.startswith("/") for u in urls), urls
    css = client.get("/assets/vendor/bootstrap.min.css").get_data(as_text=True)
    assert "Bootstrap" in css[:300] and "Licensed under MIT" in css[:300]
    assert "@import" not in css and "fonts.googleapis" not in css
    own = client.get("/assets/lab.css").get_data(as_text=True)
    assert "url(" not in own and "@import" not in own


def test_the_diagram_lists_connections_in_the_order_of_w():
    sizes = [2, 4, 4, 1]
    fig = figures.network_figure(sizes)
    meta = fig["layout"]["meta"]
    shapes = fig["layout"]["shapes"]
    assert meta["edges"] == len(shapes) == 2 * 4 + 4 * 4 + 4 * 1
    labels = fig["data"][meta["labels"]]["customdata"]
    # Connection k of layer l joins neuron i of layer l-1 to neuron j of layer l,
    # walking W(l) row by row: k = offset + j * n_(l-1) + i.
    pos = figures.neuron_positions(sizes)
    for shape, (layer, j, i) in zip(shapes, labels, strict=True):
        assert (shape["x0"], shape["y0"]) == pos[layer - 1][i]
        assert (shape["x1"], shape["y1"]) == pos[layer][j]
    assert [c[0] for c in labels] == sorted(c[0] for c in labels)
    assert len(fig["data"][meta["neurons"]]["x"]) == sum(sizes)


def test_initial_state_round_trips_through_the_readers():
    fresh = views.fresh_start(state.DEFAULT_CONFIG, run=0)
    ns = state.read_setup(state.DEFAULT_CONFIG, fresh["net_state"], 0.0, 0).net_state
    assert ns.step == 0 and ns.run == 0
    assert len(fresh["data"]["X"]) == 160  # 200 points, 20% held out for testing
    assert len(fresh["view"]["surface"]) == len(fresh["data"]["grid_y"])


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.123456, 0.1235), (-1.5e-7, -1.5e-7), (123456.0, 123500.0), (0.0, 0.0)],
)
def test_display_rounding_keeps_four_significant_digits(value, expected):
    assert views.sig(value) == expected
