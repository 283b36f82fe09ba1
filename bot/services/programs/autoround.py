"""When a round-mode program's enrolment has closed (the day after enrolment_closes_on, in its
creator's zone), a scheduler pass matches it once and queues the proposal to its creator (or,
with no creator, to every admin): a program_proposal delivery.

Matching may run on two replicas at once: rounds.match_now keeps one proposal per program, and
marking the program matched (auto_matched_at) and queuing the proposal happen in one unit of
work under the program's row lock, so only one replica queues it. A crash between the solve and
that unit of work leaves auto_matched_at empty: the next pass finds the proposal waiting and
queues it then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.clock import local
from bot.services.programs import rounds
from bot.services.typed_text import whole_number
from storage.engine import Database
from storage.models import Person, Program
from storage.models.deliveries import PROGRAM_PROPOSAL
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import people as people_repo
from storage.repositories import programs as programs_repo
from storage.repositories import roles as roles_repo

NOTE = "Matched by the scheduler when enrolment closed."


@dataclass(frozen=True)
class AutoRound:
    """What a pass did for one program whose enrolment closed."""

    program_id: int
    kind: str  # the match_now outcome: proposed, already_proposed, no_mentors, ...
    round_id: int | None
    queued: int  # proposal messages queued (0 when another replica got there first)


def match_closed_programs(db: Database, *, now: datetime) -> list[AutoRound]:
    """Match every round-mode program whose enrolment has closed and that no pass matched yet."""
    with db.begin() as session:
        due = [(p.team_id, int(p.id or 0)) for p in programs_due(session, now=now)]
    return [_match_one(db, team_id, program_id, now) for team_id, program_id in due]


def programs_due(session: Session, *, now: datetime) -> list[Program]:
    """The programs whose enrolment closed before today in their creator's zone (UTC without
    one), not matched by a pass yet."""
    # Nowhere is it more than a day later than in UTC: a coarse filter, then each creator's day.
    found = programs_repo.rounds_due(session, closed_before=now.date() + timedelta(days=1))
    return [p for p in found if _closed(session, p, now)]


def _closed(session: Session, program: Program, now: datetime) -> bool:
    return program_today(session, program, now) > program.enrolment_closes_on


def program_today(session: Session, program: Program, now: datetime) -> date:
    """The day it is in the program's zone, its creator's (UTC without one): enrolment closes
    at the end of its closing day there, for everyone, when the round is matched."""
    creator = _creator(session, program)
    return local(now, creator.tz if creator is not None else "UTC").date()


def _match_one(db: Database, team_id: str, program_id: int, now: datetime) -> AutoRound:
    outcome = rounds.match_now(
        db, team_id=team_id, program_id=program_id, admin_id=None, now=now, note=NOTE
    )
    proposal = outcome.proposal
    round_id = proposal.round_id if proposal is not None and proposal.status == "proposed" else None
    with db.begin() as session:
        program = programs_repo.lock_program(session, team_id=team_id, program_id=program_id)
        if program is None or program.auto_matched_at is not None:
            return AutoRound(program_id, outcome.kind, round_id, 0)  # another replica did it
        program.auto_matched_at = now
        session.add(program)
        recipients = proposal_recipients(session, program) if round_id is not None else []
        for person in recipients:
            _queue(session, program, person, int(round_id or 0), now)
    queued = len(recipients)  # one key per round and person: a retried pass adds none
    return AutoRound(program_id, outcome.kind, round_id, queued)


def proposal_recipients(session: Session, program: Program) -> list[Person]:
    """The program's creator; without one (or when they left), every admin we know of."""
    creator = _creator(session, program)
    if creator is not None and not creator.is_deleted:
        return [creator]
    named = roles_repo.holders(session, team_id=program.team_id, role="admin")
    from_slack = roles_repo.workspace_admins(session, team_id=program.team_id)
    people = {p.id: p for p in [*named, *from_slack] if not p.is_deleted and not p.is_bot}
    return [people[k] for k in sorted(k for k in people if k is not None)]


def _creator(session: Session, program: Program) -> Person | None:
    if program.created_by_person_id is None:
        return None
    return people_repo.get_person_by_id(
        session, team_id=program.team_id, person_id=program.created_by_person_id
    )


def _queue(
    session: Session, program: Program, person: Person, round_id: int, now: datetime
) -> None:
    row = deliveries_repo.new_delivery(
        PROGRAM_PROPOSAL, None, person, now, f"{PROGRAM_PROPOSAL}:{round_id}:{person.id}", now
    )
    row.program_id = program.id
    deliveries_repo.add_delivery(session, row)


def round_of(key: str) -> int | None:
    """The round a program_proposal delivery is about (its idempotency key names it)."""
    parts = key.split(":")
    return whole_number(parts[1], max_digits=10) if len(parts) == 3 else None
