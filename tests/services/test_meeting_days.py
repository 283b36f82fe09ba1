"""Counting a pair's meeting days in a date range (expected check-ins in summaries)."""

from __future__ import annotations

from datetime import date

from bot.services.cadence import meeting_days_between

ANCHOR = date(2026, 9, 8)  # a Tuesday, the pair's first meeting


def count(cadence: str, first: str, last: str) -> int:
    return meeting_days_between(
        cadence=cadence,
        weekday=1,
        anchor=ANCHOR,
        first_day=date.fromisoformat(first),
        last_day=date.fromisoformat(last),
    )


def test_weekly_biweekly_monthly() -> None:
    assert count("weekly", "2026-11-02", "2026-11-30") == 4  # Tuesdays 3, 10, 17, 24
    assert count("biweekly", "2026-11-02", "2026-11-30") == 2  # 3 and 17 (8 Sep + 2n weeks)
    assert count("monthly", "2026-11-02", "2026-11-30") == 1  # 3 Nov (8 Sep + 8 weeks)


def test_edges() -> None:
    assert count("weekly", "2026-11-03", "2026-11-03") == 1  # both ends included
    assert count("weekly", "2026-11-04", "2026-11-09") == 0
    assert count("weekly", "2026-09-01", "2026-09-07") == 0  # before the first meeting
    assert count("weekly", "2026-11-30", "2026-11-02") == 0  # an empty range
