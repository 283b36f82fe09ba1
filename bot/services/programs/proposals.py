"""A round as the admin reads it: each pair with its score and reasons, each unmatched mentee
with why, and the figures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.services.programs.fit import FIT_SCALE
from storage.models import MatchingRound
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
    circle_size: int | None = None  # a circles program: each mentor's mentees meet together

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def total_fit(self) -> float:
        return round(sum(p.score for p in self.pairs), 3)

    @property
    def match_rate(self) -> float:
        return self.matched / self.mentee_count if self.mentee_count else 0.0

    def circles(self) -> list[tuple[PairLine, list[PairLine]]]:
        """Each mentor (their first line) with the lines of their circle's mentees, mentors by
        name."""
        by_mentor: dict[int, list[PairLine]] = {}
        for pair in self.pairs:
            by_mentor.setdefault(pair.mentor_id, []).append(pair)
        groups = [(lines[0], lines) for lines in by_mentor.values()]
        return sorted(groups, key=lambda g: (g[0].mentor_name.casefold(), g[0].mentor_id))


SHOWN_PAIRS = ("proposed", "offered", "accepted", "unsent")


def read_proposal(session: Session, *, team_id: str, round_id: int) -> Proposal | None:
    """The round with names, pairs by mentee name; None when it is not this workspace's."""
    round_ = program_rounds.get_round(session, team_id=team_id, round_id=round_id)
    if round_ is None or round_.id is None:
        return None
    program = programs_repo.get_program(session, team_id=team_id, program_id=round_.program_id)
    assert program is not None
    names = program_rounds.names_in_round(session, round_id=round_.id)
    pairs = [
        PairLine(
            int(pair_id),
            mentee,
            *names.get(mentee, ("", f"#{mentee}")),
            mentor,
            *names.get(mentor, ("", f"#{mentor}")),
            score / FIT_SCALE,
            why,
            status,
            origin,
        )
        for pair_id, mentee, mentor, score, why, status, origin in program_rounds.pair_rows(
            session, round_id=round_.id, statuses=SHOWN_PAIRS
        )
    ]
    unmatched = [
        UnmatchedLine(mentee, *names.get(mentee, ("", f"#{mentee}")), code, why)
        for mentee, code, why in program_rounds.unmatched_rows(session, round_id=round_.id)
    ]
    return _proposal(round_, program.name, pairs, unmatched, program.circle_size)


def _proposal(
    round_: MatchingRound,
    name: str,
    pairs: list[PairLine],
    unmatched: list[UnmatchedLine],
    circle_size: int | None,
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
        circle_size=circle_size,
    )
