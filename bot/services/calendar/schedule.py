"""When a meeting's messages go once a pair agreed a time: the prompt on the occurrence's day
(for both readers, in the working hours they share, before it starts), the come-prepared
nudge the mentee's working day before, and each check-in once it has ended, on the reader's
next working day. Pairs without an agreed time keep the weekday rhythm (meeting_dates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.clock import local, local_midnight
from bot.services import cadence
from bot.services.calendar.occurrences import Occurrence, upcoming
from storage.models import MeetingTime
from storage.repositories import meeting_times as repo


@dataclass(frozen=True)
class AgreedMeeting:
    """The next occurrence of the agreed series the scheduler plans, and its day in the
    mentee's calendar (the day the scheduler's rows carry)."""

    occurrence: Occurrence
    day: date


def agreed_time(session: Session, *, pair_id: int) -> MeetingTime | None:
    """The pair's agreed series, when it has one that runs (not paused, not cancelled)."""
    time = repo.of_pair(session, pair_id=pair_id)
    return time if time is not None and time.status == "agreed" else None


def next_agreed(
    session: Session, *, pair_id: int, mentee_tz: str | None, last: date | None, now: datetime
) -> AgreedMeeting | None:
    """The first occurrence still to come on a working day of the mentee's after `last`; None
    when the pair agreed no time (or its series has no such occurrence ahead)."""
    time = agreed_time(session, pair_id=pair_id)
    if time is None:
        return None
    changes = repo.changes_of(session, pair_id=pair_id)
    for occurrence in upcoming(time, changes, after=now):
        day = local(occurrence.start, mentee_tz).date()
        if (last is None or day > last) and day.weekday() < 5:
            return AgreedMeeting(occurrence, day)
    return None


def prompt_due(meeting: AgreedMeeting, mentee_tz: str | None, mentor_tz: str | None) -> datetime:
    """The first moment of the working hours the two share that is on the occurrence's date on
    both their clocks and before it starts; when there is none, the start of the mentee's
    working hours that day (as without an agreed time)."""
    start = meeting.occurrence.start
    both_days_begun = max(
        local_midnight(local(start, tz).date(), tz) for tz in (mentee_tz, mentor_tz)
    )
    due = cadence.next_send_moment(both_days_begun, mentee_tz, mentor_tz)
    if due <= start and local(due, mentee_tz).date() == meeting.day:
        return due
    return cadence.first_send_on(meeting.day, mentee_tz, mentor_tz)


def prepare_due(meeting: AgreedMeeting, mentee_tz: str | None) -> datetime:
    """The start of the mentee's working day before the meeting's."""
    return cadence.first_send_on(cadence.previous_workday(meeting.day), mentee_tz)


def checkin_due(meeting: AgreedMeeting, tz: str | None) -> datetime:
    """The start of the reader's next working day after the meeting's end, on their clock."""
    ended_on = local(meeting.occurrence.end, tz).date()
    return cadence.first_send_on(cadence.next_workday(ended_on), tz)


def next_start(session: Session, *, pair_id: int, now: datetime) -> datetime | None:
    """When the pair's agreed series next meets (one under way counts until it ends), for each
    reader to see on their own clock; None without an agreed time."""
    time = agreed_time(session, pair_id=pair_id)
    if time is None:
        return None
    changes = repo.changes_of(session, pair_id=pair_id)
    coming = upcoming(time, changes, after=now - timedelta(minutes=time.length_minutes))
    return coming[0].start if coming else None


def occurrence_on(
    session: Session, *, pair_id: int, day: date, tz: str | None
) -> Occurrence | None:
    """The agreed series' occurrence on `day` in that zone's calendar (the day a meeting row
    carries, in the mentee's), or None: its start to show, its original for Skip and Move."""
    time = agreed_time(session, pair_id=pair_id)
    if time is None:
        return None
    changes = repo.changes_of(session, pair_id=pair_id)
    after = local_midnight(day, tz) - timedelta(seconds=1)
    for occurrence in upcoming(time, changes, after=after, within=timedelta(days=2)):
        if local(occurrence.start, tz).date() == day:
            return occurrence
    return None
    changes = repo.changes_of(session, pair_id=pair_id)
    after = local_midnight(day, tz) - timedelta(seconds=1)
    for occurrence in upcoming(time, changes, after=after, within=timedelta(days=2)):
        if local(occurrence.start, tz).date() == day:
            return occurrence.start
    return None
