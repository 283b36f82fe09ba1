"""What App Home's circle lines show: the open circles a person leads, and those they are in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from bot.services import cadence
from bot.services.circles.rhythm import next_meeting_day
from storage.models import Circle, Person
from storage.models.deliveries import CIRCLE_PROMPT
from storage.repositories import circle_deliveries as deliveries_repo
from storage.repositories import circles as circles_repo


@dataclass(frozen=True)
class CircleLine:
    """One open circle seen by its mentor (`leading`) or by a member (or someone waiting)."""

    circle_id: int
    topic: str
    leading: bool
    mentor_slack_user_id: str
    members: int  # seats taken
    seats: int
    waiting: int  # people waiting for the mentor's approval (the mentor's line only)
    my_status: str  # the member's own: member or waiting; "" on the mentor's line
    next_meeting: date | None  # in the mentor's calendar (the circle's days are)
    today: date  # the reader's own today, to write the day for them


def circles_led(session: Session, *, person: Person, now: datetime) -> list[CircleLine]:
    """The person's open circles as their mentor, oldest first."""
    if person.id is None:
        return []
    circles = circles_repo.circles_of_mentor(session, team_id=person.team_id, mentor_id=person.id)
    return [_line(session, circle, person, now, leading=True) for circle in circles]


def circles_joined(session: Session, *, person: Person, now: datetime) -> list[CircleLine]:
    """The open circles the person is a member of, or waits to join, oldest first."""
    if person.id is None:
        return []
    ids = circles_repo.circle_ids_of_person(session, team_id=person.team_id, person_id=person.id)
    found = []
    for circle_id in sorted(ids):
        circle = circles_repo.get_circle(session, team_id=person.team_id, circle_id=circle_id)
        if circle is not None and circle.status == "open":
            found.append(_line(session, circle, person, now, leading=False))
    return found


def _line(
    session: Session, circle: Circle, reader: Person, now: datetime, *, leading: bool
) -> CircleLine:
    assert circle.id is not None
    mentor = session.get(Person, circle.mentor_id)
    waiting = (
        len(circles_repo.members_of(session, circle_id=circle.id, statuses=("waiting",)))
        if leading
        else 0
    )
    mine = (
        None
        if leading
        else circles_repo.member_row(session, circle_id=circle.id, person_id=reader.id or 0)
    )
    return CircleLine(
        circle_id=circle.id,
        topic=circle.topic,
        leading=leading,
        mentor_slack_user_id=mentor.slack_user_id if mentor is not None else "",
        members=circle.members_count,
        seats=circle.seats,
        waiting=waiting,
        my_status=mine.status if mine is not None else "",
        next_meeting=_next_meeting(session, circle, mentor, now),
        today=cadence.local_day(now, reader.tz),
    )


def _next_meeting(
    session: Session, circle: Circle, mentor: Person | None, now: datetime
) -> date | None:
    """The meeting day planned ahead, else the one the rhythm would plan next; None while the
    circle has nobody to meet."""
    assert circle.id is not None
    planned = [
        row.occurrence
        for row in deliveries_repo.open_for_circle(session, circle_id=circle.id)
        if row.kind == CIRCLE_PROMPT and row.occurrence is not None
    ]
    if planned:
        return min(planned)
    if circle.members_count == 0:
        return None
    last = deliveries_repo.last_occurrence(session, circle_id=circle.id, kind=CIRCLE_PROMPT)
    today = cadence.local_day(now, mentor.tz if mentor is not None else None)
    return next_meeting_day(circle, last=last, today=today)
