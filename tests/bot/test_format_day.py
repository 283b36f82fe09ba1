"""The one date formatter: weekday, day and month; the year only beyond about six months."""

from __future__ import annotations

from datetime import date

from bot.clock import format_day

TODAY = date(2026, 12, 1)


def test_near_days_have_no_year_and_no_leading_zero() -> None:
    assert format_day(date(2026, 12, 8), today=TODAY) == "Tuesday 8 December"
    assert format_day(date(2027, 5, 31), today=TODAY) == "Monday 31 May"
    assert format_day(date(2026, 6, 1), today=TODAY) == "Monday 1 June"


def test_far_days_say_their_year_both_ways() -> None:
    assert format_day(date(2099, 1, 1), today=TODAY) == "Thursday 1 January 2099"
    assert format_day(date(2027, 6, 30), today=TODAY) == "Wednesday 30 June 2027"
    assert format_day(date(2026, 5, 1), today=TODAY) == "Friday 1 May 2026"
