"""Publish: each proposed pair becomes an introduction to its mentor, once.

Publishing takes the program's row lock and moves the round from proposed to published with a
conditional update, so two admins pressing Publish at once publish it once: the second is told
it is already published. When someone in the proposal has left the program since it was made,
nothing is sent: the round is solved again and the new proposal says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from bot.services.programs import followups, offers, program_circles, rounds
from bot.services.programs.proposals import Proposal, read_proposal
from storage.engine import Database
from storage.models import MatchingRound, Program
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo

PublishKind = Literal["published", "already_published", "superseded", "unknown", "solved_again"]


@dataclass(frozen=True)
class PublishOutcome:
    kind: PublishKind
    proposal: Proposal | None = None
    message: str = ""
    offered: int = 0  # introductions opened, or mentees seated in circles
    unsent: int = 0  # pairs the introductions service refused (their mentee got the next best)
    # A circles program: circle id -> who was seated in it, for the Slack side to bring in.
    seated: program_circles.Seated = field(default_factory=dict)


def publish(
    db: Database, *, team_id: str, round_id: int, admin_id: int | None, now: datetime
) -> PublishOutcome:
    """Open an introduction for every proposed pair of the round (see the module docstring)."""
    with db.begin() as session:
        found = _locked_round(session, team_id=team_id, round_id=round_id)
        if found is None:
            return PublishOutcome("unknown", message="There is no such round.")
        program, round_ = found
        if round_.status != "proposed":
            return _not_proposed(session, program, round_)
        gone = departed(session, program=program, round_id=round_id)
        if not gone:
            if not program_rounds.mark_published(
                session, round_id=round_id, person_id=admin_id, now=now
            ):
                return _not_proposed(session, program, round_)
            seated: program_circles.Seated = {}
            if program.circle_size:
                seated, unsent = program_circles.seat_round(
                    session, program=program, round_id=round_id, now=now
                )
                offered = sum(len(people) for people in seated.values())
            else:
                offered, unsent = _offer_all(session, program, round_id, now)
            proposal = read_proposal(session, team_id=team_id, round_id=round_id)
            return PublishOutcome("published", proposal, "", offered, unsent, seated)
    note = f"Solved again before publishing: {_names(gone)} left the program after it was proposed."
    assert program.id is not None
    again = rounds.match_now(
        db,
        team_id=team_id,
        program_id=program.id,
        admin_id=admin_id,
        now=now,
        replacing=round_id,
        note=note,
    )
    return PublishOutcome("solved_again", again.proposal, message=again.message or note)


def _locked_round(
    session: Session, *, team_id: str, round_id: int
) -> tuple[Program, MatchingRound] | None:
    """The round's program, locked, and the round as it is once we hold the lock."""
    round_ = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if round_ is None:
        return None
    program = programs_repo.lock_program(session, team_id=team_id, program_id=round_.program_id)
    fresh = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if program is None or fresh is None:
        return None
    return program, fresh


def _not_proposed(session: Session, program: Program, round_: MatchingRound) -> PublishOutcome:
    proposal = read_proposal(session, team_id=program.team_id, round_id=int(round_.id or 0))
    if round_.status == "published":
        return PublishOutcome(
            "already_published", proposal, message="This round is already published."
        )
    return PublishOutcome(
        "superseded", proposal, message="This proposal was replaced; review the current one."
    )


def departed(session: Session, *, program: Program, round_id: int) -> list[str]:
    """The names of people in the round's proposed pairs who are no longer in the program."""
    assert program.id is not None
    enrolled = programs_repo.active_enrolments(session, program_id=program.id)
    gone: set[int] = set()
    for pair in program_rounds.pairs_of(session, round_id=round_id, statuses=("proposed",)):
        if (pair.mentee_id, "mentee") not in enrolled:
            gone.add(pair.mentee_id)
        if (pair.mentor_id, "mentor") not in enrolled:
            gone.add(pair.mentor_id)
    people = programs_repo.people_by_ids(session, team_id=program.team_id, ids=sorted(gone))
    return sorted(p.name for p in people.values())


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def _offer_all(session: Session, program: Program, round_id: int, now: datetime) -> tuple[int, int]:
    """Introductions for the proposed pairs; a refused one offers its mentee the next best."""
    refused: list[int] = []
    offered = 0
    for pair in program_rounds.pairs_of(session, round_id=round_id, statuses=("proposed",)):
        if offers.offer(session, program=program, pair=pair, now=now):
            offered += 1
        else:
            refused.append(pair.mentee_id)
    if refused:
        followups.offer_best_free(
            session, program=program, round_id=round_id, mentee_ids=refused, now=now
        )
    return offered, len(refused)
