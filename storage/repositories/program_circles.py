"""The circles a program's rounds made (migration 0027): found by program, those with someone
seated who is not in the conversation yet, and those whose program's term has ended."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlmodel import Session, col

from storage.models import Circle, CircleMember, Program


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
