"""Programs with mentees and mentors, built from the matching fixtures (plain rows, no Slack)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlmodel import Session

from bot.services import skills
from bot.services.programs import catalog
from storage.models import IntroRequest, Person, Program
from storage.repositories import people as people_repo
from tests.services.matching_fixtures import NOW, TEAM, gaps, mentor, person

__all__ = ["NOW", "TEAM", "declined", "enrolled_mentor", "enrolled_mentee", "new_program"]

TODAY = NOW.date()


def new_program(
    session: Session,
    name: str = "Spring cohort",
    *,
    per_mentor: int = 1,
    closes: date = TODAY + timedelta(days=14),
    circle_size: int | None = None,
) -> Program:
    people_repo.ensure_workspace(session, team_id=TEAM, now=NOW)
    skills.ensure_default_skills(session, team_id=TEAM, now=NOW)
    form = catalog.ProgramForm(
        name=name,
        enrolment_closes_on=closes,
        term_starts_on=TODAY + timedelta(days=30),
        term_ends_on=TODAY + timedelta(days=120),
        mentees_per_mentor=per_mentor,
        circle_size=circle_size,
    )
    created = catalog.create_program(
        session, team_id=TEAM, form=form, admin_id=None, admin_tz="UTC", now=NOW
    )
    assert created.program is not None, created.errors
    return created.program


def _join(session: Session, program: Program, who: Person, role: str) -> None:
    assert program.id is not None and who.id is not None
    joined = catalog.join(
        session, team_id=TEAM, program_id=program.id, person_id=who.id, role=role, now=NOW
    )
    assert joined.kind == "joined", joined


def enrolled_mentee(
    session: Session,
    program: Program,
    slack_id: str,
    wanted: Sequence[str],
    *,
    tz: str = "Europe/Paris",
    manager: Person | None = None,
) -> Person:
    who = person(session, slack_id, tz=tz)
    if wanted:
        gaps(session, who, wanted)
    if manager is not None:
        who.manager_person_id = manager.id
        session.add(who)
        session.flush()
    _join(session, program, who, "mentee")
    return who


def enrolled_mentor(
    session: Session,
    program: Program,
    slack_id: str,
    skills: Sequence[str],
    *,
    capacity: int = 2,
    tz: str = "Europe/Paris",
    team: str = "",
    alumni: str = "",
    is_open: bool = True,
) -> Person:
    who = mentor(
        session,
        slack_id,
        skills,
        capacity=capacity,
        tz=tz,
        team=team,
        alumni=alumni,
        is_open=is_open,
    )
    _join(session, program, who, "mentor")
    return who


def declined(session: Session, mentee: Person, by: Person, *, days_ago: int) -> None:
    """The mentor declined the mentee's request that many days ago."""
    assert mentee.id is not None and by.id is not None
    answered = NOW - timedelta(days=days_ago)
    session.add(
        IntroRequest(
            team_id=TEAM,
            mentee_id=mentee.id,
            mentor_id=by.id,
            message="hi",
            status="declined",
            created_at=answered - timedelta(days=1),
            expires_at=answered + timedelta(days=6),
            answered_at=answered,
        )
    )
    session.flush()
