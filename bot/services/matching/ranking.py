"""Ranking mentors for a mentee: plain Python over rows read in a few set-based queries.

The score is the specificity-weighted overlap of what the mentee wants with what the mentor
offers (a skill few mentors have weighs more, like IDF), then working-hours overlap, capacity
left and a preference for another team. Only open, non-deleted mentors with a free slot and at
least one shared skill are matches; ties break on the mentor's person id.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlmodel import Session, col

from bot.clock import hours_apart, working_hours_overlap
from storage.models import (
    IntroRequest,
    MentorProfile,
    MentorSkill,
    Pair,
    Person,
    Reflection,
    SkillGap,
)
from storage.repositories.pairs import LIVE_STATUSES

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
    scored: list[tuple[float, int, Candidate, tuple[str, ...], float, float, bool]] = []
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
    matches = [
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
    return Ranking(matches=matches, total=len(scored))


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


# --- reading the pool ----------------------------------------------------------------------


def wanted_from_reflection(session: Session, *, team_id: str, person_id: int) -> list[str]:
    """The skill gaps of the person's current reflection, oldest first."""
    statement = (
        select(col(SkillGap.skill_key))
        .join(Reflection, col(Reflection.id) == col(SkillGap.reflection_id))
        .where(
            col(SkillGap.team_id) == team_id,
            col(SkillGap.person_id) == person_id,
            col(Reflection.is_current) == True,  # noqa: E712
        )
        .order_by(col(SkillGap.id))
    )
    return list(dict.fromkeys(str(k) for k in session.execute(statement).scalars()))


def excluded_mentors(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> frozenset[int]:
    """Mentors never shown to this person now: their live mentors, pending asks, recent declines."""
    paired = select(col(Pair.mentor_id)).where(
        col(Pair.team_id) == team_id,
        col(Pair.mentee_id) == person_id,
        col(Pair.status).in_(LIVE_STATUSES),
    )
    asked = select(col(IntroRequest.mentor_id)).where(
        col(IntroRequest.team_id) == team_id,
        col(IntroRequest.mentee_id) == person_id,
        or_(
            col(IntroRequest.status).in_(PENDING_STATUSES),
            and_(
                col(IntroRequest.status) == "declined",
                col(IntroRequest.answered_at) >= now - DECLINE_EXCLUSION,
            ),
        ),
    )
    ids = set(session.execute(paired).scalars()) | set(session.execute(asked).scalars())
    return frozenset(int(i) for i in ids)


def candidate_rows(*, team_id: str, wanted: list[str]) -> Select[str, int, str, str, int]:
    """(skill, person id, tz, team, capacity) of open, active mentors offering a wanted skill."""
    return (
        select(
            col(MentorSkill.skill_key),
            col(MentorProfile.person_id),
            col(Person.tz),
            col(MentorProfile.team_name),
            col(MentorProfile.capacity),
        )
        .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
        .join(Person, col(Person.id) == col(MentorProfile.person_id))
        .where(
            col(MentorSkill.team_id) == team_id,
            col(MentorSkill.skill_key).in_(wanted),
            col(MentorProfile.is_open) == True,  # noqa: E712
            col(Person.is_deleted) == False,  # noqa: E712
        )
    )


def load_pool(session: Session, *, team_id: str, seeker: Seeker, now: datetime) -> Pool:
    """Candidates sharing a wanted skill, read via the mentor_skill index; capacity in one count."""
    wanted = list(seeker.wanted)[:MAX_WANTED]
    if not wanted:
        return Pool(candidates=[], mentor_count=0, skill_counts={})
    # Core execution, not ORM loading: plain tuples, possibly tens of thousands of them, and
    # only the columns ranking needs (names are read afterwards for the shown page only).
    rows = session.connection().execute(candidate_rows(team_id=team_id, wanted=wanted)).all()
    taken = _live_mentee_counts(session, team_id=team_id, wanted=wanted)
    by_person: dict[int, Candidate] = {}
    shared: dict[int, set[str]] = {}
    counts: dict[str, int] = {}
    for key, person_id, tz, team_name, capacity in rows:
        counts[key] = counts.get(key, 0) + 1
        if person_id not in by_person:
            shared[person_id] = set()
            by_person[person_id] = Candidate(
                person_id=person_id,
                tz=tz,
                team_name=team_name,
                capacity=capacity,
                taken=taken.get(person_id, 0),
                shared=shared[person_id],
            )
        shared[person_id].add(key)
    candidates = list(by_person.values())
    return Pool(
        candidates=candidates,
        mentor_count=open_mentor_count(session, team_id=team_id),
        skill_counts=counts,
        excluded=excluded_mentors(session, team_id=team_id, person_id=seeker.person_id, now=now),
    )


def _live_mentee_counts(session: Session, *, team_id: str, wanted: Iterable[str]) -> dict[int, int]:
    """Live pairs per mentor, for the mentors who offer a wanted skill: one grouped count."""
    mentors_with_skill = (
        select(col(MentorProfile.person_id))
        .join(MentorSkill, col(MentorSkill.profile_id) == col(MentorProfile.id))
        .where(col(MentorSkill.team_id) == team_id, col(MentorSkill.skill_key).in_(list(wanted)))
    )
    statement = (
        select(col(Pair.mentor_id), func.count())
        .where(
            col(Pair.team_id) == team_id,
            col(Pair.status).in_(LIVE_STATUSES),
            col(Pair.mentor_id).in_(mentors_with_skill),
        )
        .group_by(col(Pair.mentor_id))
    )
    return {int(m): int(n) for m, n in session.execute(statement).all()}


def open_mentor_count(session: Session, *, team_id: str) -> int:
    statement = select(func.count()).where(
        col(MentorProfile.team_id) == team_id,
        col(MentorProfile.is_open) == True,  # noqa: E712
    )
    return int(session.execute(statement).scalar_one())


def find_mentors(
    session: Session,
    *,
    team_id: str,
    seeker: Seeker,
    now: datetime,
    label: Callable[[str], str] = str,
    limit: int | None = None,
) -> Ranking:
    """Load the pool for the seeker and rank it."""
    pool = load_pool(session, team_id=team_id, seeker=seeker, now=now)
    ranking = rank(seeker, pool, now=now, label=label, limit=limit)
    with_names(session, [m.candidate for m in ranking.matches])
    return ranking


def with_names(session: Session, candidates: Sequence[Candidate]) -> None:
    """Fill in the Slack id and display name of the mentors about to be shown (one query)."""
    if not candidates:
        return
    rows = (
        session.connection()
        .execute(
            select(
                col(Person.id),
                col(Person.slack_user_id),
                col(Person.display_name),
                col(Person.real_name),
                col(Person.profile_synced_at),
            ).where(col(Person.id).in_([c.person_id for c in candidates]))
        )
        .all()
    )
    names = {
        pid: (slack_id, display or real or slack_id, synced)
        for pid, slack_id, display, real, synced in rows
    }
    for candidate in candidates:
        candidate.slack_user_id, candidate.name, candidate.synced_at = names.get(
            candidate.person_id, ("", "", None)
        )


# --- when nothing fits -----------------------------------------------------------------------

PARTIAL_LIMIT = 3
_STOP_WORDS = frozenset({"and", "the", "for", "with", "how", "to", "of", "in", "on", "a", "an"})


@dataclass(frozen=True)
class PartialMatch:
    """A mentor who does not offer a wanted skill but comes close."""

    candidate: Candidate
    reason: str


def words_of(keys: Iterable[str]) -> list[str]:
    """The distinct words (3+ characters, no filler) of skill keys, for fuzzy matching."""
    words: list[str] = []
    for key in keys:
        for word in key.replace("/", " ").split():
            if len(word) >= 3 and word not in _STOP_WORDS and word not in words:
                words.append(word)
    return words[:8]


def partial_matches(
    session: Session,
    *,
    team_id: str,
    seeker: Seeker,
    now: datetime,
    label: Callable[[str], str] = str,
    limit: int = PARTIAL_LIMIT,
) -> list[PartialMatch]:
    """Mentors with a free slot whose skills or "helps with" share a word with the wish list;
    failing that, the open mentors with the most room. Never the excluded ones."""
    excluded = excluded_mentors(session, team_id=team_id, person_id=seeker.person_id, now=now)
    words = words_of(seeker.wanted)
    hits: dict[int, list[str]] = {}
    if words:
        matchers = [col(MentorSkill.skill_key).contains(w, autoescape=True) for w in words]
        matchers += [
            func.lower(col(MentorProfile.helps_with)).contains(w, autoescape=True) for w in words
        ]
        rows = session.execute(
            select(col(MentorProfile.person_id), col(MentorSkill.skill_key))
            .join(MentorSkill, col(MentorSkill.profile_id) == col(MentorProfile.id))
            .where(col(MentorProfile.team_id) == team_id, or_(*matchers))
            .limit(500)
        ).all()
        for person_id, key in rows:
            hits.setdefault(int(person_id), [])
            if any(w in key for w in words) and key not in hits[int(person_id)]:
                hits[int(person_id)].append(key)
    people = _open_mentors(session, team_id=team_id, person_ids=list(hits) or None)
    taken = _taken_of(session, team_id=team_id, person_ids=[c.person_id for c in people])
    found: list[PartialMatch] = []
    for c in sorted(people, key=lambda c: (-len(hits.get(c.person_id, [])), c.person_id)):
        room = replace(c, taken=taken.get(c.person_id, 0))
        if room.person_id == seeker.person_id or room.person_id in excluded or not room.slots_left:
            continue
        keys = hits.get(c.person_id, [])
        if keys:
            reason = "offers " + ", ".join(label(k) for k in keys[:3]) + ", close to your list"
        elif c.person_id in hits:
            reason = "helps with something close to your list"
        else:
            more = "1 more mentee" if room.slots_left == 1 else f"{room.slots_left} more mentees"
            reason = f"has room for {more}"
        found.append(PartialMatch(candidate=room, reason=reason))
        if len(found) >= limit:
            break
    return found


def _open_mentors(
    session: Session, *, team_id: str, person_ids: list[int] | None
) -> list[Candidate]:
    statement = (
        select(
            col(Person.id),
            col(Person.slack_user_id),
            col(Person.display_name),
            col(Person.real_name),
            col(Person.profile_synced_at),
            col(Person.tz),
            col(MentorProfile.team_name),
            col(MentorProfile.capacity),
        )
        .join(MentorProfile, col(MentorProfile.person_id) == col(Person.id))
        .where(
            col(MentorProfile.team_id) == team_id,
            col(MentorProfile.is_open) == True,  # noqa: E712
            col(Person.is_deleted) == False,  # noqa: E712
        )
        .order_by(col(Person.id))
    )
    if person_ids is not None:
        statement = statement.where(col(Person.id).in_(person_ids))
    else:
        statement = statement.limit(200)
    return [
        Candidate(
            person_id=int(pid),
            slack_user_id=slack_id,
            name=display or real or slack_id,
            synced_at=synced,
            tz=tz,
            team_name=team_name,
            capacity=capacity,
            taken=0,
            shared=frozenset(),
        )
        for pid, slack_id, display, real, synced, tz, team_name, capacity in session.execute(
            statement
        )
    ]


def _taken_of(session: Session, *, team_id: str, person_ids: list[int]) -> dict[int, int]:
    if not person_ids:
        return {}
    statement = (
        select(col(Pair.mentor_id), func.count())
        .where(
            col(Pair.team_id) == team_id,
            col(Pair.status).in_(LIVE_STATUSES),
            col(Pair.mentor_id).in_(person_ids),
        )
        .group_by(col(Pair.mentor_id))
    )
    return {int(m): int(n) for m, n in session.execute(statement).all()}


def seeker_for(session: Session, *, person: Person, wanted: Sequence[str]) -> Seeker:
    """The seeker as ranking sees them; their team comes from their own profile, if any."""
    assert person.id is not None
    team_name = session.execute(
        select(col(MentorProfile.team_name)).where(
            col(MentorProfile.team_id) == person.team_id,
            col(MentorProfile.person_id) == person.id,
        )
    ).scalar_one_or_none()
    return Seeker(
        person_id=person.id,
        tz=person.tz,
        team_name=team_name or "",
        wanted=tuple(dict.fromkeys(wanted))[:MAX_WANTED],
    )
