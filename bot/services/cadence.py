"""Meeting days of a pair from its cadence and weekday (dates in the pair's calendar)."""

from __future__ import annotations

from datetime import date, timedelta

CADENCES: dict[str, str] = {
    "weekly": "every week",
    "biweekly": "every two weeks",
    "monthly": "every four weeks",
}
# Monthly is every four weeks so the meeting stays on the chosen weekday.
CADENCE_WEEKS: dict[str, int] = {"weekly": 1, "biweekly": 2, "monthly": 4}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def first_meeting_on(*, weekday: int, after: date) -> date:
    """The first day with that weekday strictly after `after`."""
    ahead = (weekday - after.weekday()) % 7 or 7
    return after + timedelta(days=ahead)


def next_meeting_on(*, cadence: str, weekday: int, anchor: date, today: date) -> date:
    """The next meeting day on or after `today`, counting cadence periods from `anchor`.

    `anchor` is the pair's first meeting day (see first_meeting_on).
    """
    period = 7 * CADENCE_WEEKS.get(cadence, 2)
    first = (
        anchor if anchor.weekday() == weekday else first_meeting_on(weekday=weekday, after=anchor)
    )
    if today <= first:
        return first
    periods = -(-(today - first).days // period)  # ceiling division
    return first + timedelta(days=periods * period)


def meeting_days_between(
    *, cadence: str, weekday: int, anchor: date, first_day: date, last_day: date
) -> int:
    """How many of a pair's meeting days fall in [first_day, last_day] (both included).

    Meeting days are those of next_meeting_on: every cadence period from the first meeting day.
    """
    if last_day < first_day:
        return 0
    first_meeting = next_meeting_on(
        cadence=cadence, weekday=weekday, anchor=anchor, today=first_day
    )
    if first_meeting > last_day:
        return 0
    period = 7 * CADENCE_WEEKS.get(cadence, 2)
    return (last_day - first_meeting).days // period + 1
