"""Leaving a program, and what it undoes: a mentee's program introductions still waiting are
withdrawn; a mentor's introductions of a published round still out are withdrawn, and each of
their mentees is offered the best free mentor left. Leaving while a proposal waits that pairs
the person solves the round again, and the new proposal says who left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from bot.services.introductions import answering
from bot.services.matching.ranking import PENDING_STATUSES
from bot.services.programs import followups, rounds
from storage.engine import Database
from storage.models import IntroRequest, Program
from storage.models.deliveries import PROGRAM_MATCHED
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import program_exits, program_rounds
from storage.repositories import programs as programs_repo


@dataclass(frozen=True)
class Undone:
    withdrawn: int = 0  # introductions taken back
    reoffered: tuple[followups.Reoffer, ...] = ()
    # Mentees whose own request to a leaving mentor ("mentees choose") was withdrawn: to tell.
    asked_by: tuple[int, ...] = ()
    requests: tuple[int, ...] = ()  # the withdrawn introductions: their mentor's copy to update


def after_leaving(
    session: Session, *, program: Program, person_id: int, role: str, now: datetime
) -> Undone:
    """Undo what the person's place in the program still had open (in the caller's unit of
    work, after the enrolment was marked left)."""
    assert program.id is not None
    if role == "mentee":
        ids = program_exits.mentee_requests(
            session, program_id=program.id, mentee_id=person_id, statuses=PENDING_STATUSES
        )
        done = [
            answering.withdraw(
                session, team_id=program.team_id, request_id=i, clicker_id=person_id, now=now
            )
            for i in ids
        ]
        taken = tuple(i for i, o in zip(ids, done, strict=True) if o.kind == "withdrawn")
        return Undone(withdrawn=len(taken), requests=taken)
    return _mentor_left(session, program, person_id, now)


def _mentor_left(session: Session, program: Program, mentor_id: int, now: datetime) -> Undone:
    assert program.id is not None
    rounds: dict[int, list[int]] = {}
    taken: list[int] = []
    for pair, request in program_exits.mentor_offers(
        session, program_id=program.id, mentor_id=mentor_id
    ):
        pair.status = "withdrawn"
        program_rounds.save(session, row=pair)
        if request.status in PENDING_STATUSES:
            request.status, request.answered_at = "withdrawn", now
            session.add(request)
            taken.append(int(request.id or 0))
        notice = program_rounds.pending_delivery(
            session, key=f"{PROGRAM_MATCHED}:{int(request.id or 0)}"
        )
        if notice is not None:  # "matched you with" a mentor who left: it would mislead
            deliveries_repo.cancel(session, notice)
        rounds.setdefault(pair.round_id, []).append(pair.mentee_id)
    chosen = _withdraw_chosen(session, program, mentor_id, now)
    asked_by = tuple(r.mentee_id for r in chosen)
    taken += [int(r.id or 0) for r in chosen]
    session.flush()
    reoffered: list[followups.Reoffer] = []
    for round_id, mentees in sorted(rounds.items()):
        reoffered += followups.offer_best_free(
            session, program=program, round_id=round_id, mentee_ids=mentees, now=now
        )
    withdrawn = sum(len(m) for m in rounds.values()) + len(asked_by)
    return Undone(withdrawn, tuple(reoffered), asked_by, tuple(taken))


def _withdraw_chosen(
    session: Session, program: Program, mentor_id: int, now: datetime
) -> list[IntroRequest]:
    """A "mentees choose" program: requests its mentees made to the leaving mentor, still
    waiting, are withdrawn (their place frees)."""
    assert program.id is not None
    requests = program_exits.mentor_program_requests(
        session, program_id=program.id, mentor_id=mentor_id, statuses=PENDING_STATUSES
    )
    for request in requests:
        request.status, request.answered_at = "withdrawn", now
        session.add(request)
    return requests


@dataclass(frozen=True)
class Left:
    kind: Literal["left", "not_in"]
    solved_again: rounds.RoundOutcome | None = None
    undone: Undone = Undone()


def leave(
    db: Database, *, team_id: str, program_id: int, person_id: int, role: str, now: datetime
) -> Left:
    """Leave the program; a waiting proposal that paired the person is solved again; what
    their place still had open is undone (after_leaving). The program's row lock makes two
    clicks at once take turns: the second finds the place already left."""
    with db.begin() as session:
        programs_repo.lock_program(session, team_id=team_id, program_id=program_id)
        enrolment = programs_repo.get_enrolment(
            session, program_id=program_id, person_id=person_id, role=role
        )
        if enrolment is None or enrolment.left_at is not None or enrolment.team_id != team_id:
            return Left("not_in")
        enrolment.left_at = now
        programs_repo.save_enrolment(session, enrolment=enrolment)
        program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
        assert program is not None  # the enrolment's own program, in its workspace
        undone = after_leaving(session, program=program, person_id=person_id, role=role, now=now)
        proposal = program_rounds.proposed_round(session, program_id=program_id)
        involved = proposal is not None and any(
            (p.mentee_id if role == "mentee" else p.mentor_id) == person_id
            for p in program_rounds.pairs_of(session, round_id=int(proposal.id or 0))
            if p.status == "proposed"
        )
        person = programs_repo.people_by_ids(session, team_id=team_id, ids=[person_id])
    if not involved or proposal is None:
        return Left("left", undone=undone)
    name = person[person_id].name if person_id in person else "Someone"
    again = rounds.match_now(
        db,
        team_id=team_id,
        program_id=program_id,
        admin_id=proposal.created_by_person_id,
        now=now,
        replacing=proposal.id,
        note=f"Solved again: {name} left the program after this round was proposed.",
    )
    return Left("left", again, undone)
