"""A program with a term and its pairs, as plain rows (the enrolment and the round are other
strands' work: here a pair is a program pair because pair.program_id says so)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from storage.engine import Database
from storage.models import Pair, Person, Program, Reflection, SkillGap
from storage.repositories import people as people_repo
from tests.scheduler.helpers import TEAM, make_pair

# Mondays are the pairs' meeting day (prepare Fri, prompt Mon, check-ins Tue): the term's middle
# day (Wed 30 Dec) and last day (Thu 28 Jan) carry no meeting message.
TERM_START, TERM_END, MIDDLE = date(2026, 12, 1), date(2027, 1, 28), date(2026, 12, 30)
START = datetime(2026, 12, 1, 9, tzinfo=UTC)


def new_program(
    db: Database,
    *,
    name: str = "Spring cohort",
    status: str = "enrolling",
    starts: date = TERM_START,
    ends: date = TERM_END,
    team: str = TEAM,
) -> Program:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id=team, now=START)
        program = Program(
            team_id=team,
            name=name,
            name_key=name.casefold(),
            enrolment_closes_on=starts,
            term_starts_on=starts,
            term_ends_on=ends,
            status=status,
            created_at=START,
            updated_at=START,
        )
        session.add(program)
        session.flush()
        return program


def program_pair(
    db: Database,
    program: Program,
    *,
    started: datetime = START,
    mentor: str = "UMENTOR",
    mentee: str = "UMENTEE",
    mentor_tz: str = "Europe/London",
    mentee_tz: str = "Europe/London",
) -> Pair:
    pair = make_pair(
        db,
        started,
        mentor=mentor,
        mentee=mentee,
        mentor_tz=mentor_tz,
        mentee_tz=mentee_tz,
        weekday=0,
        team=program.team_id,
    )
    with db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.program_id, stored.started_at = program.id, started
        session.add(stored)
        session.flush()
        return stored


def skill_gaps(session: Session, person: Person, keys: list[str]) -> None:
    """The person's current reflection wants these skills."""
    assert person.id is not None
    reflection = Reflection(
        team_id=person.team_id,
        person_id=person.id,
        step="done",
        started_at=START,
        updated_at=START,
    )
    session.add(reflection)
    session.flush()
    for key in keys:
        session.add(
            SkillGap(
                team_id=person.team_id,
                reflection_id=reflection.id or 0,
                person_id=person.id,
                skill_key=key,
                created_at=START,
            )
        )
    session.flush()
