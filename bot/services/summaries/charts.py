"""A small PNG of meetings per week. matplotlib is optional (extra `chart`): without it there is
no chart and the summary goes out with its numbers alone."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

from bot.services.summaries.figures import PRIVACY_MINIMUM, WeekMeetings

logger = logging.getLogger("mentorbot.charts")

BAR = "#4A154B"
GREY = "#DDDDDD"


def chart_available() -> bool:
    """True when matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def meetings_per_week_png(weeks: Sequence[WeekMeetings], *, title: str) -> bytes | None:
    """The chart as PNG bytes, or None without matplotlib or without any week to draw.

    A hidden week (Figure.visible is false) gets a grey "hidden" stub, not its count.
    """
    if not weeks:
        return None
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        logger.info("matplotlib is not installed; sending the summary without a chart")
        return None
    # Figure + Agg canvas, not pyplot: no global state, safe in listener threads.
    figure = Figure(figsize=(6, 2.6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [w.week_start.strftime("%d %b") for w in weeks]
    shown = [float(w.meetings.value or 0) if w.meetings.visible else 0.0 for w in weeks]
    stub = max(max(shown, default=0.0) * 0.05, 0.2)
    heights = [value if w.meetings.visible else stub for value, w in zip(shown, weeks, strict=True)]
    colors = [BAR if w.meetings.visible else GREY for w in weeks]
    bars = axes.bar(labels, heights, color=colors)
    for bar, week in zip(bars, weeks, strict=True):
        note = f"{int(week.meetings.value or 0)}" if week.meetings.visible else "hidden"
        axes.annotate(
            note,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )
    axes.set_title(title, fontsize=10)
    axes.set_ylabel("meetings")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    footnote = (
        f"hidden: a week about fewer than {PRIVACY_MINIMUM} people, or one that would give it away"
    )
    figure.text(0.01, 0.01, footnote, fontsize=7, color="#666666")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
