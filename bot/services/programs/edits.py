"""The admin's changes to a proposal before publishing: swap the mentors of two pairs, or
remove a pair. Each takes the program's lock, so it cannot interleave with a publish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from bot.services.programs import fit, reasons
from storage.models import Person, RoundPair
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo

EditKind = Literal["swapped", "removed", "refused", "closed", "unknown"]

_WHY_REFUSED = {
    "self": "{mentee} would be their own mentor",
    "manager": "{mentor} is {mentee}'s manager",
    "declined": "{mentor} declined {mentee} in the last 90 days",
    "asked": "{mentee} already has a request with {mentor}",
    "paired": "{mentor} is already {mentee}'s mentor",
    "left": "{mentor} is no longer in the program",
    "mentee_left": "{mentee} is no longer in the program",
    "same": "{mentor} is already {mentee}'s mentor in this proposal",
    "no_room": "{mentor} has no room left in the program",
}
NO_SHARED_SKILL = "no skill on their list; paired by an admin"


@dataclass(frozen=True)
class EditOutcome:
    kind: EditKind
    message: str = ""


def swap_mentors(
    session: Session, *, team_id: str, round_id: int, first: int, second: int, now: datetime
) -> EditOutcome:
    """Pair A's mentee with B's mentor and B's mentee with A's mentor, when no hard rule
    forbids either new pair. Scores and reasons are computed afresh."""
    found = _editable(session, team_id=team_id, round_id=round_id, pair_ids=(first, second))
    if isinstance(found, EditOutcome):
        return found
    program_id, (a, b) = found
    program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
    assert program is not None
    cohort = fit.load_cohort(session, program=program, now=now, only={a.mentee_id, b.mentee_id})
    fits = fit.build(cohort)
    for mentee_id, mentor_id in ((a.mentee_id, b.mentor_id), (b.mentee_id, a.mentor_id)):
        why = _refusal(fits, mentee_id, mentor_id)
        if why is not None:
            people = programs_repo.people_by_ids(
                session, team_id=team_id, ids=[mentee_id, mentor_id]
            )
            names = {"mentee": _name(people, mentee_id), "mentor": _name(people, mentor_id)}
            return EditOutcome("refused", _WHY_REFUSED[why].format(**names) + ".")
    a.mentor_id, b.mentor_id = b.mentor_id, a.mentor_id
    for pair in (a, b):
        points = fits.points(pair.mentee_id, pair.mentor_id)
        pair.score = points or 0
        pair.reasons = (
            reasons.pair_reasons(fits, pair.mentee_id, pair.mentor_id)
            if points
            else NO_SHARED_SKILL
        )
        pair.origin = "swap"
        program_rounds.save(session, row=pair)
    return EditOutcome("swapped")


def move_to_mentor(
    session: Session, *, team_id: str, round_id: int, pair_id: int, mentor_id: int, now: datetime
) -> EditOutcome:
    """Give the pair's mentee a mentor of the program who is in no proposed pair with room to
    spare, when no hard rule forbids it. The score and reasons are computed afresh."""
    found = _editable(session, team_id=team_id, round_id=round_id, pair_ids=(pair_id,))
    if isinstance(found, EditOutcome):
        return found
    program_id, (pair,) = found
    program = programs_repo.get_program(session, team_id=team_id, program_id=program_id)
    assert program is not None
    cohort = fit.load_cohort(session, program=program, now=now, only={pair.mentee_id})
    fits = fit.build(cohort)
    why = "same" if mentor_id == pair.mentor_id else _refusal(fits, pair.mentee_id, mentor_id)
    if why is None and room_left(session, cohort, round_id).get(mentor_id, 0) <= 0:
        why = "no_room"
    if why is not None:
        people = programs_repo.people_by_ids(
            session, team_id=team_id, ids=[pair.mentee_id, mentor_id]
        )
        names = {"mentee": _name(people, pair.mentee_id), "mentor": _name(people, mentor_id)}
        return EditOutcome("refused", _WHY_REFUSED[why].format(**names) + ".")
    pair.mentor_id = mentor_id
    points = fits.points(pair.mentee_id, mentor_id)
    pair.score = points or 0
    pair.reasons = (
        reasons.pair_reasons(fits, pair.mentee_id, mentor_id) if points else NO_SHARED_SKILL
    )
    pair.origin = "swap"
    program_rounds.save(session, row=pair)
    return EditOutcome("swapped")


def room_left(session: Session, cohort: fit.Cohort, round_id: int) -> dict[int, int]:
    """Per mentor of the program: the mentees they could still take beyond the round's
    proposed pairs."""
    proposed: dict[int, int] = {}
    for pair in program_rounds.pairs_of(session, round_id=round_id, statuses=("proposed",)):
        proposed[pair.mentor_id] = proposed.get(pair.mentor_id, 0) + 1
    return {m: cohort.slots.get(m, 0) - proposed.get(m, 0) for m in cohort.mentors}


def remove_pair(
    session: Session, *, team_id: str, round_id: int, pair_id: int, now: datetime
) -> EditOutcome:
    """Take a pair out of the proposal; its mentee is listed as unmatched, removed by an admin."""
    found = _editable(session, team_id=team_id, round_id=round_id, pair_ids=(pair_id,))
    if isinstance(found, EditOutcome):
        return found
    (pair,) = found[1]
    pair.status = "removed"
    program_rounds.save(session, row=pair)
    row = {"team_id": team_id, "round_id": round_id, "mentee_id": pair.mentee_id}
    row |= {"code": "removed", "reason": reasons.REMOVED, "created_at": now}
    program_rounds.add_unmatched(session, rows=[row])
    return EditOutcome("removed")


def _editable(
    session: Session, *, team_id: str, round_id: int, pair_ids: tuple[int, ...]
) -> tuple[int, list[RoundPair]] | EditOutcome:
    """The round's program and the proposed pairs, with the program locked; else why not."""
    round_ = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if round_ is None:
        return EditOutcome("unknown", "There is no such round.")
    programs_repo.lock_program(session, team_id=team_id, program_id=round_.program_id)
    round_ = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if round_ is None or round_.status != "proposed":
        return EditOutcome("closed", "This proposal is no longer open to changes.")
    pairs = [program_rounds.get_pair(session, round_id=round_id, pair_id=p) for p in pair_ids]
    found = [p for p in pairs if p is not None and p.status == "proposed"]
    if len(found) != len(pair_ids) or len(set(pair_ids)) != len(pair_ids):
        return EditOutcome("unknown", "That pair is not in the proposal.")
    return round_.program_id, found


def _refusal(fits: fit.Fits, mentee_id: int, mentor_id: int) -> str | None:
    """The hard rule a new pair would break, if any."""
    if mentor_id not in fits.cohort.mentors:
        return "left"
    mentee = fits.cohort.by_id.get(mentee_id)
    if mentee is None:
        return "mentee_left"
    return fit.ruled_out(fits.cohort, mentee, {mentor_id}).get(mentor_id)


def _name(people: dict[int, Person], person_id: int) -> str:
    person = people.get(person_id)
    return person.name if person is not None else "someone"
