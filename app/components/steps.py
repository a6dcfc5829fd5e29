"""The four algorithm steps. The clientside animation lights each one as it
happens (class `is-active`, then `is-done`) and writes its numbers underneath."""

from __future__ import annotations

from dash import html

from app import content, ids


def algorithm_steps() -> html.Ol:
    items = []
    for n, (title, text) in enumerate(content.STEPS, start=1):
        items.append(
            html.Li(
                [
                    html.Span(str(n), className="bl-step-num"),
                    html.Div(
                        [
                            html.Div(title, className="bl-step-title"),
                            html.Div(text, className="bl-step-text"),
                            html.Div(id=ids.ALGO_DETAIL.format(n), className="bl-step-detail"),
                        ]
                    ),
                ],
                id=ids.ALGO_STEP.format(n),
                className=f"bl-step bl-step-{n}",
            )
        )
    return html.Ol(items, className="bl-steps", **{"aria-label": content.STEPS_TITLE})
