"""The occurrences of a pair's agreed series, as the invite's RRULE makes them: the first start's
wall-clock time in the organiser's zone, every cadence period (so 10:00 stays 10:00 across a
DST change), up to UNTIL. Aware UTC moments in and out."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from bot.clock import local, zone
from bot.services.cadence import CADENCE_WEEKS
from storage.models import MeetingTime


def _period(time: MeetingTime) -> timedelta:
    return timedelta(weeks=CADENCE_WEEKS.get(time.cadence, 2))


def _nth(time: MeetingTime, n: int) -> datetime:
    tz = zone(time.tz)
    wall = time.first_start.astimezone(tz).replace(tzinfo=None) + n * _period(time)
    return wall.replace(tzinfo=tz).astimezone(UTC)


def starts_from(time: MeetingTime, moment: datetime, *, bounded: bool = True) -> Iterator[datetime]:
    """The series' starts at or after `moment`, in order (to UNTIL unless not `bounded`)."""
    n = max(0, (moment - time.first_start) // _period(time) - 1)
    while True:
        start = _nth(time, n)
        if bounded and time.until is not None and start > time.until:
            return
        if start >= moment:
            yield start
        n += 1


def last_before(time: MeetingTime, moment: datetime) -> datetime | None:
    """The last start strictly before `moment`; None when the series begins later."""
    last = None
    for n in range(max(0, (moment - time.first_start) // _period(time) - 1), 1 << 20):
        start = _nth(time, n)
        if start >= moment or (time.until is not None and start > time.until):
            return last
        last = start
    return last  # pragma: no cover


def first_after(time: MeetingTime, moment: datetime, *, bounded: bool = True) -> datetime | None:
    """The first start strictly after `moment` (`bounded`: None past UNTIL)."""
    return next((s for s in starts_from(time, moment, bounded=bounded) if s > moment), None)


def on_day(time: MeetingTime, day: date, tz: str | None) -> datetime | None:
    """The start that falls on `day` in the zone `tz` (the mentee's calendar, where the
    scheduler plans), if the series has one that day."""
    around = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(days=1)
    for start in starts_from(time, around):
        found = local(start, tz).date()
        if found == day:
            return start
        if found > day:
            return None
    return None


def same_time_on(time: MeetingTime, day: date, tz: str | None) -> datetime:
    """The series' time of day (on the organiser's clock) on the day that is `day` in `tz`:
    where a resumed series starts again when the scheduler plans its next meeting that day."""
    organiser = zone(time.tz)
    clock = time.first_start.astimezone(organiser).time()
    for offset in (0, -1, 1):
        wall = datetime.combine(day + timedelta(days=offset), clock, tzinfo=organiser)
        if local(wall, tz).date() == day:
            return wall.astimezone(UTC)
    return datetime.combine(day, clock, tzinfo=organiser).astimezone(UTC)  # pragma: no cover
