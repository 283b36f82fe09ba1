"""Circles and their members. Seats change only by conditional updates: `take_seat` adds one
where a seat is free, in one statement, so two units of work racing for the last seat (threads,
replicas, SQLite or PostgreSQL) leave exactly one of them with it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from storage.models import Circle, CircleAnswer, CircleMember
from storage.repositories.savepoints import add_if_new

ACTIVE = ("waiting", "member")  # a person counts as in a circle while waiting or a member


@dataclass(frozen=True)
class NewCircle:
    """A circle's fields as the mentor gave them, already checked."""

    topic: str
    skill_keys: tuple[str, ...]
    seats: int
    cadence: str
    meeting_weekday: int
    needs_approval: bool


def add_circle(
    session: Session,
    *,
    team_id: str,
    mentor_id: int,
    fields: NewCircle,
    now: datetime,
    program_id: int | None = None,
) -> Circle:
    circle = Circle(
        program_id=program_id,
        team_id=team_id,
        mentor_id=mentor_id,
        topic=fields.topic,
        skill_keys="\n".join(fields.skill_keys),
        seats=fields.seats,
        cadence=fields.cadence,
        meeting_weekday=fields.meeting_weekday,
        needs_approval=fields.needs_approval,
        created_at=now,
    )
    session.add(circle)
    session.flush()
    return circle


def get_circle(session: Session, *, team_id: str, circle_id: int) -> Circle | None:
    circle = session.get(Circle, circle_id, populate_existing=True)
    return circle if circle is not None and circle.team_id == team_id else None


def open_circles_with_seats(session: Session, *, team_id: str) -> list[Circle]:
    """The workspace's open circles with a seat left, oldest first."""
    statement = (
        select(Circle)
        .where(
            col(Circle.team_id) == team_id,
            col(Circle.status) == "open",
            col(Circle.members_count) < col(Circle.seats),
            col(Circle.program_id).is_(None),  # a program's circles are its round's to fill
        )
        .order_by(col(Circle.id))
    )
    return list(session.execute(statement).scalars())


def circles_of_mentor(
    session: Session, *, team_id: str, mentor_id: int, statuses: Sequence[str] = ("open",)
) -> list[Circle]:
    statement = (
        select(Circle)
        .where(
            col(Circle.team_id) == team_id,
            col(Circle.mentor_id) == mentor_id,
            col(Circle.status).in_(statuses),
        )
        .order_by(col(Circle.id))
    )
    return list(session.execute(statement).scalars())


def circle_ids_of_person(
    session: Session, *, team_id: str, person_id: int, statuses: Sequence[str] = ACTIVE
) -> set[int]:
    """The circles the person is in (waiting or a member, by default)."""
    statement = select(col(CircleMember.circle_id)).where(
        col(CircleMember.team_id) == team_id,
        col(CircleMember.person_id) == person_id,
        col(CircleMember.status).in_(statuses),
    )
    return {int(i) for i in session.execute(statement).scalars()}


def in_other_circle_of_mentor(
    session: Session, *, team_id: str, mentor_id: int, person_id: int, circle_id: int
) -> bool:
    """The person is waiting in, or a member of, another open circle of this mentor."""
    statement = (
        select(col(CircleMember.id))
        .join(Circle, col(Circle.id) == col(CircleMember.circle_id))
        .where(
            col(Circle.team_id) == team_id,
            col(Circle.mentor_id) == mentor_id,
            col(Circle.status) == "open",
            col(Circle.id) != circle_id,
            col(CircleMember.person_id) == person_id,
            col(CircleMember.status).in_(ACTIVE),
        )
        .limit(1)
    )
    return session.execute(statement).first() is not None


def member_row(session: Session, *, circle_id: int, person_id: int) -> CircleMember | None:
    statement = (
        select(CircleMember)
        .where(col(CircleMember.circle_id) == circle_id, col(CircleMember.person_id) == person_id)
        .execution_options(populate_existing=True)
    )
    return session.execute(statement).scalars().first()


def seat_of(session: Session, *, circle_id: int, person_id: int) -> CircleMember | None:
    """The person's row in the circle while they hold a seat in it (not waiting, not left)."""
    row = member_row(session, circle_id=circle_id, person_id=person_id)
    return row if row is not None and row.status == "member" else None


def get_member(session: Session, *, team_id: str, member_id: int) -> CircleMember | None:
    member = session.get(CircleMember, member_id, populate_existing=True)
    return member if member is not None and member.team_id == team_id else None


def members_of(
    session: Session, *, circle_id: int, statuses: Sequence[str] = ("member",)
) -> list[CircleMember]:
    """The circle's rows in these statuses, first to ask first."""
    statement = (
        select(CircleMember)
        .where(col(CircleMember.circle_id) == circle_id, col(CircleMember.status).in_(statuses))
        .order_by(col(CircleMember.asked_at), col(CircleMember.id))
    )
    return list(session.execute(statement).scalars())


def add_member(
    session: Session, *, team_id: str, circle_id: int, person_id: int, now: datetime
) -> CircleMember | None:
    """A new row, waiting; None when the person already has one (a double click a moment ago)."""
    row = CircleMember(
        team_id=team_id, circle_id=circle_id, person_id=person_id, status="waiting", asked_at=now
    )
    return row if add_if_new(session, row) else None


def take_seat(session: Session, *, circle_id: int) -> bool:
    """One seat more, where the circle is open and a seat is free; False when none was."""
    result = session.execute(
        update(Circle)
        .where(
            col(Circle.id) == circle_id,
            col(Circle.status) == "open",
            col(Circle.members_count) < col(Circle.seats),
        )
        .values(members_count=col(Circle.members_count) + 1)
    )
    return _changed(result)


def free_seat(session: Session, *, circle_id: int) -> None:
    session.execute(
        update(Circle)
        .where(col(Circle.id) == circle_id, col(Circle.members_count) > 0)
        .values(members_count=col(Circle.members_count) - 1)
    )


def move_member(
    session: Session, *, member_id: int, from_statuses: Sequence[str], values: dict[str, Any]
) -> bool:
    """Change a member row whose status is one of `from_statuses`; False when it was not
    (another click moved it first)."""
    result = session.execute(
        update(CircleMember)
        .where(col(CircleMember.id) == member_id, col(CircleMember.status).in_(from_statuses))
        .values(**values)
    )
    return _changed(result)


def close_circle(session: Session, *, circle_id: int, now: datetime) -> bool:
    """Open -> closed, once; False when it was closed already."""
    result = session.execute(
        update(Circle)
        .where(col(Circle.id) == circle_id, col(Circle.status) == "open")
        .values(status="closed", closed_at=now)
    )
    return _changed(result)


def end_memberships(session: Session, *, circle_id: int, now: datetime) -> None:
    """A closed circle: its members leave, and whoever was waiting is declined (rows kept)."""
    session.execute(
        update(CircleMember)
        .where(col(CircleMember.circle_id) == circle_id, col(CircleMember.status) == "member")
        .values(status="left", left_at=now)
    )
    session.execute(
        update(CircleMember)
        .where(col(CircleMember.circle_id) == circle_id, col(CircleMember.status) == "waiting")
        .values(status="declined", left_at=now)
    )


def _changed(result: Any) -> bool:
    return int(getattr(result, "rowcount", 0) or 0) == 1


# Data rights: what erasure does with the circle tables, and where the export keeps them.
ERASED = ("circle_member", "circle_answer")
SCRUBBED = {"circle": "circles the person mentors are closed, their topic and skills removed"}
EXPORT_KEYS = {
    "circle": "circles_mentored",
    "circle_member": "circle_memberships",
    "circle_answer": "circle_answers",
}


def export_rows(session: Session, *, person_id: int) -> dict[str, list[Any]]:
    """The circles the person mentors and their own membership rows."""
    about = {
        "circles_mentored": select(Circle).where(col(Circle.mentor_id) == person_id),
        "circle_memberships": select(CircleMember).where(col(CircleMember.person_id) == person_id),
        "circle_answers": select(CircleAnswer).where(col(CircleAnswer.person_id) == person_id),
    }
    return {name: list(session.execute(s).scalars()) for name, s in about.items()}


def erase_person_rows(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> dict[str, int]:
    """Close the circles the person mentors (their words removed); free the seats they held
    and delete their membership rows."""
    mentored = select(col(Circle.id)).where(
        col(Circle.team_id) == team_id, col(Circle.mentor_id) == person_id
    )
    for circle_id in list(session.execute(mentored).scalars()):
        if close_circle(session, circle_id=int(circle_id), now=now):
            end_memberships(session, circle_id=int(circle_id), now=now)
    session.execute(
        update(Circle)
        .where(col(Circle.team_id) == team_id, col(Circle.mentor_id) == person_id)
        .values(topic="", skill_keys="")
    )
    seated = select(col(CircleMember.circle_id)).where(
        col(CircleMember.team_id) == team_id,
        col(CircleMember.person_id) == person_id,
        col(CircleMember.status) == "member",
    )
    for circle_id in list(session.execute(seated).scalars()):
        free_seat(session, circle_id=int(circle_id))
    answers = session.execute(
        delete(CircleAnswer).where(
            col(CircleAnswer.team_id) == team_id, col(CircleAnswer.person_id) == person_id
        )
    )
    result = session.execute(
        delete(CircleMember).where(
            col(CircleMember.team_id) == team_id, col(CircleMember.person_id) == person_id
        )
    )
    return {
        "circle_member": int(getattr(result, "rowcount", 0) or 0),
        "circle_answer": int(getattr(answers, "rowcount", 0) or 0),
    }
