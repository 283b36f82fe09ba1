"""The mentors a seeker could be matched with, read in a few set-based queries, and the
ranking of them: what /find-mentor shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlmodel import Session, col

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
