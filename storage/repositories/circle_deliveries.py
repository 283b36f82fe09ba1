"""A circle's scheduled messages and what its members answer to them: which circles need
planning, a circle's open deliveries, and the members' answers (questions, check-ins, pulses,
thanks)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlmodel import Session, col

from storage.models import Circle, CircleAnswer, CircleMember, Delivery
from storage.repositories.deliveries import OPEN_STATUSES
from storage.repositories.savepoints import add_if_new


def circles_needing(session: Session, *, kind: str, limit: int) -> list[Circle]:
    """Open circles with a conversation and a member, and no open delivery of `kind`
    (row-locked, skip-locked on PostgreSQL)."""
    open_rows = select(col(Delivery.id)).where(
        col(Delivery.circle_id) == col(Circle.id),
        col(Delivery.kind) == kind,
        col(Delivery.status).in_(OPEN_STATUSES),
    )
    statement = (
        select(Circle)
        .where(
            col(Circle.status) == "open",
            col(Circle.channel_id).is_not(None),
            col(Circle.members_count) > 0,
            ~open_rows.exists(),
        )
        .order_by(col(Circle.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True, of=Circle)
    return list(session.execute(statement).scalars())


def last_occurrence(session: Session, *, circle_id: int, kind: str) -> date | None:
    statement = select(func.max(Delivery.occurrence)).where(
        col(Delivery.circle_id) == circle_id,
        col(Delivery.kind) == kind,
        col(Delivery.status) != "cancelled",
    )
    value = session.execute(statement).scalar()
    return value if isinstance(value, date) else None


def planned_days(session: Session, *, circle_id: int, kind: str, after: date) -> list[date]:
    """The meeting days after `after` that have an open delivery of `kind` (the prompts)."""
    statement = (
        select(col(Delivery.occurrence))
        .where(
            col(Delivery.circle_id) == circle_id,
            col(Delivery.kind) == kind,
            col(Delivery.status).in_(OPEN_STATUSES),
            col(Delivery.occurrence) > after,
        )
        .distinct()
        .order_by(col(Delivery.occurrence))
    )
    return [day for day in session.execute(statement).scalars() if isinstance(day, date)]


def open_for_circle(
    session: Session, *, circle_id: int, person_id: int | None = None
) -> list[Delivery]:
    """The circle's open deliveries (only the person's, when one is named)."""
    statement = select(Delivery).where(
        col(Delivery.circle_id) == circle_id, col(Delivery.status).in_(OPEN_STATUSES)
    )
    if person_id is not None:
        statement = statement.where(col(Delivery.person_id) == person_id)
    return list(session.execute(statement).scalars())


def circle_ids_in_for(session: Session, *, person_id: int) -> list[int]:
    """The open circles the person mentors or is a member of."""
    mentored = select(col(Circle.id)).where(
        col(Circle.mentor_id) == person_id, col(Circle.status) == "open"
    )
    seated = (
        select(col(CircleMember.circle_id))
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(
            col(CircleMember.person_id) == person_id,
            col(CircleMember.status) == "member",
            col(Circle.status) == "open",
        )
    )
    ids = set(session.execute(mentored).scalars()) | set(session.execute(seated).scalars())
    return sorted(int(i) for i in ids)


def set_paused_until(session: Session, *, member_id: int, until: date | None) -> None:
    session.execute(
        update(CircleMember).where(col(CircleMember.id) == member_id).values(paused_until=until)
    )


def release_checkins(session: Session, *, member_id: int, now: datetime) -> None:
    """The member answered "still want these?": their check-ins in the circle go again, and
    only those sent from now count towards the next three unanswered."""
    session.execute(
        update(CircleMember)
        .where(col(CircleMember.id) == member_id)
        .values(checkins_held=False, checkins_told_at=now)
    )


def add_answer(session: Session, answer: CircleAnswer) -> bool:
    """Store a member's answer unless this delivery has one of its kind; True when stored."""
    return add_if_new(session, answer)


def answer_to(session: Session, *, delivery_id: int, kind: str) -> CircleAnswer | None:
    statement = select(CircleAnswer).where(
        col(CircleAnswer.delivery_id) == delivery_id, col(CircleAnswer.kind) == kind
    )
    return session.execute(statement).scalars().first()


def questions_for(session: Session, *, circle_id: int, occurrence: date) -> list[CircleAnswer]:
    """The questions the circle's members brought for that meeting, first asked first."""
    statement = (
        select(CircleAnswer)
        .where(
            col(CircleAnswer.circle_id) == circle_id,
            col(CircleAnswer.kind) == "question",
            col(CircleAnswer.occurrence) == occurrence,
        )
        .order_by(col(CircleAnswer.created_at), col(CircleAnswer.id))
    )
    return list(session.execute(statement).scalars())


def answers_of(session: Session, *, person_id: int) -> list[CircleAnswer]:
    statement = select(CircleAnswer).where(col(CircleAnswer.person_id) == person_id)
    return list(session.execute(statement).scalars())
