"""What a "mentees choose" program reads: the programs a mentee chooses in, their mentors, and
the program requests that take a mentor's room in a program."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlmodel import Session, col

from storage.models import IntroRequest, Program, ProgramEnrolment
from storage.repositories.program_pool import enrolled

CHOOSE_MODE = "mentees_choose"
# Requests that hold a place in the program: waiting for the mentor's answer, or accepted.
HOLDING_STATUSES = ("open", "waiting", "accepted")


def choosing_programs(session: Session, *, team_id: str, person_id: int) -> list[Program]:
    """The open (not closed) "mentees choose" programs the person is a mentee of, oldest first."""
    statement = (
        select(Program)
        .join(ProgramEnrolment, col(ProgramEnrolment.program_id) == col(Program.id))
        .where(
            col(Program.team_id) == team_id,
            col(Program.matching_mode) == CHOOSE_MODE,
            col(Program.status) != "closed",
            col(ProgramEnrolment.person_id) == person_id,
            col(ProgramEnrolment.role) == "mentee",
            col(ProgramEnrolment.left_at).is_(None),
        )
        .order_by(col(Program.id))
    )
    return list(session.execute(statement).scalars())


def mentor_ids(session: Session, *, program_id: int) -> set[int]:
    """The program's mentors now (enrolled as mentors, not left)."""
    return {int(i) for i in session.execute(enrolled(program_id, "mentor")).scalars()}


def held_by_mentor(
    session: Session,
    *,
    team_id: str,
    program_id: int,
    mentor_ids: Collection[int] | None = None,
    statuses: Collection[str] = HOLDING_STATUSES,
) -> dict[int, int]:
    """Program requests open, waiting or accepted (or in `statuses`), per mentor (these
    mentors, or all)."""
    statement = (
        select(col(IntroRequest.mentor_id), func.count())
        .where(
            col(IntroRequest.team_id) == team_id,
            col(IntroRequest.program_id) == program_id,
            col(IntroRequest.status).in_(list(statuses)),
        )
        .group_by(col(IntroRequest.mentor_id))
    )
    if mentor_ids is not None:
        statement = statement.where(col(IntroRequest.mentor_id).in_(list(mentor_ids)))
    return {int(m): int(n) for m, n in session.execute(statement).all()}


def is_mentor_of(session: Session, *, program_id: int, person_id: int) -> bool:
    """Whether the person is one of the program's mentors now."""
    statement = enrolled(program_id, "mentor").where(col(ProgramEnrolment.person_id) == person_id)
    return session.execute(statement).first() is not None
