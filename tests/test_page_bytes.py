"""What the page loads, in headless Chromium (dash_duo): Plotly's partial bundle
instead of the full plotly.min.js, no MathJax, and equations drawn as MathML."""

from __future__ import annotations

from dash.testing.wait import until

from app.factory import create_app

RESOURCES = "return performance.getEntriesByType('resource').map(e => e.name)"
MATHML = """
return [...document.querySelectorAll('.bl-md math')].map(m => {
  const box = m.getBoundingClientRect();
  const display = m.getAttribute('display');
  return {ns: m.namespaceURI, width: box.width, height: box.height, display};
});
"""


def test_the_page_loads_only_what_it_draws_and_draws_equations_as_mathml(dash_duo):
    dash_duo.start_server(create_app())
    dash_duo.wait_for_text_to_equal("#step-count", "0", timeout=10)
    run = dash_duo.driver.execute_script
    until(lambda: run("return !!window.BackpropLab?.draw?.graph()"), 10)
    until(lambda: len(dash_duo.find_elements(".bl-md math")) >= 14, 10)

    urls = run(RESOURCES)
    assert any("plotly-cartesian.min.js" in u for u in urls)
    assert not any("plotly.min.js" in u for u in urls)  # Dash's full 4.8 MB bundle
    assert not any("mathjax" in u.lower() for u in urls)
    assert run("return typeof Plotly.react") == "function"
    assert run("return !!document.querySelector('.main-svg .heatmaplayer')")  # heatmap drawn

    equations = run(MATHML)
    assert all(e["ns"] == "http://www.w3.org/1998/Math/MathML" for e in equations)
    assert all(e["width"] > 0 and e["height"] > 0 for e in equations)  # the browser drew them
    assert sum(e["display"] == "block" for e in equations) >= 8
    assert dash_duo.find_elements("mjx-container") == []
    assert dash_duo.get_logs() == []
