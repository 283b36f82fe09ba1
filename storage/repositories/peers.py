"""What peer matching reads: who wants a skill, what people offer, and who is already close."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlmodel import Session, col

from storage.models import (
    IntroRequest,
    MentorProfile,
    MentorSkill,
    Pair,
    Person,
    Reflection,
    Skill,
    SkillGap,
)
from storage.repositories.pairs import LIVE_STATUSES

MAX_WANTING = 500  # people read per search: a peer list shows three


def opted_in_wanting(
    session: Session, *, team_id: str, skill_keys: Sequence[str], not_person: int
) -> list[tuple[int, str]]:
    """(person id, skill) for people with an open mentor profile open to peers, not
    deactivated, whose
    current reflection names one of `skill_keys` as a gap; never `not_person`."""
    if not skill_keys:
        return []
    statement = (
        select(col(SkillGap.person_id), col(SkillGap.skill_key))
        .join(Reflection, col(Reflection.id) == col(SkillGap.reflection_id))
        .join(MentorProfile, col(MentorProfile.person_id) == col(SkillGap.person_id))
        .join(Person, col(Person.id) == col(SkillGap.person_id))
        .where(
            col(SkillGap.team_id) == team_id,
            col(SkillGap.skill_key).in_(list(skill_keys)),
            col(SkillGap.person_id) != not_person,
            col(Reflection.is_current) == True,  # noqa: E712
            col(MentorProfile.is_open) == True,  # noqa: E712
            col(MentorProfile.open_to_peers) == True,  # noqa: E712
            col(Person.is_deleted) == False,  # noqa: E712
        )
        .order_by(col(SkillGap.person_id), col(SkillGap.id))
        .limit(MAX_WANTING)
    )
    return [(int(p), str(k)) for p, k in session.execute(statement).all()]


def offered_by(
    session: Session, *, team_id: str, person_ids: Sequence[int]
) -> list[tuple[int, str]]:
    """(person id, skill) of the mentor-profile skills of these people, as they listed them."""
    if not person_ids:
        return []
    statement = (
        select(col(MentorProfile.person_id), col(MentorSkill.skill_key))
        .join(MentorSkill, col(MentorSkill.profile_id) == col(MentorProfile.id))
        .where(
            col(MentorProfile.team_id) == team_id,
            col(MentorProfile.person_id).in_(list(person_ids)),
        )
        .order_by(col(MentorSkill.id))
    )
    return [(int(p), str(k)) for p, k in session.execute(statement).all()]


def strengths_of(session: Session, *, team_id: str, person_ids: Sequence[int]) -> dict[int, str]:
    """The strengths of these people's current reflections (the text they typed)."""
    if not person_ids:
        return {}
    statement = select(col(Reflection.person_id), col(Reflection.strengths)).where(
        col(Reflection.team_id) == team_id,
        col(Reflection.person_id).in_(list(person_ids)),
        col(Reflection.is_current) == True,  # noqa: E712
    )
    return {int(p): str(s) for p, s in session.execute(statement).all()}


def skill_keys(session: Session, *, team_id: str) -> set[str]:
    """Every skill key the workspace knows (listed, or typed by someone once)."""
    statement = select(col(Skill.key)).where(col(Skill.team_id) == team_id)
    return {str(k) for k in session.execute(statement).scalars()}


def slack_ids_and_zones(
    session: Session, *, person_ids: Sequence[int]
) -> dict[int, tuple[str, str]]:
    """(Slack id, timezone) of these people."""
    if not person_ids:
        return {}
    statement = select(col(Person.id), col(Person.slack_user_id), col(Person.tz)).where(
        col(Person.id).in_(list(person_ids))
    )
    return {int(p): (str(s), str(t)) for p, s, t in session.execute(statement).all()}


def close_to(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    pending: Sequence[str],
    declined_since: datetime,
) -> set[int]:
    """People never offered to this person as a peer: a live pair with them (either way), a
    request waiting between them (either way), or their recent decline of this person."""
    paired = select(col(Pair.mentor_id), col(Pair.mentee_id)).where(
        col(Pair.team_id) == team_id,
        col(Pair.status).in_(LIVE_STATUSES),
        or_(col(Pair.mentor_id) == person_id, col(Pair.mentee_id) == person_id),
    )
    asked = select(col(IntroRequest.mentor_id), col(IntroRequest.mentee_id)).where(
        col(IntroRequest.team_id) == team_id,
        or_(col(IntroRequest.mentor_id) == person_id, col(IntroRequest.mentee_id) == person_id),
        or_(
            col(IntroRequest.status).in_(list(pending)),
            and_(
                col(IntroRequest.status) == "declined",
                col(IntroRequest.mentee_id) == person_id,
                col(IntroRequest.answered_at) >= declined_since,
            ),
        ),
    )
    found: set[int] = set()
    for statement in (paired, asked):
        for a, b in session.execute(statement).all():
            found.update((int(a), int(b)))
    found.discard(person_id)
    return found
