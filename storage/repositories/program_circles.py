"""The circles a program's rounds made (migration 0027): found by program, those with someone
seated who is not in the conversation yet, those whose program's term has ended, and what the
program's report counts of them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from storage.models import Circle, CircleAnswer, CircleMember, Program
from storage.models.deliveries import CHECKIN


def program_circles(
    session: Session, *, program_id: int, statuses: Sequence[str] = ("open",)
) -> list[Circle]:
    """The circles a program's rounds made, oldest first."""
    statement = (
        select(Circle)
        .where(col(Circle.program_id) == program_id, col(Circle.status).in_(statuses))
        .order_by(col(Circle.id))
        .execution_options(populate_existing=True)
    )
    return list(session.execute(statement).scalars())


def circles_awaiting_conversation(session: Session, *, limit: int) -> list[Circle]:
    """Open circles with a member a program's round seated who is not in its conversation."""
    waiting = select(col(CircleMember.circle_id)).where(
        col(CircleMember.status) == "member", col(CircleMember.awaiting_conversation)
    )
    statement = (
        select(Circle)
        .where(col(Circle.status) == "open", col(Circle.id).in_(waiting))
        .order_by(col(Circle.id))
        .limit(limit)
    )
    return list(session.execute(statement).scalars())


def circles_of_closed_programs(session: Session, *, limit: int) -> list[Circle]:
    """Open circles whose program has closed (its term ended)."""
    statement = (
        select(Circle)
        .join(Program, col(Program.id) == col(Circle.program_id))
        .where(col(Circle.status) == "open", col(Program.status) == "closed")
        .order_by(col(Circle.id))
        .limit(limit)
    )
    return list(session.execute(statement).scalars())


def seats_of_program(session: Session, *, program_id: int) -> list[tuple[int, int, int, bool]]:
    """(circle id, mentor, member, seated now) of everyone a program's circles ever seated."""
    statement = (
        select(
            col(Circle.id),
            col(Circle.mentor_id),
            col(CircleMember.person_id),
            col(CircleMember.status),
            col(Circle.status),
        )
        .join(CircleMember, col(CircleMember.circle_id) == col(Circle.id))
        .where(
            col(Circle.program_id) == program_id,
            col(CircleMember.status).in_(("member", "left")),
            col(CircleMember.joined_at).is_not(None),
        )
    )
    return [
        (int(cid), int(mentor), int(person), status == "member" and circle_status == "open")
        for cid, mentor, person, status, circle_status in session.execute(statement).all()
    ]


def checkins_of_program(
    session: Session, *, program_id: int, first_day: date, last_day: date
) -> list[tuple[int, int, int, date, int | None]]:
    """(circle id, mentor, member, meeting day, usefulness 1-5) of each check-in a member of
    the program's circles answered about a meeting on those days (never the takeaway)."""
    statement = (
        select(
            col(CircleAnswer.circle_id),
            col(Circle.mentor_id),
            col(CircleAnswer.person_id),
            col(CircleAnswer.occurrence),
            col(CircleAnswer.score),
        )
        .join(Circle, col(Circle.id) == col(CircleAnswer.circle_id))
        .where(
            col(Circle.program_id) == program_id,
            col(CircleAnswer.kind) == CHECKIN,  # the answer kind shares the delivery kind's name
            col(CircleAnswer.occurrence) >= first_day,
            col(CircleAnswer.occurrence) <= last_day,
        )
    )
    return [
        (int(cid), int(mentor), int(person), day, score)
        for cid, mentor, person, day, score in session.execute(statement).all()
    ]
