"""A round as the admin reads it: each pair with its score and reasons, each unmatched mentee
with why, and the figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.services.programs.fit import FIT_SCALE
from storage.models import MatchingRound, Person
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo


@dataclass(frozen=True)
class PairLine:
    pair_id: int
    mentee_id: int
    mentee_slack_id: str
    mentee_name: str
    mentor_id: int
    mentor_slack_id: str
    mentor_name: str
    score: float  # the fit, on the /find-mentor scale
    reasons: str
    status: str
    origin: str


@dataclass(frozen=True)
class UnmatchedLine:
    mentee_id: int
    mentee_slack_id: str
    mentee_name: str
    code: str
    reason: str


@dataclass(frozen=True)
class Proposal:
    program_id: int
    program_name: str
    round_id: int
    status: str  # proposed, published, superseded
    solver_status: str
    mentee_count: int
    mentor_count: int
    edges: int
    note: str
    pairs: tuple[PairLine, ...]
    unmatched: tuple[UnmatchedLine, ...]

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def total_fit(self) -> float:
        return round(sum(p.score for p in self.pairs), 3)

    @property
    def match_rate(self) -> float:
        return self.matched / self.mentee_count if self.mentee_count else 0.0


SHOWN_PAIRS = ("proposed", "offered", "accepted", "unsent")


def read_proposal(session: Session, *, team_id: str, round_id: int) -> Proposal | None:
    """The round with names, pairs by mentee name; None when it is not this workspace's."""
    round_ = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if round_ is None or round_.id is None:
        return None
    program = programs_repo.get_program(session, team_id=team_id, program_id=round_.program_id)
    assert program is not None
    pairs = program_rounds.pairs_of(session, round_id=round_.id, statuses=SHOWN_PAIRS)
    unmatched = program_rounds.unmatched_of(session, round_id=round_.id)
    ids = {p.mentee_id for p in pairs} | {p.mentor_id for p in pairs}
    ids |= {u.mentee_id for u in unmatched}
    people = programs_repo.people_by_ids(session, team_id=team_id, ids=sorted(ids))
    pair_lines = [
        PairLine(
            int(p.id or 0),
            p.mentee_id,
            *_named(people, p.mentee_id),
            p.mentor_id,
            *_named(people, p.mentor_id),
            p.score / FIT_SCALE,
            p.reasons,
            p.status,
            p.origin,
        )
        for p in pairs
    ]
    unmatched_lines = [
        UnmatchedLine(u.mentee_id, *_named(people, u.mentee_id), u.code, u.reason)
        for u in unmatched
    ]
    return _proposal(round_, program.name, pair_lines, unmatched_lines)


def _named(people: dict[int, Person], person_id: int) -> tuple[str, str]:
    person = people.get(person_id)
    return (person.slack_user_id, person.name) if person is not None else ("", f"#{person_id}")


def _proposal(
    round_: MatchingRound, name: str, pairs: list[PairLine], unmatched: list[UnmatchedLine]
) -> Proposal:
    return Proposal(
        program_id=round_.program_id,
        program_name=name,
        round_id=int(round_.id or 0),
        status=round_.status,
        solver_status=round_.solver_status,
        mentee_count=round_.mentee_count,
        mentor_count=round_.mentor_count,
        edges=round_.edges,
        note=round_.note,
        pairs=tuple(sorted(pairs, key=lambda p: (p.mentee_name.casefold(), p.pair_id))),
        unmatched=tuple(sorted(unmatched, key=lambda u: (u.mentee_name.casefold(), u.mentee_id))),
    )
