"""Meeting days of a pair from its cadence and weekday (dates in the pair's calendar)."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from bot.clock import as_utc, local, zone

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
    first = (
        anchor if anchor.weekday() == weekday else first_meeting_on(weekday=weekday, after=anchor)
    )
    return count_meeting_days(
        first=first.toordinal(),
        period=period_days(cadence),
        first_day=first_day.toordinal(),
        last_day=last_day.toordinal(),
    )


def period_days(cadence: str) -> int:
    return 7 * CADENCE_WEEKS.get(cadence, 2)


def count_meeting_days(*, first: int, period: int, first_day: int, last_day: int) -> int:
    """meeting_days_between on day ordinals: meetings on `first` and every `period` days after,
    counted in [first_day, last_day]. Integer arithmetic only: a summary counts thousands."""
    if last_day < first_day:
        return 0
    start = first if first_day <= first else first + -(-(first_day - first) // period) * period
    return 0 if start > last_day else (last_day - start) // period + 1


# --- working hours: when a scheduled message may arrive ---------------------------------------

WORK_START = time(8, 0)
WORK_END = time(18, 0)
PULSE_EVERY = timedelta(weeks=5)  # "every 4-6 weeks"
PERIOD_DAYS: dict[str, int] = {name: 7 * weeks for name, weeks in CADENCE_WEEKS.items()}


def working_window(day: date, tz_name: str | None) -> tuple[datetime, datetime] | None:
    """08:00-18:00 of that local day as UTC moments (DST-correct), or None on a weekend."""
    if day.weekday() >= 5:
        return None
    tz = zone(tz_name)
    start = datetime.combine(day, WORK_START, tzinfo=tz)
    end = datetime.combine(day, WORK_END, tzinfo=tz)
    return as_utc(start), as_utc(end)


def pair_window(
    day: date, mentee_tz: str | None, mentor_tz: str | None
) -> tuple[datetime, datetime] | None:
    """The part of the mentee's working `day` that is also inside the mentor's working hours;
    the mentee's whole working day when the two never overlap."""
    own = working_window(day, mentee_tz)
    if own is None or mentor_tz is None:
        return own
    for offset in (-1, 0, 1):  # the mentor's calendar may be a day ahead or behind
        other = working_window(day + timedelta(days=offset), mentor_tz)
        if other is None:
            continue
        start, end = max(own[0], other[0]), min(own[1], other[1])
        if start < end:
            return start, end
    return own


def next_send_moment(after: datetime, tz_name: str | None, other_tz: str | None = None) -> datetime:
    """The earliest moment at or after `after` inside working hours (of both people where
    their hours overlap, else of the first)."""
    after = as_utc(after)
    day = local(after, tz_name).date() - timedelta(days=1)
    for _ in range(10):
        window = pair_window(day, tz_name, other_tz)
        if window is not None and after < window[1]:
            return max(after, window[0])
        day += timedelta(days=1)
    raise AssertionError("a working window exists within ten days")  # pragma: no cover


def is_send_moment(moment: datetime, tz_name: str | None, other_tz: str | None = None) -> bool:
    """True when `moment` is inside the working window of the person (or pair)."""
    return next_send_moment(moment, tz_name, other_tz) == as_utc(moment)


def first_send_on(day: date, tz_name: str | None, other_tz: str | None = None) -> datetime:
    """The start of the working window on that local day (or the next working day)."""
    start = datetime.combine(day, time(0, 0), tzinfo=zone(tz_name))
    return next_send_moment(as_utc(start), tz_name, other_tz)


def group_window(day: date, tz_names: Sequence[str | None]) -> tuple[datetime, datetime] | None:
    """The part of the first person's working `day` (a circle's mentor) inside everyone's
    working hours; the first person's whole working day when the group shares none."""
    own = working_window(day, tz_names[0])
    if own is None:
        return None
    start, end = own
    for tz_name in tz_names[1:]:
        shared = None
        for offset in (-1, 0, 1):  # their calendar may be a day ahead or behind
            other = working_window(day + timedelta(days=offset), tz_name)
            if other is not None and max(start, other[0]) < min(end, other[1]):
                shared = max(start, other[0]), min(end, other[1])
                break
        if shared is None:
            return own
        start, end = shared
    return start, end


def next_group_moment(after: datetime, tz_names: Sequence[str | None]) -> datetime:
    """The earliest moment at or after `after` inside the group's shared working hours."""
    after = as_utc(after)
    day = local(after, tz_names[0]).date() - timedelta(days=1)
    for _ in range(10):
        window = group_window(day, tz_names)
        if window is not None and after < window[1]:
            return max(after, window[0])
        day += timedelta(days=1)
    raise AssertionError("a working window exists within ten days")  # pragma: no cover


def first_group_moment_on(day: date, tz_names: Sequence[str | None]) -> datetime:
    start = datetime.combine(day, time(0, 0), tzinfo=zone(tz_names[0]))
    return next_group_moment(as_utc(start), tz_names)


def local_day(moment: datetime, tz_name: str | None) -> date:
    return local(moment, tz_name).date()


MAX_PAUSE_MONTHS = 6


def latest_pause_end(today: date) -> date:
    """The last day a pause may run to: six months from today (the month's last day when
    that month is shorter, e.g. 31 August -> 28 February)."""
    month_index = today.month - 1 + MAX_PAUSE_MONTHS
    year, month = today.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def previous_workday(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def next_workday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def snooze_until(now: datetime, tz_name: str | None, days: int = 7) -> datetime:
    """The end of the person's local day `days` days from now: "a week" skips that day too."""
    day = local_day(now, tz_name) + timedelta(days=days + 1)
    return as_utc(datetime.combine(day, time(0, 0), tzinfo=zone(tz_name)))
