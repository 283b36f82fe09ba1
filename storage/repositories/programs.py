"""Mentoring programs and their enrolments."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlmodel import Session, col

from storage.models import (
    MatchingRound,
    Person,
    Program,
    ProgramCheckpoint,
    ProgramEnrolment,
    RoundPair,
    RoundUnmatched,
)


@dataclass(frozen=True)
class NewProgram:
    """A program's fields as the admin gave them, already checked."""

    name: str
    description: str
    enrolment_closes_on: date
    term_starts_on: date
    term_ends_on: date
    matching_mode: str
    mentees_per_mentor: int
    announce_channel_id: str | None
    question: str
    circle_size: int | None = None


NAME_KEY_LENGTH = 80  # the column's


def name_key(name: str) -> str:
    """The name as uniqueness sees it: case, spacing, compatibility forms (full-width letters)
    and invisible format characters (zero-width space, soft hyphen) folded, so that two names
    that read the same are one; at most the column's length (a long fold ends in a digest)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    key = " ".join(visible.split())
    if len(key) <= NAME_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{key[: NAME_KEY_LENGTH - len(digest) - 1]}~{digest}"


def add_program(
    session: Session, *, team_id: str, fields: NewProgram, person_id: int | None, now: datetime
) -> Program:
    program = Program(
        team_id=team_id,
        name_key=name_key(fields.name),
        created_by_person_id=person_id,
        created_at=now,
        updated_at=now,
        **vars(fields),
    )
    session.add(program)
    session.flush()
    return program


def update_program(
    session: Session, *, program: Program, fields: NewProgram, now: datetime
) -> Program:
    for name, value in vars(fields).items():
        setattr(program, name, value)
    program.name_key, program.updated_at = name_key(fields.name), now
    session.add(program)
    session.flush()
    return program


def set_announcement(session: Session, *, program: Program, channel_id: str, ts: str) -> None:
    program.announce_channel_id, program.announce_ts = channel_id or None, ts or None
    session.add(program)
    session.flush()


def get_program(session: Session, *, team_id: str, program_id: int) -> Program | None:
    program = session.get(Program, program_id)
    return program if program is not None and program.team_id == team_id else None


def program_named(session: Session, *, team_id: str, name: str) -> Program | None:
    statement = select(Program).where(
        col(Program.team_id) == team_id, col(Program.name_key) == name_key(name)
    )
    return session.execute(statement).scalars().first()


def teams_with_program(session: Session, *, name: str) -> list[str]:
    """The workspaces that have a program of this name (the CLI asks when there are several)."""
    statement = select(col(Program.team_id)).where(col(Program.name_key) == name_key(name))
    return sorted(str(t) for t in session.execute(statement).scalars())


def programs_of(session: Session, *, team_id: str) -> list[Program]:
    statement = select(Program).where(col(Program.team_id) == team_id).order_by(col(Program.id))
    return list(session.execute(statement).scalars())


def rounds_due(session: Session, *, closed_before: date) -> list[Program]:
    """Round-mode programs never matched by the scheduler whose enrolment closed before that
    day somewhere (the caller checks the day in the creator's zone)."""
    statement = (
        select(Program)
        .where(
            col(Program.matching_mode) == "round",
            col(Program.auto_matched_at).is_(None),
            col(Program.enrolment_closes_on) < closed_before,
            col(Program.status) != "closed",
        )
        .order_by(col(Program.id))
    )
    return list(session.execute(statement).scalars())


def enrolment_counts(session: Session, *, team_id: str) -> dict[tuple[int, str], int]:
    """(program id, role) -> active enrolments, for the workspace's programs."""
    statement = (
        select(col(ProgramEnrolment.program_id), col(ProgramEnrolment.role), func.count())
        .where(col(ProgramEnrolment.team_id) == team_id, col(ProgramEnrolment.left_at).is_(None))
        .group_by(col(ProgramEnrolment.program_id), col(ProgramEnrolment.role))
    )
    return {(int(p), str(r)): int(n) for p, r, n in session.execute(statement).all()}


def lock_program(session: Session, *, team_id: str, program_id: int) -> Program | None:
    """The program row, locked until the unit of work ends (SELECT ... FOR UPDATE on
    PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes writers): every change to a
    program's rounds takes it first, so two admins take turns."""
    statement = (
        select(Program)
        .where(col(Program.id) == program_id, col(Program.team_id) == team_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.execute(statement).scalars().first()


# --- enrolments -------------------------------------------------------------------------------


def get_enrolment(
    session: Session, *, program_id: int, person_id: int, role: str
) -> ProgramEnrolment | None:
    statement = select(ProgramEnrolment).where(
        col(ProgramEnrolment.program_id) == program_id,
        col(ProgramEnrolment.person_id) == person_id,
        col(ProgramEnrolment.role) == role,
    )
    return session.execute(statement).scalars().first()


def add_enrolment(
    session: Session,
    *,
    team_id: str,
    program_id: int,
    person_id: int,
    role: str,
    answer: str,
    now: datetime,
) -> ProgramEnrolment:
    enrolment = ProgramEnrolment(
        team_id=team_id,
        program_id=program_id,
        person_id=person_id,
        role=role,
        answer=answer,
        joined_at=now,
    )
    session.add(enrolment)
    session.flush()
    return enrolment


def save_enrolment(session: Session, *, enrolment: ProgramEnrolment) -> None:
    session.add(enrolment)
    session.flush()


def active_enrolments(session: Session, *, program_id: int) -> set[tuple[int, str]]:
    """(person id, role) of everyone in the program now."""
    statement = select(col(ProgramEnrolment.person_id), col(ProgramEnrolment.role)).where(
        col(ProgramEnrolment.program_id) == program_id, col(ProgramEnrolment.left_at).is_(None)
    )
    return {(int(p), str(r)) for p, r in session.execute(statement).all()}


def enrolments_of(session: Session, *, team_id: str, person_id: int) -> list[ProgramEnrolment]:
    """The person's enrolments (active or left) in the workspace's programs."""
    statement = (
        select(ProgramEnrolment)
        .where(
            col(ProgramEnrolment.team_id) == team_id,
            col(ProgramEnrolment.person_id) == person_id,
        )
        .order_by(col(ProgramEnrolment.id))
    )
    return list(session.execute(statement).scalars())


def people_by_ids(session: Session, *, team_id: str, ids: list[int]) -> dict[int, Person]:
    """The people named in a proposal, in one query."""
    if not ids:
        return {}
    statement = select(Person).where(col(Person.team_id) == team_id, col(Person.id).in_(ids))
    return {int(p.id or 0): p for p in session.execute(statement).scalars()}


# --- data rights ------------------------------------------------------------------------------

# Tables with rows about a person, for bot/services/data_rights.py.
ERASED = ("program_enrolment", "round_pair", "round_unmatched", "program_checkpoint")
# Each program table with rows about a person, and the key of the export that holds them.
EXPORT_KEYS = {
    "program_enrolment": "program_enrolments",
    "round_pair": "round_pairs",
    "round_unmatched": "rounds_unmatched",
    "program_checkpoint": "program_checkpoints",
    "program": "programs_created",
    "matching_round": "rounds_run",
}
SCRUBBED = {
    "program": "who created the program is forgotten",
    "matching_round": "who asked for and published the round is forgotten",
}


def export_rows(session: Session, *, person_id: int) -> dict[str, list[Any]]:
    """The person's enrolments, the pairs and unmatched lines that name them, and the
    programs and rounds they created or published."""
    about = {
        "program_enrolments": select(ProgramEnrolment).where(
            col(ProgramEnrolment.person_id) == person_id
        ),
        "round_pairs": select(RoundPair).where(
            (col(RoundPair.mentee_id) == person_id) | (col(RoundPair.mentor_id) == person_id)
        ),
        "rounds_unmatched": select(RoundUnmatched).where(
            col(RoundUnmatched.mentee_id) == person_id
        ),
        "program_checkpoints": select(ProgramCheckpoint).where(
            col(ProgramCheckpoint.person_id) == person_id
        ),
        "programs_created": select(Program).where(col(Program.created_by_person_id) == person_id),
        "rounds_run": select(MatchingRound).where(
            (col(MatchingRound.created_by_person_id) == person_id)
            | (col(MatchingRound.published_by_person_id) == person_id)
        ),
    }
    return {name: list(session.execute(s).scalars()) for name, s in about.items()}


def erase_person_rows(session: Session, *, team_id: str, person_id: int) -> dict[str, int]:
    """Delete the person's program rows (enrolments, pairs, checkpoint answers); forget them
    as creator, publisher and manager."""
    removed: dict[str, int] = {}
    for table, model, condition in (
        ("round_pair", RoundPair, (col(RoundPair.mentee_id) == person_id)
         | (col(RoundPair.mentor_id) == person_id)),
        ("round_unmatched", RoundUnmatched, col(RoundUnmatched.mentee_id) == person_id),
        ("program_enrolment", ProgramEnrolment, col(ProgramEnrolment.person_id) == person_id),
        ("program_checkpoint", ProgramCheckpoint, col(ProgramCheckpoint.person_id) == person_id),
    ):  # fmt: skip
        result = session.execute(delete(model).where(col(model.team_id) == team_id, condition))
        removed[table] = int(getattr(result, "rowcount", 0) or 0)
    scrubbed: tuple[tuple[Any, Any, Any], ...] = (
        (Program, col(Program.created_by_person_id), col(Program.team_id)),
        (MatchingRound, col(MatchingRound.created_by_person_id), col(MatchingRound.team_id)),
        (MatchingRound, col(MatchingRound.published_by_person_id), col(MatchingRound.team_id)),
        (Person, col(Person.manager_person_id), col(Person.team_id)),
    )
    for table, column, team in scrubbed:
        session.execute(
            update(table).where(column == person_id, team == team_id).values({column.key: None})
        )
    session.execute(
        update(Person).where(col(Person.id) == person_id).values(manager_person_id=None)
    )
    return removed
