"""Changes that reach a pair's calendar after the time was agreed: a pause ends the series (UNTIL
at the last meeting before it, or a cancellation when none came yet), a resume starts it again
on the scheduler's next meeting day, and one occurrence is skipped or moved (RECURRENCE-ID).
Each is one compare-and-set on SEQUENCE: a double click or a second replica changes nothing
twice, and the caller sends the invites only when `changed`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlmodel import Session

from bot.services import meeting_dates
from bot.services.calendar import occurrences
from bot.services.calendar.slots import Slot
from bot.services.meetings.pair_access import PairView, pair_view
from storage.models import MeetingTime, MeetingTimeChange, Pair, Person
from storage.repositories import meeting_times as repo

ChangeKind = Literal[
    "skipped", "moved", "unchanged", "raced", "past", "ended", "no_time", "not_on_series"
]


def _bump(session: Session, time: MeetingTime, now: datetime, **values: object) -> bool:
    assert time.id is not None
    won = repo.replace_if_sequence(
        session,
        row_id=time.id,
        expected_sequence=time.sequence,
        values={**values, "updated_at": now},
    )
    session.refresh(time)
    return won


def pause_series(session: Session, *, pair_id: int, now: datetime) -> MeetingTime | None:
    """The pair paused from `now`: the series keeps the meetings before (UNTIL the last one),
    or, when none came yet, is taken out of the calendar (a cancel) until the resume. Changes
    to meetings still to come go. The paused time, or None when nothing changed."""
    time = repo.of_pair(session, pair_id=pair_id)
    if time is None or time.status != "agreed":
        return None
    until = occurrences.last_before(time, now)
    repo.drop_changes_from(session, pair_id=pair_id, moment=now)
    return time if _bump(session, time, now, status="paused", until=until) else None


def resume_series(
    session: Session, view: PairView, *, now: datetime, next_day: date | None
) -> MeetingTime | None:
    """The pause ended: the series starts again at its time of day on `next_day` (the
    scheduler's next meeting, in the mentee's calendar), or at its next start after `now`.
    The resumed time, or None when it was not paused (or another process resumed it)."""
    time = repo.of_pair(session, pair_id=view.pair.id or 0)
    if time is None or time.status != "paused" or view.pair.status != "active":
        return None
    start = occurrences.same_time_on(time, next_day, view.mentee.tz) if next_day else None
    if start is None or start <= now:
        start = occurrences.first_after(time, now, bounded=False)
    values = {"status": "agreed", "until": None, "first_start": start}
    return time if _bump(session, time, now, **values) else None


@dataclass(frozen=True)
class OccurrenceChange:
    kind: ChangeKind
    time: MeetingTime | None = None
    original: datetime | None = None
    new_start: datetime | None = None
    # The people (ids) a moved meeting falls outside the working hours of: allowed, both told.
    outside_hours_of: tuple[int, ...] = ()


def change_occurrence(
    session: Session,
    view: PairView,
    *,
    original: datetime,
    new_start: datetime | None,
    person_id: int,
    now: datetime,
) -> OccurrenceChange:
    """Skip (`new_start` None) or move one occurrence of the pair's series; a stale click (the
    meeting has begun, the pair ended or paused, the series moved since) changes nothing."""
    if view.pair.status != "active":
        return OccurrenceChange("ended")
    time = repo.of_pair(session, pair_id=view.pair.id or 0)
    if time is None or time.status != "agreed":
        return OccurrenceChange("no_time")
    if original <= now or (new_start is not None and new_start <= now):
        return OccurrenceChange("past", time, original)
    if next(occurrences.starts_from(time, original), None) != original:
        return OccurrenceChange("not_on_series", time, original)
    change = repo.change_at(session, pair_id=time.pair_id, original_start=original)
    if change is not None and change.new_start == new_start:
        return OccurrenceChange("unchanged", time, original, new_start)
    if change is None:
        change = MeetingTimeChange(
            team_id=time.team_id, pair_id=time.pair_id, original_start=original, created_at=now
        )
    if not _bump(session, time, now):  # another change of the series got there first
        return OccurrenceChange("raced", time, original, new_start)
    # The winner of the compare-and-set holds the series row: no other change of this pair
    # runs until it commits, so the change row is written alone.
    change.new_start, change.changed_by_id, change.created_at = new_start, person_id, now
    session.add(change)
    if new_start is None:
        return OccurrenceChange("skipped", time, original)
    moved = Slot(new_start, new_start + timedelta(minutes=time.length_minutes))
    outside = tuple(
        p.id
        for p in (view.mentee, view.mentor)
        if p.id is not None and not moved.in_working_hours(p.tz)
    )
    return OccurrenceChange("moved", time, original, new_start, outside)


def upcoming_on(session: Session, *, pair_id: int, day: date, tz: str | None) -> datetime | None:
    """The start of the pair's agreed series on its meeting day `day` (the mentee's calendar),
    when it has one: what a meeting prompt's Skip this week and Move this one change."""
    time = repo.of_pair(session, pair_id=pair_id)
    if time is None or time.status != "agreed":
        return None
    return occurrences.on_day(time, day, tz)


def restart_lifted_pauses(session: Session, *, now: datetime, limit: int) -> list[PairView]:
    """Series still paused whose pair the scheduler made active again (its pause ran out):
    each starts again on the pair's next meeting day. The pairs whose invites to send."""
    restarted = []
    for time in repo.paused_of_active_pairs(session, limit=limit):
        pair = session.get(Pair, time.pair_id)
        mentee = session.get(Person, pair.mentee_id) if pair else None
        if pair is None or mentee is None:
            continue
        view = pair_view(session, team_id=pair.team_id, pair_id=time.pair_id, person=mentee)
        next_day = meeting_dates.next_meeting(session, pair, now=now)
        if resume_series(session, view, now=now, next_day=next_day) is not None:
            restarted.append(view)
    return restarted
