"""Creating a program (with its refusals), joining it and leaving it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot.services.programs import catalog, leaving
from storage.engine import Database
from tests.services.matching_fixtures import person
from tests.services.programs.builders import NOW, TEAM, enrolled_mentee, new_program

TODAY = NOW.date()
FORM = catalog.ProgramForm(
    name="Spring cohort",
    enrolment_closes_on=TODAY + timedelta(days=14),
    term_starts_on=TODAY + timedelta(days=30),
    term_ends_on=TODAY + timedelta(days=120),
    mentees_per_mentor=2,
    description="Six months of mentoring for new managers.",
    question="What do you hope to get out of it?",
)


def _errors(form: catalog.ProgramForm, *, today: date = TODAY) -> dict[str, str]:
    return catalog.check_form(form, today=today)[1]


def test_a_valid_form_makes_a_program(db: Database) -> None:
    with db.begin() as session:
        person(session, "UADMIN")
        created = catalog.create_program(
            session, team_id=TEAM, form=FORM, admin_id=None, admin_tz="Europe/Paris", now=NOW
        )
    assert created.errors == {}
    program = created.program
    assert program is not None and program.status == "enrolling"
    assert (program.mentees_per_mentor, program.matching_mode) == (2, "round")
    assert program.question == "What do you hope to get out of it?"


def test_a_term_ending_before_it_starts_is_refused() -> None:
    form = replace(FORM, term_ends_on=FORM.term_starts_on - timedelta(days=1))
    assert _errors(form) == {"term_ends_on": "The term has to end after it starts."}


def test_enrolment_closing_in_the_past_is_refused() -> None:
    form = replace(FORM, enrolment_closes_on=TODAY - timedelta(days=1))
    assert _errors(form) == {
        "enrolment_closes_on": "Enrolment can't close in the past; today is 2026-12-01."
    }


def test_enrolment_closing_today_is_fine_and_today_is_the_admins_day() -> None:
    assert _errors(replace(FORM, enrolment_closes_on=TODAY)) == {}
    # 09:00 UTC on 1 December is already 2 December in Auckland.
    assert "enrolment_closes_on" in _errors(
        replace(FORM, enrolment_closes_on=TODAY), today=TODAY + timedelta(days=1)
    )


def test_zero_mentees_per_mentor_is_refused() -> None:
    assert _errors(replace(FORM, mentees_per_mentor=0)) == {
        "mentees_per_mentor": "Each mentor takes between 1 and 10 mentees."
    }


def test_a_blank_name_and_an_unknown_mode_are_refused() -> None:
    errors = _errors(replace(FORM, name="  \u200b ", matching_mode="lottery"))
    assert set(errors) == {"name", "matching_mode"}


def test_names_are_unique_per_workspace_whatever_their_case(db: Database) -> None:
    with db.begin() as session:
        new_program(session, "Spring cohort")
        again = catalog.create_program(
            session,
            team_id=TEAM,
            form=replace(FORM, name="SPRING   Cohort"),
            admin_id=None,
            admin_tz="UTC",
            now=NOW,
        )
    assert again.program is None
    assert again.errors == {"name": "A program named SPRING Cohort already exists."}


def test_join_leave_and_join_again(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session)
        ana = enrolled_mentee(session, program, "UANA", ["python"])
        assert program.id is not None and ana.id is not None
        pid, aid = program.id, ana.id
        twice = catalog.join(
            session, team_id=TEAM, program_id=pid, person_id=aid, role="mentee", now=NOW
        )
        assert twice.kind == "already"
    left = leaving.leave(db, team_id=TEAM, program_id=pid, person_id=aid, role="mentee", now=NOW)
    assert left.kind == "left" and left.solved_again is None
    gone = leaving.leave(db, team_id=TEAM, program_id=pid, person_id=aid, role="mentee", now=NOW)
    assert gone.kind == "not_in"
    with db.begin() as session:
        back = catalog.join(
            session, team_id=TEAM, program_id=pid, person_id=aid, role="mentee", now=NOW
        )
        assert back.kind == "joined"
        views = catalog.programs_for(session, team_id=TEAM, person_id=aid, now=NOW)
    assert [(v.program.name, v.roles, v.can_join) for v in views] == [
        ("Spring cohort", ("mentee",), True)
    ]


def test_joining_after_enrolment_closed_is_refused(db: Database) -> None:
    with db.begin() as session:
        program = new_program(session, closes=TODAY)
        ana = person(session, "UANA")
        assert program.id is not None and ana.id is not None
        late = catalog.join(
            session,
            team_id=TEAM,
            program_id=program.id,
            person_id=ana.id,
            role="mentor",
            now=NOW + timedelta(days=1),
        )
        assert late.kind == "closed"
        assert late.message == "Enrolment in Spring cohort closed on 2026-12-01."
        views = catalog.programs_for(
            session, team_id=TEAM, person_id=ana.id, now=NOW + timedelta(days=1)
        )
        assert views == []
