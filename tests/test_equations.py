"""Equations as MathML made once when the app starts (app/equations.py): every
equation of the page converts, in the page's own notation, with no TeX left over."""

from __future__ import annotations

import re

import pytest

from app import content, equations

PROSE = [
    content.CHAIN_RULE,
    content.FORWARD,
    content.BACKWARD,
    content.FOUNDATION_FORWARD,
    content.FOUNDATION_BACKWARD,
    *(text for _, text in content.CONCEPTS),
    content.WHY,
]


def test_every_equation_of_the_page_becomes_mathml():
    tex = [m.group(0) for text in PROSE for m in re.finditer(r"\$\$.+?\$\$|\$[^$]+\$", text, re.S)]
    html = [equations.to_html(text) for text in PROSE]
    assert len(tex) == sum(h.count("<math ") for h in html) >= 14
    assert not any("$" in h or "\\" in h for h in html)  # no TeX left for the browser


@pytest.mark.parametrize(
    ("symbol", "mathml"),
    [
        ("∂ (partial)", "<mo>&#x02202;</mo>"),
        ("⊙ (Hadamard product)", "<mo>&#x02299;</mo>"),
        ("⊤ (transpose)", "<mo>&#x022A4;</mo>"),
        ("σ′ (derivative)", "<mi>&#x003C3;</mi><mi>&#x02032;</mi>"),
        ("← (update)", "<mo>&#x02190;</mo>"),
        ("∇ with subscript a", "<msub><mo>&#x02207;</mo><mrow><mi>a</mi></mrow></msub>"),
        ("fractions", "<mfrac>"),
        ("layer superscripts (l)", '<mo stretchy="false">&#x00028;</mo><mi>l</mi>'),
        ("η (learning rate)", "<mi>&#x003B7;</mi>"),
    ],
)
def test_the_notation_of_the_page_is_kept(symbol, mathml):
    assert any(mathml in equations.to_html(text) for text in PROSE), symbol


def test_display_and_inline_equations_sit_where_the_text_put_them():
    html = equations.to_html(content.FOUNDATION_FORWARD)
    assert '<p>Pre-activation of layer <math display="inline">' in html
    assert '</p>\n<math display="block">' in html  # a display equation is its own block
    assert "<strong>Forward pass</strong>" in html


def test_the_html_is_one_raw_block_for_markdown():
    # dcc.Markdown ends a raw HTML block at a blank line: there must be none.
    for text in PROSE:
        html = equations.to_html(text)
        assert html.startswith('<div class="bl-prose">') and html.endswith("</div>")
        assert "\n\n" not in html and html.count("<div") == 1


def test_named_tex_spaces_become_lengths():
    out = equations.mathml(r"\sigma\!\left(z\right)", display=False)
    assert "negativethinmathspace" not in out and 'width="-0.1667em"' in out
