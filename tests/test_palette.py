"""The diagram's colours can be told apart: a gradient (red, backward) is never taken
for a negative weight, in the standard palette and in the colour-blind one, there
also as seen with each common colour-vision deficiency. Distances are CIE76 ΔE in
CIELAB (about 2.3 is the smallest difference a viewer notices side by side)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from app import figures, palette, rules

ASSETS = Path(__file__).resolve().parent.parent / "assets"

# Machado, Oliveira and Fernandes (2009), severity 1.0, on linear RGB.
DEFICIENCIES = {
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ linear / WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _rgb(text: str) -> np.ndarray:
    return np.array([float(v) for v in text.split(",")])


def delta_e(a: str, b: str, seen_as: str | None = None) -> float:
    la, lb = _linear(_rgb(a)), _linear(_rgb(b))
    if seen_as:
        m = np.array(DEFICIENCIES[seen_as])
        la, lb = np.clip(m @ la, 0, 1), np.clip(m @ lb, 0, 1)
    return float(np.linalg.norm(_lab(la) - _lab(lb)))


def test_the_old_reds_would_fail_these_checks():
    # The gradient red and the burnt-orange negative weight the diagram used to have.
    assert delta_e("220, 38, 38", "194, 65, 12") < 40
    assert delta_e("213, 94, 0", "230, 159, 0", "deuteranopia") < 30


@pytest.mark.parametrize("name", sorted(palette.PALETTES))
def test_a_gradient_is_never_taken_for_a_weight(name):
    c = palette.PALETTES[name]["colours"]
    assert delta_e(c["backward"], c["neg"]) >= 40
    assert delta_e(c["backward"], c["pos"]) >= 40
    assert delta_e(c["pos"], c["neg"]) >= 40  # a weight's sign
    assert delta_e(c["forward"], c["backward"]) >= 40  # the two passes


@pytest.mark.parametrize("seen_as", sorted(DEFICIENCIES))
def test_the_colour_blind_palette_keeps_gradients_apart_for_every_deficiency(seen_as):
    c = palette.PALETTES["colourblind"]["colours"]
    assert delta_e(c["backward"], c["neg"], seen_as) >= 30
    assert delta_e(c["backward"], c["pos"], seen_as) >= 30
    assert delta_e(c["forward"], c["backward"], seen_as) >= 30
    # A weight's sign may be close in colour: it is dashed as well.
    assert palette.PALETTES["colourblind"]["dash_negative"] is True


def _css_vars(path: Path, selector: str) -> dict[str, str]:
    text = path.read_text()
    block = text[text.index(selector) :]
    block = block[: block.index("}")]
    return dict(re.findall(r"--bl-(\w+):\s*(#[0-9a-fA-F]{6})", block))


@pytest.mark.parametrize(
    ("name", "css", "selector"),
    [("standard", "lab.css", ":root"), ("colourblind", "a11y.css", "html.bl-palette-cb")],
)
def test_the_legend_shows_the_colours_the_diagram_draws(name, css, selector):
    found = _css_vars(ASSETS / css, selector)
    for key, rgb in palette.PALETTES[name]["colours"].items():
        assert found[key].lower() == palette.hex_of(rgb), key


def test_the_page_gets_both_palettes_and_the_neuron_fill_follows_the_signs():
    sent = rules.browser_rules()["palettes"]
    assert set(sent) == {"standard", "colourblind"}
    for p in sent.values():
        assert p["activation"][0][1] == palette.hex_of(p["colours"]["neg"])
        assert p["activation"][-1][1] == palette.hex_of(p["colours"]["pos"])
    assert sent["standard"]["activation"] == figures.ACTIVATION_SCALE
