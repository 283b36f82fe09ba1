"""The occurrences of a pair's agreed series, as the invite's RRULE makes them: every N weeks on
the organiser's wall clock (in the zone the time was agreed in), a skipped one left out and a
moved one at its new time. What the scheduler plans its meeting messages on, and what the
people read their times from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import as_utc, zone
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
