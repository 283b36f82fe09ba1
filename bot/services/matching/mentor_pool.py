"""The mentors a seeker could be matched with, read in a few set-based queries, and the
ranking of them: what /find-mentor shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlmodel import Session

from bot.services.matching.ranking import (
    DECLINE_EXCLUSION,
    MAX_WANTED,
    PENDING_STATUSES,
    Candidate,
    Pool,
    Ranking,
    Seeker,
    rank,
)
from storage.models import Person
from storage.repositories import matching as matching_repo
from storage.repositories import reflections as reflections_repo


def wanted_from_reflection(session: Session, *, team_id: str, person_id: int) -> list[str]:
    """The skill gaps of the person's current reflection, oldest first."""
    keys = reflections_repo.current_gap_keys(session, team_id=team_id, person_id=person_id)
    return list(dict.fromkeys(keys))


def excluded_mentors(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> frozenset[int]:
    """Mentors never shown to this person now: their live mentors, pending asks, recent declines."""
    ids = matching_repo.excluded_mentor_ids(
        session,
        team_id=team_id,
        person_id=person_id,
        pending=PENDING_STATUSES,
        declined_since=now - DECLINE_EXCLUSION,
    )
    return frozenset(int(i) for i in ids)


def load_pool(session: Session, *, team_id: str, seeker: Seeker, now: datetime) -> Pool:
    """Candidates sharing a wanted skill, read via the mentor_skill index; capacity in one count."""
    wanted = list(seeker.wanted)[:MAX_WANTED]
    if not wanted:
        return Pool(candidates=[], mentor_count=0, skill_counts={})
    # Plain tuples, possibly tens of thousands of them (see storage.repositories.matching).
    rows = matching_repo.candidates(session, team_id=team_id, wanted=wanted)
    taken = matching_repo.live_mentee_counts(session, team_id=team_id, wanted=wanted)
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
        mentor_count=matching_repo.open_mentor_count(session, team_id=team_id),
        skill_counts=counts,
        excluded=excluded_mentors(session, team_id=team_id, person_id=seeker.person_id, now=now),
    )


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
    return rank_named(session, seeker, pool, now=now, label=label, limit=limit)


def rank_named(
    session: Session,
    seeker: Seeker,
    pool: Pool,
    *,
    now: datetime,
    label: Callable[[str], str] = str,
    limit: int | None = None,
) -> Ranking:
    """Rank a loaded pool, and name the mentors about to be shown."""
    ranking = rank(seeker, pool, now=now, label=label, limit=limit)
    with_names(session, [m.candidate for m in ranking.matches])
    return ranking


def with_names(session: Session, candidates: Sequence[Candidate]) -> None:
    """Fill in the Slack id and display name of the mentors about to be shown (one query)."""
    if not candidates:
        return
    rows = matching_repo.names_of(session, person_ids=[c.person_id for c in candidates])
    names = {
        pid: (slack_id, display or real or slack_id, synced)
        for pid, slack_id, display, real, synced in rows
    }
    for candidate in candidates:
        candidate.slack_user_id, candidate.name, candidate.synced_at = names.get(
            candidate.person_id, ("", "", None)
        )


def seeker_for(session: Session, *, person: Person, wanted: Sequence[str]) -> Seeker:
    """The seeker as ranking sees them; their team comes from their own profile, if any."""
    assert person.id is not None
    team_name = matching_repo.team_name_of(session, team_id=person.team_id, person_id=person.id)
    return Seeker(
        person_id=person.id,
        tz=person.tz,
        team_name=team_name or "",
        wanted=tuple(dict.fromkeys(wanted))[:MAX_WANTED],
    )
