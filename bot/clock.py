"""Time in one place: clocks that services take, and timezone helpers.

Everything stored or compared is an aware UTC datetime; a person's zone is used only to
parse what they typed and to format what they read.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment as an aware UTC datetime."""
        ...


class SystemClock:
    """The wall clock; the only production source of "now"."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to, for tests and the playground."""

    def __init__(self, start: datetime) -> None:
        self._now = as_utc(start)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = as_utc(moment)

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now


def as_utc(moment: datetime) -> datetime:
    """Return an aware UTC datetime; naive values are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def zone(name: str | None) -> tzinfo:
    """The tz database zone of that name, or UTC when it is missing or unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def local(moment: datetime, tz_name: str | None) -> datetime:
    """The same instant seen in the person's zone."""
    return as_utc(moment).astimezone(zone(tz_name))


def parse_iso(value: str) -> datetime:
    """Parse an ISO-8601 moment; a value without an offset is read as UTC."""
    return as_utc(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))


WORK_START_HOUR = 8
WORK_END_HOUR = 18


def utc_offset_hours(tz_name: str | None, at: datetime) -> float:
    """The zone's offset from UTC at that instant, in hours (DST-aware)."""
    offset = local(at, tz_name).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else 0.0


def hours_apart(tz_a: str | None, tz_b: str | None, at: datetime) -> float:
    """How far apart two people's clocks are at that instant, the short way round (0-12)."""
    diff = abs(utc_offset_hours(tz_a, at) - utc_offset_hours(tz_b, at)) % 24
    return min(diff, 24 - diff)


def working_hours_overlap(tz_a: str | None, tz_b: str | None, at: datetime) -> float:
    """Hours of 08:00-18:00 local working time two people share on a day around `at` (0-10)."""
    shift = utc_offset_hours(tz_a, at) - utc_offset_hours(tz_b, at)
    best = 0.0
    # The other person's window, seen on my clock, on their previous, same or next day.
    for day in (-24.0, 0.0, 24.0):
        start = max(WORK_START_HOUR, WORK_START_HOUR + shift + day)
        end = min(WORK_END_HOUR, WORK_END_HOUR + shift + day)
        best = max(best, end - start)
    return best


def local_midnight(day: date, tz_name: str | None) -> datetime:
    """The UTC instant at which `day` begins in that zone (the start of a local day)."""
    return as_utc(datetime.combine(day, time(0, 0), tzinfo=zone(tz_name)))


def iso_week_key(day: date) -> str:
    """The ISO year and week of a calendar date, as "2026-W49"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(day: date) -> date:
    """The Monday of the ISO week `day` falls in."""
    return day - timedelta(days=day.weekday())


def weekly_moment(now: datetime, tz_name: str | None, *, weekday: int, minute: int) -> datetime:
    """This ISO week's `weekday` at `minute` after local midnight, in that zone, as UTC."""
    today = local(now, tz_name).date()
    day = week_start(today) + timedelta(days=weekday)
    wall = datetime.combine(day, time(minute // 60, minute % 60))
    return as_utc(wall.replace(tzinfo=zone(tz_name)))


# Beyond about six months a weekday and a month no longer say which year is meant.
YEAR_SHOWN_AFTER = timedelta(days=183)


def format_day(day: date, *, today: date) -> str:
    """A calendar day as people read it ("Tuesday 8 December"); the year is added when the
    day is more than about six months from `today` ("Thursday 1 January 2099")."""
    text = f"{day:%A} {day.day} {day:%B}"
    return f"{text} {day.year}" if abs(day - today) > YEAR_SHOWN_AFTER else text


def format_weekly_time(moment: datetime, tz_name: str | None) -> str:
    """A repeating meeting's weekday and time on the reader's own clock ("Tuesdays 10:00";
    Kathmandu's 14:45 and Adelaide's 19:30 as they are)."""
    seen = local(moment, tz_name)
    return f"{seen:%A}s {seen:%H:%M}"
