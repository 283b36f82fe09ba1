"""Match now: solve the program's round and keep it as the one proposal the admin reviews.

The solve runs outside any lock (it reads, then computes for a few seconds at scale); storing
it takes the program's row lock and checks that no other proposal appeared and nobody joined or
left meanwhile (else it solves again). Two admins pressing Match now at once get one round: the
second finds the first one's proposal. The partial unique index on matching_round backs this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.services.programs import fit, reasons, solver
from bot.services.programs.proposals import Proposal, read_proposal
from storage.engine import Database
from storage.models import MatchingRound, Program
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo

ATTEMPTS = 3  # solves tried while people keep joining or leaving before we store one

RoundKind = Literal[
    "proposed",
    "already_proposed",
    "unknown",
    "mentees_choose",
    "no_mentors",
    "no_mentees",
    "busy",
    "closed",
]
MENTEES_CHOOSE = "In {} mentees choose their mentor, so there is no round to match."
CLOSED = "That proposal was published or replaced meanwhile, so it was not solved again."


@dataclass(frozen=True)
class RoundOutcome:
    kind: RoundKind
    proposal: Proposal | None = None
    message: str = ""


@dataclass(frozen=True)
class Solved:
    """A solve, with what it was computed from (to check nothing moved before storing it)."""

    cohort: fit.Cohort
    fits: fit.Fits
    assignment: solver.Assignment
    enrolled: set[tuple[int, str]]


def match_now(
    db: Database,
    *,
    team_id: str,
    program_id: int,
    admin_id: int | None,
    now: datetime,
    replacing: int | None = None,
    note: str = "",
) -> RoundOutcome:
    """Solve and store the program's proposal, or return the one already waiting.
    `replacing` is the proposal this one supersedes (solved again after a change)."""
    for _ in range(ATTEMPTS):
        with db.begin() as session:
            program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
            if program is None:
                return RoundOutcome("unknown", message="There is no such program.")
            if program.matching_mode != "round":
                return RoundOutcome("mentees_choose", message=MENTEES_CHOOSE.format(program.name))
            waiting = _waiting(session, program, replacing)
            if waiting is not None:
                return waiting
            cohort = fit.load_cohort(session, program=program, now=now)
            enrolled = programs_repo.active_enrolments(session, program_id=program_id)
        empty = _nobody(program, cohort)
        if empty is not None:
            if replacing is not None:  # nothing to solve again with: the stale one goes anyway
                with db.begin() as session:
                    program_rounds.supersede(session, round_id=replacing)
            return empty
        fits = fit.build(cohort)
        solved = Solved(cohort, fits, solver.solve(fits.instance), enrolled)
        stored = _store(db, solved, admin_id=admin_id, replacing=replacing, note=note, now=now)
        if stored is not None:
            return stored
    return RoundOutcome("busy", message="People kept joining or leaving; try Match now again.")


def _waiting(session: Session, program: Program, replacing: int | None) -> RoundOutcome | None:
    """The proposal already waiting (not the one being replaced), as the answer."""
    assert program.id is not None
    current = program_rounds.proposed_round(session, program_id=program.id)
    if current is None or current.id == replacing:
        return None
    proposal = read_proposal(session, team_id=program.team_id, round_id=int(current.id or 0))
    return RoundOutcome("already_proposed", proposal, "A proposal is already waiting for review.")


def _nobody(program: Program, cohort: fit.Cohort) -> RoundOutcome | None:
    if not cohort.mentors:
        return RoundOutcome(
            "no_mentors",
            message=f"No mentor has joined {program.name} yet, so there is nobody to match "
            f"its {len(cohort.mentees)} mentees with. Invite people who could mentor to join.",
        )
    if not cohort.mentees:
        return RoundOutcome(
            "no_mentees", message=f"No mentee in {program.name} is waiting for a mentor."
        )
    return None


def _store(
    db: Database,
    solved: Solved,
    *,
    admin_id: int | None,
    replacing: int | None,
    note: str,
    now: datetime,
) -> RoundOutcome | None:
    """Keep the solve as the proposal; None when the program changed since it was read."""
    program = solved.cohort.program
    assert program.id is not None
    try:
        with db.begin() as session:
            programs_repo.lock_program(session, team_id=program.team_id, program_id=program.id)
            waiting = _waiting(session, program, replacing)
            if waiting is not None:
                return waiting
            if programs_repo.active_enrolments(session, program_id=program.id) != solved.enrolled:
                return None
            if replacing is not None and not program_rounds.supersede(session, round_id=replacing):
                return RoundOutcome("closed", message=CLOSED)
            round_id = _insert(session, solved, admin_id=admin_id, note=note, now=now)
            if replacing is not None:  # the admin's message of the old proposal shows this one
                program_rounds.carry_message(session, from_round=replacing, to_round=round_id)
            proposal = read_proposal(session, team_id=program.team_id, round_id=round_id)
    except IntegrityError:  # the one-proposal index: another admin's round won the race
        return None
    return RoundOutcome("proposed", proposal)


def _insert(
    session: Session, solved: Solved, *, admin_id: int | None, note: str, now: datetime
) -> int:
    cohort, assignment = solved.cohort, solved.assignment
    program = cohort.program
    assert program.id is not None
    round_ = program_rounds.add_round(
        session,
        round_=MatchingRound(
            team_id=program.team_id,
            program_id=program.id,
            solver_status=assignment.status,
            mentee_count=len(cohort.mentees),
            mentor_count=len(cohort.mentors),
            matched_count=assignment.matched,
            total_fit=assignment.total_fit,
            edges=solved.fits.instance.edges,
            note=note,
            created_by_person_id=admin_id,
            created_at=now,
        ),
    )
    assert round_.id is not None
    store_lines(session, solved.fits, assignment, round_id=round_.id, now=now)
    return round_.id


def store_lines(
    session: Session,
    fits: fit.Fits,
    assignment: solver.Assignment,
    *,
    round_id: int,
    now: datetime,
) -> None:
    """A row per pair with its score and reasons, a row per unmatched mentee with why."""
    team = fits.cohort.program.team_id
    base = {"team_id": team, "round_id": round_id, "created_at": now}
    matched = {mentee for mentee, _mentor, _fit in assignment.pairs}
    program_rounds.add_pairs(
        session,
        rows=[
            base
            | {"mentee_id": mentee, "mentor_id": mentor, "score": points}
            | {"reasons": reasons.pair_reasons(fits, mentee, mentor), "status": "proposed"}
            | {"origin": "round"}
            for mentee, mentor, points in assignment.pairs
        ],
    )
    left = [m for m in fits.cohort.mentees if m.person_id not in matched]
    program_rounds.add_unmatched(
        session,
        rows=[
            base | {"mentee_id": mentee, "code": code, "reason": why}
            for mentee, (code, why) in reasons.unmatched_reasons(fits, left).items()
        ],
    )
