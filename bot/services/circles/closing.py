"""Closing a circle, once, whoever closes it (its mentor, Slack deactivating the mentor, the end
of its program's term): the memberships end as history and nothing more is scheduled for it.
A circle whose mentor Slack deactivated also gets a kind note to each member (a one-off
delivery, sent in their working hours)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.services.circles.calendar import bump_for_closing
from storage.models import Circle, Person
from storage.models.deliveries import CIRCLE_CLOSED
from storage.repositories import circle_deliveries as repo
from storage.repositories import circles as circles_repo
from storage.repositories import deliveries as deliveries_repo


def close_once(session: Session, *, circle_id: int, now: datetime) -> bool:
    """Closed now (False when it was already): memberships ended, open deliveries cancelled."""
    if not circles_repo.close_circle(session, circle_id=circle_id, now=now):
        return False
    circles_repo.end_memberships(session, circle_id=circle_id, now=now)
    for row in repo.open_for_circle(session, circle_id=circle_id):
        deliveries_repo.cancel(session, row)
    return True


def close_for_gone_mentor(session: Session, *, circle: Circle, now: datetime) -> bool:
    """Close the circle once; each member gets a kind note. False when it was closed already."""
    assert circle.id is not None
    members = circles_repo.members_of(session, circle_id=circle.id)
    if not close_once(session, circle_id=circle.id, now=now):
        return False
    bump_for_closing(session, circle=circle)  # each note carries the series' cancellation
    for member in members:
        person = session.get(Person, member.person_id)
        if person is None or person.is_deleted:
            continue
        note = deliveries_repo.new_delivery(
            CIRCLE_CLOSED, None, person, now, f"{CIRCLE_CLOSED}:{circle.id}:{person.id}", now
        )
        note.circle_id = circle.id
        deliveries_repo.add_delivery(session, note)
    return True


def close_circles_of(session: Session, *, mentor: Person, now: datetime) -> int:
    """The mentor is deactivated: close each of their open circles; returns how many."""
    if not mentor.is_deleted or mentor.id is None:
        return 0
    circles = circles_repo.circles_of_mentor(session, team_id=mentor.team_id, mentor_id=mentor.id)
    return sum(close_for_gone_mentor(session, circle=c, now=now) for c in circles)
