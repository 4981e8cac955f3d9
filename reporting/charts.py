"""Charts as inline SVG (matplotlib, Agg): no script, no file beside the report.
Every chart's numbers are also in a table next to it (for screen readers, and to
copy); the SVG is marked as an image with a text alternative."""

from __future__ import annotations

import io
import re
from typing import List, Optional, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams.update(
    {"svg.hashsalt": "jtpd-report", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False}
)
BLUE, GREY = "#0b3d91", "#6b7280"
_IDS = re.compile(r'(\bid="|url\(#|href="#)')


def _svg(figure, chart_id: str, description: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = _IDS.sub(lambda m: f"{m.group(1)}{chart_id}-", svg)  # unique ids per page
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    label = description.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" focusable="false" ', 1)


def bar_chart(
    chart_id: str,
    labels: Sequence[str],
    values: Sequence[float],
    description: str,
    horizontal: bool = False,
    ylabel: Optional[str] = None,
) -> str:
    height = max(2.0, 0.28 * len(labels) + 0.8) if horizontal else 2.6
    figure, axes = plt.subplots(figsize=(7.5, height))
    if horizontal:
        axes.barh(list(labels)[::-1], list(values)[::-1], color=BLUE)
    else:
        axes.bar(list(labels), list(values), color=BLUE)
        if len(labels) > 16:
            step = max(1, len(labels) // 12)
            axes.set_xticks(range(0, len(labels), step))
            axes.set_xticklabels(list(labels)[::step], rotation=45, ha="right")
    if ylabel:
        axes.set_ylabel(ylabel)
    return _svg(figure, chart_id, description)


def line_chart(
    chart_id: str,
    labels: Sequence[str],
    values: Sequence[Optional[float]],
    description: str,
    ylabel: str,
    percent: bool = False,
) -> str:
    figure, axes = plt.subplots(figsize=(7.5, 2.6))
    points: List[Optional[float]] = [None if v is None else (100 * v if percent else v) for v in values]
    xs = [i for i, v in enumerate(points) if v is not None]
    axes.plot(xs, [points[i] for i in xs], marker="o", markersize=3, color=BLUE)
    step = max(1, len(labels) // 12)
    axes.set_xticks(range(0, len(labels), step))
    axes.set_xticklabels(list(labels)[::step], rotation=45, ha="right")
    axes.set_ylabel(ylabel)
    if percent:
        axes.set_ylim(0, 100)
    return _svg(figure, chart_id, description)
