"""A program's term: it opens and closes with its dates, and plans each active pair's midpoint
survey and close-out for each person, on the right day in their own working hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from bot.services.programs import terms
from storage.engine import Database
from storage.models import Delivery, Pair, Program
from storage.models.deliveries import PROGRAM_CLOSEOUT, PROGRAM_MIDPOINT
from tests.services.programs.term_fixtures import (
    MIDDLE,
    START,
    TERM_END,
    TERM_START,
    new_program,
    program_pair,
)


def _rows(db: Database, kind: str) -> list[Delivery]:
    with db.begin() as session:
        statement = select(Delivery).where(col(Delivery.kind) == kind).order_by(col(Delivery.id))
        return list(session.exec(statement))


def _advance_and_plan(db: Database, now: datetime) -> int:
    with db.begin() as session:
        terms.advance_terms(session, now=now)
    with db.begin() as session:
        return terms.plan_checkpoints(session, now=now)


def _status(db: Database, program: Program) -> str:
    with db.begin() as session:
        found = session.get(Program, program.id)
        assert found is not None
        return found.status


def test_the_middle_day_is_halfway_through_the_term() -> None:
    program = Program(
        team_id="T", name="p", name_key="p", enrolment_closes_on=TERM_START,
        term_starts_on=TERM_START, term_ends_on=TERM_END, created_at=START, updated_at=START,
    )  # fmt: skip
    assert terms.midpoint_of(program) == MIDDLE
    program.term_ends_on = TERM_START + timedelta(days=1)
    assert terms.midpoint_of(program) == TERM_START  # two middle days: the earlier one


def test_a_program_runs_from_its_first_day_and_closes_the_day_after_its_last(db: Database) -> None:
    program = new_program(db, starts=date(2026, 12, 2))
    with db.begin() as session:
        assert terms.advance_terms(session, now=START).opened == []
    assert _status(db, program) == "enrolling"
    with db.begin() as session:
        changes = terms.advance_terms(session, now=START + timedelta(days=1))
    assert changes.opened == [program.id] and _status(db, program) == "running"
    last = datetime(2027, 1, 28, 23, 59, tzinfo=UTC)
    with db.begin() as session:
        assert terms.advance_terms(session, now=last).closed == []
    with db.begin() as session:
        assert terms.advance_terms(session, now=last + timedelta(minutes=1)).closed == [program.id]
    assert _status(db, program) == "closed"


def test_each_person_is_asked_on_the_day_in_their_own_working_hours(db: Database) -> None:
    program = new_program(db)
    program_pair(db, program, mentor_tz="Asia/Tokyo", mentee_tz="America/Los_Angeles")
    assert _advance_and_plan(db, START) == 4
    midpoints = _rows(db, PROGRAM_MIDPOINT)
    # 08:00 on Wednesday 30 December: in Tokyo that is Tuesday 23:00 UTC; in LA, 16:00 UTC.
    assert [r.due_at for r in midpoints] == [
        datetime(2026, 12, 29, 23, tzinfo=UTC),
        datetime(2026, 12, 30, 16, tzinfo=UTC),
    ]
    assert {r.occurrence for r in midpoints} == {MIDDLE}
    assert {r.program_id for r in midpoints} == {program.id}
    closeouts = _rows(db, PROGRAM_CLOSEOUT)
    assert [r.due_at for r in closeouts] == [
        datetime(2027, 1, 27, 23, tzinfo=UTC),
        datetime(2027, 1, 28, 16, tzinfo=UTC),
    ]
    assert _advance_and_plan(db, START + timedelta(hours=1)) == 0  # planned once


def test_a_weekend_middle_day_waits_for_the_next_working_morning(db: Database) -> None:
    program = new_program(db, ends=date(2027, 1, 6))  # middle day: Saturday 19 December
    program_pair(db, program)
    _advance_and_plan(db, START)
    assert {r.due_at for r in _rows(db, PROGRAM_MIDPOINT)} == {
        datetime(2026, 12, 21, 8, tzinfo=UTC)  # Monday 08:00 in London
    }


def test_a_pair_that_started_after_the_middle_day_gets_only_the_close_out(db: Database) -> None:
    program = new_program(db)
    program_pair(db, program, started=datetime(2026, 12, 31, 10, tzinfo=UTC))
    _advance_and_plan(db, datetime(2026, 12, 31, 11, tzinfo=UTC))
    assert _rows(db, PROGRAM_MIDPOINT) == []
    assert len(_rows(db, PROGRAM_CLOSEOUT)) == 2


def test_no_midpoint_is_planned_once_the_middle_day_has_passed(db: Database) -> None:
    program = new_program(db)
    program_pair(db, program)
    _advance_and_plan(db, datetime(2027, 1, 4, 9, tzinfo=UTC))  # the first pass ran late
    assert _rows(db, PROGRAM_MIDPOINT) == []
    assert len(_rows(db, PROGRAM_CLOSEOUT)) == 2


def test_paused_and_ended_pairs_and_other_pairs_get_nothing(db: Database) -> None:
    program = new_program(db)
    paused = program_pair(db, program)
    ended = program_pair(db, program, mentor="UM2", mentee="UE2")
    outside = program_pair(db, program, mentor="UM3", mentee="UE3")
    with db.begin() as session:
        for pair_id, status in ((paused.id, "paused"), (ended.id, "ended")):
            stored = session.get(Pair, pair_id)
            assert stored is not None
            stored.status = status
            session.add(stored)
        other = session.get(Pair, outside.id)
        assert other is not None
        other.program_id = None
        session.add(other)
    assert _advance_and_plan(db, START) == 0


def test_a_closed_program_plans_no_checkpoint(db: Database) -> None:
    program = new_program(db, status="closed")
    program_pair(db, program)
    assert _advance_and_plan(db, START) == 0
    assert _status(db, program) == "closed"


def test_a_pause_cancels_the_planned_checkpoints_and_resuming_plans_them_again(
    db: Database,
) -> None:
    from bot.services.meetings import rhythm
    from storage.models import Person

    program = new_program(db)
    pair = program_pair(db, program)
    _advance_and_plan(db, START)
    with db.begin() as session:
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        rhythm.pause(
            session, team_id=pair.team_id, pair_id=pair.id or 0, person=mentee,
            until=date(2026, 12, 14), now=START,
        )  # fmt: skip
    assert {r.status for r in _rows(db, PROGRAM_MIDPOINT)} == {"cancelled"}
    assert _advance_and_plan(db, START + timedelta(days=1)) == 0  # paused: nothing
    with db.begin() as session:
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        rhythm.resume(
            session, team_id=pair.team_id, pair_id=pair.id or 0, person=mentee,
            now=START + timedelta(days=2),
        )  # fmt: skip
    assert _advance_and_plan(db, START + timedelta(days=2)) == 4
    assert [r.status for r in _rows(db, PROGRAM_MIDPOINT)].count("pending") == 2
