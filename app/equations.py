"""The page's prose and equations as HTML with MathML, made once when the app starts.

Typesetting TeX in the browser took MathJax, 2 MB (660 KB gzipped) on every first
visit. Browsers draw MathML themselves (MathML Core: Chromium 109+, Firefox,
Safari), so each equation is converted here, once, from the TeX in app/content.py
(latex2mathml), and the Markdown around it to HTML (Python-Markdown). The TeX
stays the one source of the notation.
"""

from __future__ import annotations

import re
from functools import cache

import markdown
from latex2mathml.converter import convert

_TEX = re.compile(r"\$\$(?P<display>.+?)\$\$|\$(?P<inline>[^$\n]+?)\$", re.DOTALL)
# Tokens Markdown leaves alone (letters and digits only) stand in for the equations.
_DISPLAY, _INLINE = "BLDISPLAY{}X", "BLINLINE{}X"
_DISPLAY_RE = re.compile(r"<p>BLDISPLAY(\d+)X</p>")
_INLINE_RE = re.compile(r"BLINLINE(\d+)X")
# latex2mathml writes TeX's named spaces; MathML Core takes lengths only.
_NAMED_SPACES = {'width="negativethinmathspace"': 'width="-0.1667em"'}
# σ' is written as σ with a superscript prime: the prime glyph already sits high, so
# as a superscript it shrinks to a speck. Beside its base it reads σ′, as in TeX.
_PRIME = re.compile(r"<msup>(<mi>[^<]+</mi>)(<mi>&#x02032;</mi>)</msup>")


def mathml(tex: str, *, display: bool) -> str:
    """One equation as a <math> element, block or inline."""
    out = convert(tex.strip(), display="block" if display else "inline")
    out = out.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "")  # implied in HTML
    for named, length in _NAMED_SPACES.items():
        out = out.replace(named, length)
    return _PRIME.sub(r"\1\2", out)


@cache
def to_html(text: str) -> str:
    """Markdown with $inline$ and $$display$$ TeX, as one HTML block.

    The result is handed to dcc.Markdown as raw HTML: Markdown ends a raw HTML
    block at a blank line, so it has none, and it sits in one <div>."""
    formulas: list[str] = []

    def stash(match: re.Match[str]) -> str:
        if match.group("display") is not None:
            formulas.append(mathml(match.group("display"), display=True))
            return "\n\n" + _DISPLAY.format(len(formulas) - 1) + "\n\n"
        formulas.append(mathml(match.group("inline"), display=False))
        return _INLINE.format(len(formulas) - 1)

    body = markdown.markdown(_TEX.sub(stash, text))
    # A display equation was a paragraph of its own: it takes the place of that <p>.
    body = _DISPLAY_RE.sub(lambda m: formulas[int(m.group(1))], body)
    body = _INLINE_RE.sub(lambda m: formulas[int(m.group(1))], body)
    body = re.sub(r"\n\s*\n", "\n", body).strip()
    return f'<div class="bl-prose">\n{body}\n</div>'
