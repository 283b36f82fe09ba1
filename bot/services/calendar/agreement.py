"""A pair agreeing a meeting time: the slots offered, a pick (the first one wins; a pick made on
a time that changed meanwhile is refused and told the time that holds), and the series the
invites describe. The meeting weekday follows the agreed time in the mentee's calendar, so the
scheduler's prompts fall on the calendar's occurrences."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from sqlmodel import Session

from bot.clock import local, zone
from bot.services import meeting_dates
from bot.services.calendar.invites import Attendee, Moved, Series, uid_for
from bot.services.calendar.slots import Slot, propose
from bot.services.meetings.pair_access import PairView, pair_view
from storage.models import MeetingTime, Person
from storage.repositories import goals as goals_repo
from storage.repositories import meeting_times as repo

PickKind = Literal["agreed", "changed", "taken", "past"]


@dataclass(frozen=True)
class Offer:
    day: date  # the pair's next meeting day, in the mentee's calendar
    slots: list[Slot]
    sequence: int  # what a pick from this offer expects the agreed time's sequence to be


@dataclass(frozen=True)
class Picked:
    kind: PickKind
    time: MeetingTime | None
    # The people (ids) the time falls outside the working hours of: allowed, and both are told.
    outside_hours_of: tuple[int, ...] = field(default_factory=tuple)


def time_of(session: Session, *, pair_id: int) -> MeetingTime | None:
    """The pair's agreed time, if they agreed one."""
    return repo.of_pair(session, pair_id=pair_id)


def offer(session: Session, view: PairView, *, now: datetime) -> Offer:
    """Three slots on the next meeting day, in the hours the two share."""
    day = (
        meeting_dates.next_meeting(session, view.pair, now=now) or local(now, view.mentee.tz).date()
    )
    existing = repo.of_pair(session, pair_id=view.pair.id or 0)
    slots = [s for s in propose(day, view.mentee.tz, view.mentor.tz) if s.start > now]
    return Offer(day, slots, existing.sequence if existing else -1)


def pick(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    person: Person,
    start: datetime,
    expected_sequence: int,
    now: datetime,
    length: timedelta = timedelta(minutes=30),
) -> Picked:
    """`person` picks `start` for the pair (NotYours when they are not in it)."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if start <= now:
        return Picked("past", repo.of_pair(session, pair_id=pair_id))
    outside = tuple(
        p.id
        for p in (view.mentee, view.mentor)
        if p.id is not None and not Slot(start, start + length).in_working_hours(p.tz)
    )
    tz = person.tz or "UTC"
    existing = repo.of_pair(session, pair_id=pair_id)
    if existing is None:
        if expected_sequence != -1:
            return Picked("taken", None)
        row = MeetingTime(
            team_id=team_id,
            pair_id=pair_id,
            organiser_id=person.id or 0,
            tz=tz,
            first_start=start,
            length_minutes=int(length.total_seconds() // 60),
            cadence=view.pair.cadence,
            agreed_at=now,
            updated_at=now,
        )
        return _first(session, view, row, outside)
    values = {"organiser_id": person.id, "tz": tz, "first_start": start, "until": None}
    values |= {"status": "agreed", "cadence": view.pair.cadence, "updated_at": now}
    assert existing.id is not None
    if not repo.replace_if_sequence(
        session, row_id=existing.id, expected_sequence=expected_sequence, values=values
    ):
        session.refresh(existing)
        return Picked("taken", existing)
    session.refresh(existing)
    _follow(session, view, start)
    return Picked("changed", existing, outside)


def _first(session: Session, view: PairView, row: MeetingTime, outside: tuple[int, ...]) -> Picked:
    """The pair's first agreed time, unless another pick inserted one a moment ago."""
    if not repo.add_first(session, row=row):
        return Picked("taken", repo.of_pair(session, pair_id=row.pair_id))
    _follow(session, view, row.first_start)
    return Picked("agreed", row, outside)


def _follow(session: Session, view: PairView, start: datetime) -> None:
    """The meeting weekday becomes the agreed time's, in the mentee's calendar, and meetings
    already planned are planned again on the series' occurrences (their times change even when
    the day does not: a check-in goes once the meeting has ended)."""
    weekday = local(start, view.mentee.tz).weekday()
    if weekday != view.pair.meeting_weekday and weekday < 5:
        view.pair.meeting_weekday = weekday
        session.add(view.pair)
    meeting_dates.replan_meetings(session, pair_id=view.pair.id or 0)


def series_of(session: Session, view: PairView, time: MeetingTime, *, group_url: str) -> Series:
    """What the pair's invites say: in the organiser's zone, with the mentee's goals."""
    tz = zone(time.tz)
    # A peer pair has no roles: each brings goals, and neither is named the mentor.
    learners = (view.mentor, view.mentee) if view.peer else (view.mentee,)
    goals = [
        goal
        for learner in learners
        for goal in goals_repo.active_goal_texts(
            session, team_id=time.team_id, person_id=learner.id or 0
        )
    ]
    if view.peer:
        lines = [f"Peer mentoring: {_name(view.mentor)} and {_name(view.mentee)}."]
    else:
        lines = [f"Mentoring: {_name(view.mentor)} (mentor) and {_name(view.mentee)}."]
    if goals:
        lines.append("Goals: " + "; ".join(goals))
    changes = [  # a pause or resume leaves earlier changes outside the series: not sent
        c
        for c in repo.changes_of(session, pair_id=time.pair_id)
        if c.original_start >= time.first_start
        and (time.until is None or c.original_start <= time.until)
    ]
    organiser = view.mentor if time.organiser_id == view.mentor.id else view.mentee
    return Series(
        uid=uid_for(time.pair_id, time.team_id),
        sequence=time.sequence,
        summary=f"Mentoring: {_name(view.mentor)} and {_name(view.mentee)}",
        description="\n".join(lines),
        start=time.first_start.astimezone(tz),
        tz=time.tz,
        length=timedelta(minutes=time.length_minutes),
        cadence=time.cadence,
        organiser=attendee_of(organiser),
        attendees=(attendee_of(view.mentor), attendee_of(view.mentee)),
        until=time.until.astimezone(tz) if time.until else None,
        skipped=tuple(c.original_start.astimezone(tz) for c in changes if c.new_start is None),
        moved=tuple(
            Moved(c.original_start.astimezone(tz), c.new_start.astimezone(tz))
            for c in changes
            if c.new_start is not None
        ),
        url=group_url,
    )


def _name(person: Person) -> str:
    return person.display_name or "your mentoring partner"


def attendee_of(person: Person) -> Attendee:
    """A person in an invite. We know people by their Slack id, not their email: the address
    is the Slack user."""
    return Attendee(_name(person), f"urn:x-slack:{person.team_id}:{person.slack_user_id}")


def follow_cadence(session: Session, view: PairView, *, now: datetime) -> MeetingTime | None:
    """The pair's cadence or weekday changed: the agreed series follows (same time of day on the
    organiser's clock, the new weekday in the mentee's calendar), with a new SEQUENCE. The
    updated time, or None when there is none or nothing changed."""
    time = repo.of_pair(session, pair_id=view.pair.id or 0)
    if time is None or time.status != "agreed":
        return None
    weekday = local(time.first_start, view.mentee.tz).weekday()
    if time.cadence == view.pair.cadence and weekday == view.pair.meeting_weekday:
        return None
    ahead = (view.pair.meeting_weekday - weekday) % 7
    start = time.first_start.astimezone(zone(time.tz))
    start = start.replace(tzinfo=None) + timedelta(days=ahead)  # the same wall-clock time
    moved = start.replace(tzinfo=zone(time.tz))
    while moved <= now:
        moved += timedelta(weeks=1)
    time.first_start, time.cadence = moved, view.pair.cadence
    time.sequence, time.updated_at = time.sequence + 1, now
    session.add(time)
    return time


def cancel(session: Session, *, pair_id: int, now: datetime) -> MeetingTime | None:
    """The pair ended: its series is cancelled (METHOD:CANCEL, a new SEQUENCE). None when it
    had no agreed time, or it was cancelled already."""
    time = repo.of_pair(session, pair_id=pair_id)
    if time is None or time.status == "cancelled":
        return None
    time.status, time.sequence, time.updated_at = "cancelled", time.sequence + 1, now
    session.add(time)
    return time
