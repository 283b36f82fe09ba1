"""What the admin's review of a proposal needs beyond the round itself: the mentors a pair's
mentee could have instead (the Swap modal), the admin's changes by the choice made there, and
where the proposal message landed (so a swap, a removal, Match again or Publish updates it)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.people import is_admin
from bot.services.programs import edits, fit
from bot.services.programs.fit import FIT_SCALE
from bot.services.programs.proposals import PairLine, Proposal, read_proposal
from storage.models import Person
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo

MAX_CHOICES = 100  # a static select's options

PAIR_PREFIX, MENTOR_PREFIX = "pair:", "mentor:"
_ID = re.compile(r"[1-9][0-9]{0,8}")  # what a choice may name (PostgreSQL's integer)


@dataclass(frozen=True)
class SwapChoice:
    """Another mentor for the pair's mentee: `value` names a free mentor ("mentor:ID") or the
    pair whose mentor the two pairs would swap ("pair:ID")."""

    value: str
    mentor_name: str
    detail: str  # "2 places free" or "now with Cy: they swap"
    fit: float  # the mentee's fit with them (0: no shared skill)


@dataclass(frozen=True)
class SwapChoices:
    round_id: int
    pair: PairLine
    choices: tuple[SwapChoice, ...]
    more: int  # choices beyond MAX_CHOICES, left out


def admin_of(session: Session, person: Person) -> bool:
    """Whether the person may review the workspace's program rounds (checked on every click)."""
    return is_admin(session, person)


def swap_choices(
    session: Session, *, team_id: str, round_id: int, pair_id: int, now: datetime
) -> SwapChoices | edits.EditOutcome:
    """The program's mentors the pair's mentee could have instead, best fit first; else why
    the pair cannot be changed (the round was published or replaced, the pair removed)."""
    proposal = read_proposal(session, team_id=team_id, round_id=round_id)
    if proposal is None:
        return edits.EditOutcome("unknown", "There is no such round.")
    if proposal.status != "proposed":
        return edits.EditOutcome("closed", "This proposal is no longer open to changes.")
    line = next((p for p in proposal.pairs if p.pair_id == pair_id), None)
    if line is None or line.status != "proposed":
        return edits.EditOutcome("unknown", "That pair is not in the proposal.")
    program = programs_repo.get_program(session, team_id=team_id, program_id=proposal.program_id)
    assert program is not None
    cohort = fit.load_cohort(session, program=program, now=now, only={line.mentee_id})
    allowed = fit.build(cohort).allowed.get(line.mentee_id, {})
    room = edits.room_left(session, cohort, round_id)
    names = programs_repo.people_by_ids(session, team_id=team_id, ids=sorted(cohort.mentors))
    found: list[SwapChoice] = []
    mine = {line.mentor_id, line.mentee_id}  # the mentor they have; never themselves (both roles)
    for mentor_id, left in room.items():
        if mentor_id not in mine and left > 0:
            places = f"{left} place{'s' if left > 1 else ''} free"
            found.append(_choice(MENTOR_PREFIX, mentor_id, mentor_id, names, places, allowed))
    for other in proposal.pairs:
        if other.status == "proposed" and other.mentor_id not in mine:
            detail = f"now with {other.mentee_name}: they swap"
            found.append(
                _choice(PAIR_PREFIX, other.pair_id, other.mentor_id, names, detail, allowed)
            )
    found.sort(key=lambda c: (-c.fit, c.mentor_name.casefold(), c.value))
    return SwapChoices(round_id, line, tuple(found[:MAX_CHOICES]), max(0, len(found) - MAX_CHOICES))


def _choice(
    prefix: str,
    value: int,
    mentor_id: int,
    names: dict[int, Person],
    detail: str,
    allowed: Mapping[int, int],
) -> SwapChoice:
    person = names.get(mentor_id)
    points = allowed.get(mentor_id, 0)
    return SwapChoice(
        f"{prefix}{value}", person.name if person else f"#{mentor_id}", detail, points / FIT_SCALE
    )


def apply_swap(
    session: Session, *, team_id: str, round_id: int, pair_id: int, choice: str, now: datetime
) -> edits.EditOutcome:
    """The Swap modal's choice: swap mentors with another pair, or take a free mentor."""
    prefix, _, raw = choice.partition(":")
    if not _ID.fullmatch(raw) or f"{prefix}:" not in (PAIR_PREFIX, MENTOR_PREFIX):
        return edits.EditOutcome("unknown", "Choose one of the program's mentors.")
    if f"{prefix}:" == PAIR_PREFIX:
        return edits.swap_mentors(
            session, team_id=team_id, round_id=round_id, first=pair_id, second=int(raw), now=now
        )
    return edits.move_to_mentor(
        session, team_id=team_id, round_id=round_id, pair_id=pair_id, mentor_id=int(raw), now=now
    )


def remember_message(
    session: Session, *, team_id: str, round_id: int, channel_id: str, ts: str
) -> None:
    """The proposal message the admin works from now (updated after each change)."""
    round_ = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if round_ is not None and channel_id and ts:
        round_.proposal_channel_id, round_.proposal_ts = channel_id, ts
        program_rounds.save(session, row=round_)


def message_of(session: Session, *, team_id: str, round_id: int) -> tuple[str, str] | None:
    """Where the round's proposal message is, if it was posted."""
    round_ = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if round_ is None or not round_.proposal_channel_id or not round_.proposal_ts:
        return None
    return round_.proposal_channel_id, round_.proposal_ts


def latest_proposal(session: Session, *, team_id: str, program_id: int) -> Proposal | None:
    """The program's proposal waiting for review, else its last published round."""
    round_ = program_rounds.latest_round(session, program_id=program_id)
    if round_ is None or round_.id is None or round_.team_id != team_id:
        return None
    return read_proposal(session, team_id=team_id, round_id=round_.id)


def proposal_to_send(
    session: Session, *, team_id: str, program_id: int, round_id: int | None
) -> Proposal | None:
    """The round a proposal delivery names, or (replaced meanwhile) the program's latest."""
    if round_id is not None:
        proposal = read_proposal(session, team_id=team_id, round_id=round_id)
        if proposal is not None and proposal.status == "proposed":
            return proposal
    return latest_proposal(session, team_id=team_id, program_id=program_id)


def program_name(session: Session, *, team_id: str, program_id: int | None) -> str:
    """A program's name for its deliveries ("" when it is gone)."""
    if program_id is None:
        return ""
    program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
    return program.name if program is not None else ""
