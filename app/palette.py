"""The diagram's colours, written once: the page's JavaScript gets them in the rules
block (assets/lab-palette.js reads `rules.palettes`), the legend's CSS variables
mirror them (tests/test_palette.py keeps the two the same).

The seed's convention holds in both palettes: signals travel forward in blue and
gradients backward in red. A weight's sign therefore never uses red: a negative
weight is fuchsia (standard) or reddish purple (colour-blind), so a red line on the
diagram is always a gradient. Colours are "r, g, b" strings, ready for rgba(...).
"""

from __future__ import annotations

from typing import Any

NEUTRAL_FILL = "#f8fafc"  # a = 0: neither sign

STANDARD = {
    "forward": "37, 99, 235",
    "backward": "220, 38, 38",
    "pos": "15, 118, 110",
    "neg": "162, 28, 175",
}
# Okabe and Ito's palette: told apart with every common colour-vision deficiency.
# Vermillion (gradients) and reddish purple (negative weights) stay apart under
# deuteranopia and protanopia, where vermillion and orange would not.
COLOURBLIND = {
    "forward": "0, 114, 178",
    "backward": "213, 94, 0",
    "pos": "0, 158, 115",
    "neg": "204, 121, 167",
}


# One colour per class on the data plot, classes 1 and 2 as the two-class shading's ends.
CLASSES = {
    "standard": [
        "162, 28, 175", "15, 118, 110", "202, 138, 4", "37, 99, 235",
        "234, 88, 12", "71, 85, 105", "22, 163, 74", "190, 24, 93",
    ],
    "colourblind": [
        "230, 159, 0", "0, 114, 178", "0, 158, 115", "204, 121, 167",
        "86, 180, 233", "213, 94, 0", "240, 228, 66", "0, 0, 0",
    ],
}  # fmt: skip


def hex_of(rgb: str) -> str:
    """'162, 28, 175' -> '#a21caf'."""
    return "#" + "".join(f"{int(v):02x}" for v in rgb.split(","))


def _scale(low: str, high: str) -> list[list[Any]]:
    return [[0.0, hex_of(low)], [0.5, NEUTRAL_FILL], [1.0, hex_of(high)]]


# Neuron fill (a in [−1, 1]) follows the weight signs' colours, as the legend does.
# The data shading in the colour-blind palette is orange against blue, the pair most
# readily told apart on large areas.
PALETTES: dict[str, dict[str, Any]] = {
    "standard": {
        "colours": STANDARD,
        "classes": CLASSES["standard"],
        "activation": _scale(STANDARD["neg"], STANDARD["pos"]),
        "surface": _scale(STANDARD["neg"], STANDARD["pos"]),
        "dash_negative": False,
    },
    "colourblind": {
        "colours": COLOURBLIND,
        "classes": CLASSES["colourblind"],
        "activation": _scale(COLOURBLIND["neg"], COLOURBLIND["pos"]),
        "surface": _scale("230, 159, 0", COLOURBLIND["forward"]),
        # the sign shows as a line style too, never by colour alone
        "dash_negative": True,
    },
}
