"""What matching reads: the mentors who could fit a seeker, in a few set-based queries.

Core execution, not ORM loading, where rows come by the ten thousand: plain tuples with only
the columns the ranking needs (names are read afterwards, for the shown page only).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, func, or_, select
from sqlmodel import Session, col

from storage.models import IntroRequest, MentorProfile, MentorSkill, Pair, Person
from storage.repositories.pairs import LIVE_STATUSES


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


def candidates(
    session: Session, *, team_id: str, wanted: list[str]
) -> Sequence[Row[str, int, str, str, int]]:
    """The rows of candidate_rows, read via the mentor_skill index."""
    return session.connection().execute(candidate_rows(team_id=team_id, wanted=wanted)).all()


def live_mentee_counts(session: Session, *, team_id: str, wanted: Iterable[str]) -> dict[int, int]:
    """Live pairs per mentor, for the mentors who offer a wanted skill: one grouped count."""
    mentors_with_skill = (
        select(col(MentorProfile.person_id))
        .join(MentorSkill, col(MentorSkill.profile_id) == col(MentorProfile.id))
        .where(col(MentorSkill.team_id) == team_id, col(MentorSkill.skill_key).in_(list(wanted)))
    )
    return _live_counts(session, team_id=team_id, mentors=mentors_with_skill)


def taken_of(session: Session, *, team_id: str, person_ids: list[int]) -> dict[int, int]:
    """Live pairs per mentor, for these mentors."""
    if not person_ids:
        return {}
    return _live_counts(session, team_id=team_id, mentors=person_ids)


def _live_counts(session: Session, *, team_id: str, mentors: Any) -> dict[int, int]:
    statement = (
        select(col(Pair.mentor_id), func.count())
        .where(
            col(Pair.team_id) == team_id,
            col(Pair.status).in_(LIVE_STATUSES),
            col(Pair.mentor_id).in_(mentors),
            col(Pair.kind) == "mentoring",  # a peer pair takes no mentoring slot
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


def excluded_mentor_ids(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    pending: Sequence[str],
    declined_since: datetime,
) -> set[int]:
    """The person's live mentors, and those they asked (pending) or who declined them since."""
    paired = select(col(Pair.mentor_id)).where(
        col(Pair.team_id) == team_id,
        col(Pair.mentee_id) == person_id,
        col(Pair.status).in_(LIVE_STATUSES),
    )
    asked = select(col(IntroRequest.mentor_id)).where(
        col(IntroRequest.team_id) == team_id,
        col(IntroRequest.mentee_id) == person_id,
        or_(
            col(IntroRequest.status).in_(pending),
            and_(
                col(IntroRequest.status) == "declined",
                col(IntroRequest.answered_at) >= declined_since,
            ),
        ),
    )
    return set(session.execute(paired).scalars()) | set(session.execute(asked).scalars())


def names_of(
    session: Session, *, person_ids: list[int]
) -> Sequence[Row[int | None, str, str, str, datetime | None]]:
    """(id, Slack id, display name, real name, synced at) of these people, in one query."""
    statement = select(*_name_columns()).where(col(Person.id).in_(person_ids))
    return session.connection().execute(statement).all()


def _name_columns() -> tuple[Any, ...]:
    """Who a mentor is, as a shown match names them: id, Slack id, names, when last synced."""
    return (
        col(Person.id),
        col(Person.slack_user_id),
        col(Person.display_name),
        col(Person.real_name),
        col(Person.profile_synced_at),
    )


def team_name_of(session: Session, *, team_id: str, person_id: int) -> str | None:
    """The team on the person's own mentor profile, if they have one."""
    return session.execute(
        select(col(MentorProfile.team_name)).where(
            col(MentorProfile.team_id) == team_id,
            col(MentorProfile.person_id) == person_id,
        )
    ).scalar_one_or_none()


def skills_near(session: Session, *, team_id: str, words: list[str]) -> Sequence[Row[int, str]]:
    """(person id, skill) of mentors whose skills or "helps with" contain one of the words."""
    matchers = [col(MentorSkill.skill_key).contains(w, autoescape=True) for w in words]
    matchers += [
        func.lower(col(MentorProfile.helps_with)).contains(w, autoescape=True) for w in words
    ]
    return session.execute(
        select(col(MentorProfile.person_id), col(MentorSkill.skill_key))
        .join(MentorSkill, col(MentorSkill.profile_id) == col(MentorProfile.id))
        .where(col(MentorProfile.team_id) == team_id, or_(*matchers))
        .limit(500)
    ).all()


def open_mentors(
    session: Session, *, team_id: str, person_ids: list[int] | None
) -> Sequence[Row[int, str, str, str, datetime | None, str, str, int]]:
    """(id, Slack id, display name, real name, synced at, tz, team, capacity) of open, active
    mentors: these ones, or the first 200 by id."""
    statement = (
        select(
            *_name_columns(),
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
    return session.execute(statement).all()
