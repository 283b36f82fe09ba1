"""Editing a program: the same checks as creating it, a past enrolment date kept as it was, the
name unique among the others, the mode fixed once a round exists, a new channel announced anew."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from bot.services.programs import catalog
from storage.engine import Database
from storage.models import MatchingRound, Program
from tests.services.programs.builders import NOW, TEAM, new_program

TODAY = NOW.date()


def _form_of(program: Program) -> catalog.ProgramForm:
    return catalog.ProgramForm(
        name=program.name,
        enrolment_closes_on=program.enrolment_closes_on,
        term_starts_on=program.term_starts_on,
        term_ends_on=program.term_ends_on,
        mentees_per_mentor=program.mentees_per_mentor,
        description=program.description,
        matching_mode=program.matching_mode,
        announce_channel_id=program.announce_channel_id,
        question=program.question,
    )


def _update(
    db: Database, program_id: int, form: catalog.ProgramForm, *, now: datetime = NOW
) -> catalog.Created:
    with db.begin() as session:
        return catalog.update_program(
            session, team_id=TEAM, program_id=program_id, form=form, admin_tz="UTC", now=now
        )


def test_an_edit_changes_the_fields_and_keeps_the_id(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        pid, form = int(program.id or 0), _form_of(program)
    edited = replace(
        form, name="Spring  cohort 2027", description="New words", mentees_per_mentor=3,
        question="Why now?", matching_mode="mentees_choose",
    )  # fmt: skip
    done = _update(db, pid, edited, now=NOW + timedelta(hours=1))
    assert done.errors == {} and done.program is not None
    with db.begin() as session:
        stored = session.get(Program, pid)
        assert stored is not None
        assert (stored.name, stored.name_key) == ("Spring cohort 2027", "spring cohort 2027")
        assert (stored.description, stored.question) == ("New words", "Why now?")
        assert (stored.mentees_per_mentor, stored.matching_mode) == (3, "mentees_choose")
        assert stored.updated_at == NOW + timedelta(hours=1)


def test_an_edit_is_checked_like_a_new_program(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        pid, form = int(program.id or 0), _form_of(program)
    bad = replace(form, term_ends_on=form.term_starts_on, mentees_per_mentor=0)
    assert set(_update(db, pid, bad).errors) == {"term_ends_on", "mentees_per_mentor"}
    past = replace(form, enrolment_closes_on=TODAY - timedelta(days=1))
    assert "enrolment_closes_on" in _update(db, pid, past).errors


def test_an_enrolment_date_already_past_may_stay_as_it_was(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session, closes=TODAY)
        pid, form = int(program.id or 0), _form_of(program)
    later = NOW + timedelta(days=3)
    assert _update(db, pid, replace(form, description="still fine"), now=later).errors == {}
    moved = replace(form, enrolment_closes_on=TODAY + timedelta(days=1))
    assert "enrolment_closes_on" in _update(db, pid, moved, now=later).errors


def test_the_name_stays_unique_among_the_other_programs(db: Database) -> None:
    with db.begin() as session:
        new_program(session, "Autumn")
        program = new_program(session, "Spring cohort")
        pid, form = int(program.id or 0), _form_of(program)
    taken = _update(db, pid, replace(form, name="AUTUMN"))
    assert taken.errors == {"name": "A program named AUTUMN already exists."}
    assert _update(db, pid, replace(form, name="SPRING COHORT")).errors == {}  # its own name


def test_the_mode_is_fixed_once_a_round_was_matched(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        pid, form = int(program.id or 0), _form_of(program)
        session.add(MatchingRound(team_id=TEAM, program_id=pid, created_at=NOW))
    changed = _update(db, pid, replace(form, matching_mode="mentees_choose"))
    assert set(changed.errors) == {"matching_mode"}
    assert _update(db, pid, replace(form, description="same mode")).errors == {}


def test_a_new_channel_forgets_the_old_announcement(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        pid = int(program.id or 0)
        catalog.remember_announcement(
            session, team_id=TEAM, program_id=pid, channel_id="CANNOUNCE", ts="1.2"
        )
        form = _form_of(program)
    assert _update(db, pid, replace(form, description="same channel")).errors == {}
    with db.begin() as session:
        stored = session.get(Program, pid)
        assert stored is not None and (stored.announce_channel_id, stored.announce_ts) == (
            "CANNOUNCE", "1.2",
        )  # fmt: skip
    assert _update(db, pid, replace(form, announce_channel_id="CNEW")).errors == {}
    with db.begin() as session:
        stored = session.get(Program, pid)
        assert stored is not None
        assert (stored.announce_channel_id, stored.announce_ts) == ("CNEW", None)


def test_another_workspaces_program_is_not_found(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        pid, form = int(program.id or 0), _form_of(program)
        other = catalog.update_program(
            session, team_id="TOTHER", program_id=pid, form=form, admin_tz="UTC", now=NOW
        )
    assert other.program is None and other.errors == {"name": "There is no such program."}
