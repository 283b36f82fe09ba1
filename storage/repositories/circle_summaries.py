"""The circle rows a channel summary aggregates, read with Core: ids, moments and meeting days
only (never a topic, a question or a takeaway)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from storage.models import Circle, CircleAnswer, CircleMember
from storage.models.deliveries import CHECKIN
from storage.repositories.summaries import in_ids


def circles_of(
    session: Session, *, team_id: str, person_ids: Sequence[int], ended_after: datetime
) -> list[Any]:
    """(id, mentor_id, created_at, closed_at) of the team's circles not closed before
    `ended_after` whose mentor, or someone who ever held a seat, is one of the people."""
    seated = select(col(CircleMember.circle_id)).where(
        in_ids(session, col(CircleMember.person_id), person_ids),
        col(CircleMember.joined_at).is_not(None),
    )
    statement = select(
        col(Circle.id), col(Circle.mentor_id), col(Circle.created_at), col(Circle.closed_at)
    ).where(
        col(Circle.team_id) == team_id,
        or_(col(Circle.closed_at).is_(None), col(Circle.closed_at) >= ended_after),
        or_(in_ids(session, col(Circle.mentor_id), person_ids), col(Circle.id).in_(seated)),
    )
    return list(session.connection().execute(statement).all())


def seats_of(session: Session, *, circle_ids: Sequence[int]) -> list[Any]:
    """(circle_id, person_id, joined_at, left_at) of everyone who held a seat in the circles."""
    statement = select(
        col(CircleMember.circle_id),
        col(CircleMember.person_id),
        col(CircleMember.joined_at),
        col(CircleMember.left_at),
    ).where(
        in_ids(session, col(CircleMember.circle_id), circle_ids),
        col(CircleMember.joined_at).is_not(None),
    )
    return list(session.connection().execute(statement).all())


def checkins_of(
    session: Session, *, circle_ids: Sequence[int], first_day: date, last_day: date
) -> list[Any]:
    """(circle_id, person_id, occurrence) of the check-ins answered about meetings on those
    days: who said how useful which meeting was, without the score or the takeaway."""
    statement = select(
        col(CircleAnswer.circle_id), col(CircleAnswer.person_id), col(CircleAnswer.occurrence)
    ).where(
        in_ids(session, col(CircleAnswer.circle_id), circle_ids),
        col(CircleAnswer.kind) == CHECKIN,  # the answer kind shares the delivery kind's name
        col(CircleAnswer.occurrence) >= first_day,
        col(CircleAnswer.occurrence) <= last_day,
    )
    return list(session.connection().execute(statement).all())
