"""The occurrences of a pair's agreed series, as the invite's RRULE makes them: every N weeks on
the organiser's wall clock (in the zone the time was agreed in), a skipped one left out and a
moved one at its new time. What the scheduler plans its meeting messages on, and what the
people read their times from; and the rule's own starts (starts_from, last_before, first_after,
on_day, same_time_on) that a pause, a resume, a skip or a move are computed from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.clock import as_utc, local, zone
from bot.services.cadence import CADENCE_WEEKS
from storage.models import MeetingTime, MeetingTimeChange

LOOK_AHEAD = timedelta(weeks=60)  # how far ahead a caller looks by default


@dataclass(frozen=True)
class Occurrence:
    """One meeting of the series (aware UTC): `original` is its RECURRENCE-ID, the start the
    RRULE gave it, which differs from `start` when it was moved."""

    start: datetime
    end: datetime
    original: datetime


def _nth_start(first_wall: datetime, tz_name: str, weeks: int, n: int) -> datetime:
    """The n-th start of the rule: the same wall-clock time, n periods on (DST-correct)."""
    wall = first_wall + timedelta(weeks=weeks * n)
    return as_utc(wall.replace(tzinfo=zone(tz_name)))


def series_starts(
    first_start: datetime, tz_name: str, cadence: str, *, after: datetime
) -> Iterator[datetime]:
    """The RRULE's starts (no exceptions) later than `after`, in order, as UTC moments."""
    weeks = CADENCE_WEEKS.get(cadence, 2)
    first_wall = as_utc(first_start).astimezone(zone(tz_name)).replace(tzinfo=None)
    # Jump close to `after` rather than walk from the first: a wall clock moves an hour at most.
    periods = (as_utc(after) - as_utc(first_start)) // timedelta(weeks=weeks)
    n = max(0, int(periods) - 1)
    while True:
        start = _nth_start(first_wall, tz_name, weeks, n)
        if start > after:
            yield start
        n += 1


def upcoming(
    time: MeetingTime,
    changes: Sequence[MeetingTimeChange] = (),
    *,
    after: datetime,
    within: timedelta = LOOK_AHEAD,
) -> list[Occurrence]:
    """The series' occurrences that start after `after` and within `within` of it, in order of
    their start (skipped ones left out, moved ones at their new time), up to the end a pause
    gave it; none unless the time is agreed."""
    if time.status != "agreed":
        return []
    after = as_utc(after)
    length = timedelta(minutes=time.length_minutes)
    skipped = {as_utc(c.original_start) for c in changes if c.new_start is None}
    moved = {as_utc(c.original_start): as_utc(c.new_start) for c in changes if c.new_start}
    # A moved occurrence may start after `after` though its original was before: look back.
    since = after - timedelta(weeks=CADENCE_WEEKS.get(time.cadence, 2) + 1)
    last = after + within
    if time.until is not None:
        last = min(last, as_utc(time.until))
    found = []
    for original in series_starts(time.first_start, time.tz, time.cadence, after=since):
        if original > last:
            break
        if original in skipped:
            continue
        start = moved.get(original, original)
        found.append(Occurrence(start, start + length, original))
    return sorted((o for o in found if o.start > after), key=lambda o: o.start)


def _nth(time: MeetingTime, n: int) -> datetime:
    """The n-th start of the rule (no exceptions), as a UTC moment."""
    first_wall = as_utc(time.first_start).astimezone(zone(time.tz)).replace(tzinfo=None)
    return _nth_start(first_wall, time.tz, CADENCE_WEEKS.get(time.cadence, 2), n)


def _period(time: MeetingTime) -> timedelta:
    return timedelta(weeks=CADENCE_WEEKS.get(time.cadence, 2))


# --- the rule's own starts, for the changes a person makes (pause, resume, skip, move) ---------


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
