"""Ranking mentors for a mentee: plain Python over rows read in a few set-based queries.

The score is the specificity-weighted overlap of what the mentee wants with what the mentor
offers (a skill few mentors have weighs more, like IDF), then working-hours overlap, capacity
left and a preference for another team. Only open, non-deleted mentors with a free slot and at
least one shared skill are matches; ties break on the mentor's person id.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import hours_apart, working_hours_overlap

DECLINE_EXCLUSION = timedelta(days=90)
PENDING_STATUSES = ("open", "waiting")
MAX_WANTED = 20  # more skills than this is not a search any more, it is the whole catalog

# Weights after the skill score; all below one rare shared skill, so fit comes first.
OVERLAP_WEIGHT = 0.6
CAPACITY_WEIGHT = 0.3
OTHER_TEAM_WEIGHT = 0.4


@dataclass(frozen=True)
class Seeker:
    """The person looking for a mentor, and what they want to grow."""

    person_id: int
    tz: str
    team_name: str
    wanted: tuple[str, ...]


@dataclass(slots=True)  # not frozen: built by the ten thousand, and frozen init is slow
class Candidate:
    """A mentor as the ranking needs them: only the skills shared with the seeker.

    The Slack id and name are filled in for the mentors actually shown (see with_names).
    """

    person_id: int
    tz: str
    team_name: str
    capacity: int
    taken: int
    shared: AbstractSet[str]
    slack_user_id: str = ""
    name: str = ""
    synced_at: datetime | None = None  # when users.info last told us about them (shown ones)

    @property
    def slots_left(self) -> int:
        return max(0, self.capacity - self.taken)


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    score: float
    shared: tuple[str, ...]  # the seeker's order
    hours_apart: float
    overlap_hours: float
    other_team: bool
    reason: str


@dataclass(frozen=True)
class Ranking:
    matches: list[Match]
    total: int  # how many mentors fit in all, beyond the page


@dataclass(frozen=True)
class Pool:
    """What the ranking reads from the database for one seeker."""

    candidates: list[Candidate]
    mentor_count: int
    skill_counts: Mapping[str, int]
    excluded: frozenset[int] = field(default_factory=frozenset)


# (negated score, person id, candidate, shared skills, hours apart, overlap hours, other team)
_Scored = tuple[float, int, Candidate, tuple[str, ...], float, float, bool]


def skill_weight(skill_key: str, *, skill_counts: Mapping[str, int], mentor_count: int) -> float:
    """How specific a skill is: rare among mentors weighs more (smoothed IDF, always > 0)."""
    holders = skill_counts.get(skill_key, 0)
    return math.log((1 + mentor_count) / (1 + holders)) + 1.0


def rank(
    seeker: Seeker,
    pool: Pool,
    *,
    now: datetime,
    label: Callable[[str], str] = str,
    limit: int | None = None,
) -> Ranking:
    """The fitting mentors, best first; `limit` keeps only the top ones (the total is kept)."""
    wanted = list(dict.fromkeys(seeker.wanted))
    weights = {
        k: skill_weight(k, skill_counts=pool.skill_counts, mentor_count=pool.mentor_count)
        for k in wanted
    }
    scored: list[_Scored] = []
    overlap_cache: dict[str, tuple[float, float]] = {}
    other_team_cache: dict[str, bool] = {}
    skip = pool.excluded | {seeker.person_id}
    for candidate in pool.candidates:
        # Inlined checks: this loop runs once per candidate, tens of thousands of times.
        if candidate.person_id in skip or candidate.taken >= candidate.capacity:
            continue
        shared = tuple(key for key in wanted if key in candidate.shared)
        if not shared:
            continue
        if candidate.tz not in overlap_cache:
            overlap_cache[candidate.tz] = (
                hours_apart(seeker.tz, candidate.tz, now),
                working_hours_overlap(seeker.tz, candidate.tz, now),
            )
        apart, overlap = overlap_cache[candidate.tz]
        other_team = other_team_cache.get(candidate.team_name)
        if other_team is None:
            other_team = _other_team(seeker.team_name, candidate.team_name)
            other_team_cache[candidate.team_name] = other_team
        score = sum(weights[k] for k in shared)
        score += OVERLAP_WEIGHT * overlap / 10
        score += CAPACITY_WEIGHT * min(candidate.slots_left, 5) / 5
        score += OTHER_TEAM_WEIGHT if other_team else 0.0
        # Negated score first, then the person id: deterministic order among equal scores.
        scored.append(
            (-round(score, 9), candidate.person_id, candidate, shared, apart, overlap, other_team)
        )
    top = heapq.nsmallest(limit, scored) if limit is not None else sorted(scored)
    return Ranking(matches=_matches(top, label), total=len(scored))


def _matches(top: list[_Scored], label: Callable[[str], str]) -> list[Match]:
    return [
        Match(
            candidate=c,
            score=-neg,
            shared=shared,
            hours_apart=apart,
            overlap_hours=overlap,
            other_team=other,
            reason=reason_for(shared, apart, other, label=label),
        )
        for neg, _pid, c, shared, apart, overlap, other in top
    ]


def _other_team(mine: str, theirs: str) -> bool:
    """Another team only when both are known and differ (unknown is not a bonus)."""
    a, b = mine.strip().casefold(), theirs.strip().casefold()
    return bool(a and b and a != b)


def reason_for(
    shared: Sequence[str], apart: float, other_team: bool, *, label: Callable[[str], str] = str
) -> str:
    """One line, e.g. "knows Python and public speaking, both on your list; 2 hours apart"."""
    names = [label(key) for key in shared]
    if len(names) == 1:
        knows = f"knows {names[0]}, on your list"
    else:
        joined = ", ".join(names[:-1]) + f" and {names[-1]}"
        both = "both" if len(names) == 2 else f"all {len(names)}"
        knows = f"knows {joined}, {both} on your list"
    parts = [knows, _apart_text(apart)]
    if other_team:
        parts.append("another team")
    return "; ".join(parts)


def _apart_text(apart: float) -> str:
    if apart < 0.5:
        return "same working hours"
    hours = round(apart * 2) / 2
    shown = f"{hours:g}"
    return f"{shown} hour apart" if hours == 1 else f"{shown} hours apart"
