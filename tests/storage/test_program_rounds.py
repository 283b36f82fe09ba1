"""The schema keeps at most one proposed round per program, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from storage.engine import Database
from storage.models import MatchingRound
from storage.repositories import people as people_repo
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _program(db: Database) -> int:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        fields = programs_repo.NewProgram(
            "Spring",
            "",
            date(2026, 12, 15),
            date(2027, 1, 4),
            date(2027, 6, 30),
            "round",
            1,
            None,
            "",
        )
        program = programs_repo.add_program(
            session, team_id="T1", fields=fields, person_id=None, now=NOW
        )
        assert program.id is not None
        return program.id


def _round(program_id: int, status: str) -> MatchingRound:
    return MatchingRound(team_id="T1", program_id=program_id, status=status, created_at=NOW)


def test_a_second_proposal_for_a_program_is_refused(sqlite_or_postgres: Database) -> None:
    database = sqlite_or_postgres
    program_id = _program(database)
    with database.begin() as session:
        program_rounds.add_round(session, round_=_round(program_id, "proposed"))
    with pytest.raises(IntegrityError), database.begin() as session:
        program_rounds.add_round(session, round_=_round(program_id, "proposed"))


def test_published_and_superseded_rounds_do_not_count(sqlite_or_postgres: Database) -> None:
    database = sqlite_or_postgres
    program_id = _program(database)
    with database.begin() as session:
        first = program_rounds.add_round(session, round_=_round(program_id, "proposed"))
        assert first.id is not None
        assert program_rounds.mark_published(session, round_id=first.id, person_id=None, now=NOW)
        assert not program_rounds.mark_published(
            session, round_id=first.id, person_id=None, now=NOW
        )
        program_rounds.add_round(session, round_=_round(program_id, "superseded"))
        program_rounds.add_round(session, round_=_round(program_id, "proposed"))
    with database.begin() as session:
        waiting = program_rounds.proposed_round(session, program_id=program_id)
        assert waiting is not None and waiting.id != first.id
