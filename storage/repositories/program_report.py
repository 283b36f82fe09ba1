"""The rows a program's report aggregates: its pairs, and its checkpoint answers without any
text a person typed (never the note for the program team, never the thank-you)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from storage.models import Pair, ProgramCheckpoint


def program_pairs(session: Session, *, team_id: str, program_id: int) -> list[Any]:
    """(id, mentor_id, mentee_id, cadence, meeting_weekday, started_at, ended_at, kind, status)
    of every pair the program made, whatever became of it (kind: mentoring or peer)."""
    statement = select(
        col(Pair.id),
        col(Pair.mentor_id),
        col(Pair.mentee_id),
        col(Pair.cadence),
        col(Pair.meeting_weekday),
        col(Pair.started_at),
        col(Pair.ended_at),
        col(Pair.kind),
        col(Pair.status),
    ).where(col(Pair.team_id) == team_id, col(Pair.program_id) == program_id)
    return list(session.connection().execute(statement).all())


def checkpoint_choices(session: Session, *, team_id: str, program_id: int, kind: str) -> list[Any]:
    """(person_id, quality, on_track, goal_progress, gaps_closed, gaps_open, recommend,
    next_step) of the program's answers of that kind: the choices only. The gap columns hold
    JSON lists of skill keys; the report counts them and never names them."""
    statement = select(
        col(ProgramCheckpoint.person_id),
        col(ProgramCheckpoint.quality),
        col(ProgramCheckpoint.on_track),
        col(ProgramCheckpoint.goal_progress),
        col(ProgramCheckpoint.gaps_closed),
        col(ProgramCheckpoint.gaps_open),
        col(ProgramCheckpoint.recommend),
        col(ProgramCheckpoint.next_step),
    ).where(
        col(ProgramCheckpoint.team_id) == team_id,
        col(ProgramCheckpoint.program_id) == program_id,
        col(ProgramCheckpoint.kind) == kind,
    )
    return list(session.connection().execute(statement).all())
