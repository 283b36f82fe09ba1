"""A person's program rows are in their export, and erasure removes or forgets them."""

from __future__ import annotations

from bot.services.data_rights import erase, export
from bot.services.programs import rounds
from storage.engine import Database
from storage.models import Person, Program, ProgramEnrolment, RoundPair
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)


def test_export_and_erase_cover_programs(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        boss = enrolled_mentor(session, program, "UBOSS", ["SQL"])
        ana = enrolled_mentee(session, program, "UANA", ["python"], manager=boss)
        bo = enrolled_mentor(session, program, "UBO", ["Python"])
        program.created_by_person_id = ana.id
        ana_id, bo_id, boss_id = int(ana.id or 0), int(bo.id or 0), int(boss.id or 0)
    outcome = rounds.match_now(
        db, team_id=TEAM, program_id=int(program.id or 0), admin_id=ana_id, now=NOW
    )
    assert outcome.proposal is not None and outcome.proposal.matched == 1
    with db.begin() as session:
        exported = export.export_person(session, team_id=TEAM, person_id=ana_id, now=NOW)
        assert [e["role"] for e in exported["program_enrolments"]] == ["mentee"]
        assert [p["mentor_id"] for p in exported["round_pairs"]] == [bo_id]
        assert [p["name"] for p in exported["programs_created"]] == ["Spring cohort"]
        assert len(exported["rounds_run"]) == 1
        assert exported["person"]["manager_person_id"] == boss_id
    with db.begin() as session:  # her manager's erasure forgets who her manager was
        erase.erase_person(session, team_id=TEAM, person_id=boss_id, now=NOW)
    with db.begin() as session:
        assert session.get(Person, ana_id).manager_person_id is None  # type: ignore[union-attr]
        erasure = erase.erase_person(session, team_id=TEAM, person_id=ana_id, now=NOW)
        assert erasure.removed["program_enrolment"] == 1
        assert erasure.removed["round_pair"] == 1
    with db.begin() as session:
        assert session.get(Program, program.id).created_by_person_id is None  # type: ignore[union-attr]
        left = session.exec(ProgramEnrolment.__table__.select()).all()  # type: ignore[attr-defined]
        assert [row.person_id for row in left] == [bo_id]
        assert session.exec(RoundPair.__table__.select()).all() == []  # type: ignore[attr-defined]
