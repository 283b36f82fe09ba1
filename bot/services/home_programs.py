"""What App Home's "Programs you run" shows an admin: each open program's enrolment and round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from bot.services.people import is_admin
from storage.models import Person
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo


@dataclass(frozen=True)
class ProgramRun:
    program_id: int
    name: str
    matching_mode: str
    enrolment_closes_on: date
    mentees: int  # enrolled now
    mentors: int
    round_id: int | None  # the proposal waiting, else the last published round
    round_status: str  # proposed, published, or "" (never matched)
    matched: int
    round_mentees: int


def programs_run(session: Session, *, person: Person) -> list[ProgramRun]:
    """The workspace's programs not closed, newest first, for an admin; nothing for others."""
    if person.id is None or not is_admin(session, person):
        return []
    team = person.team_id
    counts = programs_repo.enrolment_counts(session, team_id=team)
    found: list[ProgramRun] = []
    for program in reversed(programs_repo.programs_of(session, team_id=team)):
        if program.status == "closed" or program.id is None:
            continue
        round_ = program_rounds.latest_round(session, program_id=program.id)
        found.append(
            ProgramRun(
                program_id=program.id,
                name=program.name,
                matching_mode=program.matching_mode,
                enrolment_closes_on=program.enrolment_closes_on,
                mentees=counts.get((program.id, "mentee"), 0),
                mentors=counts.get((program.id, "mentor"), 0),
                round_id=round_.id if round_ is not None else None,
                round_status=round_.status if round_ is not None else "",
                matched=round_.matched_count if round_ is not None else 0,
                round_mentees=round_.mentee_count if round_ is not None else 0,
            )
        )
    return found
