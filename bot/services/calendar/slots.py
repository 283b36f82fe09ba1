"""Three meeting times on a pair's meeting day, inside the working hours both people share,
each shown in the reader's own zone (DST-correct: every moment is aware UTC, converted only to
be read)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.clock import local
from bot.services import cadence

SLOT_LENGTH = timedelta(minutes=30)
STEP = timedelta(minutes=30)  # starts fall on the organiser's hour and half hour


@dataclass(frozen=True)
class Slot:
    start: datetime  # aware UTC
    end: datetime

    def in_working_hours(self, tz_name: str | None) -> bool:
        """Whether the whole slot is inside this person's working hours on their own day."""
        window = cadence.working_window(local(self.start, tz_name).date(), tz_name)
        return window is not None and window[0] <= self.start and self.end <= window[1]


def propose(
    day: date,
    organiser_tz: str | None,
    other_tz: str | None,
    *,
    count: int = 3,
    length: timedelta = SLOT_LENGTH,
) -> list[Slot]:
    """Up to `count` slots on the organiser's `day`, spread over the working hours the two
    share (early, middle, late); none on a weekend. When their hours never meet, the slots
    lie in the organiser's hours and `in_working_hours` says so for the other."""
    window = cadence.pair_window(day, organiser_tz, other_tz)
    if window is None:
        return []
    starts = _starts(window[0], window[1], organiser_tz, length)
    return [Slot(s, s + length) for s in _spread(starts, count)]


def _starts(
    begin: datetime, end: datetime, tz_name: str | None, length: timedelta
) -> list[datetime]:
    """Every start on the organiser's hour or half hour from `begin` with the slot ending by
    `end`. Rounding happens on the organiser's wall clock: a Kathmandu (UTC+5:45) organiser
    gets 10:00 and 10:30, their reader in London 04:15 and 04:45."""
    wall = local(begin, tz_name)
    past = timedelta(minutes=wall.minute % 30, seconds=wall.second, microseconds=wall.microsecond)
    first = begin if not past else begin + (STEP - past)
    starts = []
    moment = first
    while moment + length <= end:
        starts.append(moment)
        moment += STEP
    return starts


def _spread(starts: list[datetime], count: int) -> list[datetime]:
    if len(starts) <= count:
        return starts
    if count == 1:
        return [starts[len(starts) // 2]]
    last = len(starts) - 1
    return [starts[round(i * last / (count - 1))] for i in range(count)]


def label(slot: Slot, tz_name: str | None, *, today: date) -> str:
    """ "Tuesday 8 December, 10:00-10:30 NZDT" on the reader's own clock (the year only when it
    is not this year's)."""
    start, end = local(slot.start, tz_name), local(slot.end, tz_name)
    day = f"{start:%A} {start.day} {start:%B}"
    if start.year != today.year:
        day += f" {start.year}"
    return f"{day}, {start:%H:%M}-{end:%H:%M} {start.tzname() or ''}".rstrip()
