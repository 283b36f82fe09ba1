"""The meetings-per-week PNG, with matplotlib and as if it were not installed."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from bot.services.summaries import charts
from bot.services.summaries.figures import Figure, WeekMeetings

WEEKS = [
    WeekMeetings(date(2026, 11, 2), Figure(12, 9)),
    WeekMeetings(date(2026, 11, 9), Figure(3, 2)),
    WeekMeetings(date(2026, 11, 16), Figure(20, 14)),
]


def test_png_with_matplotlib() -> None:
    pytest.importorskip("matplotlib")
    png = charts.meetings_per_week_png(WEEKS, title="Meetings per week")
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert charts.chart_available()


def test_no_chart_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import matplotlib...` raise ImportError, as if not installed.
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    assert charts.meetings_per_week_png(WEEKS, title="x") is None
    assert not charts.chart_available()


def test_no_weeks_no_chart() -> None:
    assert charts.meetings_per_week_png([], title="x") is None
