"""The workspace's skills: the listed catalog and the typed skills kept to name them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from storage.models import MentorProfile, MentorSkill, Skill


def has_skills(session: Session, *, team_id: str) -> bool:
    return (
        session.exec(select(Skill.id).where(Skill.team_id == team_id).limit(1)).first() is not None
    )


def listed_skills(session: Session, *, team_id: str) -> list[Skill]:
    return list(
        session.exec(
            select(Skill).where(Skill.team_id == team_id, Skill.listed == True)  # noqa: E712
        ).all()
    )


def skill_by_key(session: Session, *, team_id: str, key: str) -> Skill | None:
    return session.exec(select(Skill).where(Skill.team_id == team_id, Skill.key == key)).first()


def labels_of(session: Session, *, team_id: str, keys: Sequence[str]) -> dict[str, str]:
    """The stored label of each of these keys that the workspace knows."""
    rows = session.exec(
        select(Skill.key, Skill.label).where(
            Skill.team_id == team_id, col(Skill.key).in_(list(keys))
        )
    ).all()
    return dict(rows)


def most_offered(session: Session, *, team_id: str, limit: int) -> list[tuple[int | None, str]]:
    """(id, label) of the skills open mentors offer, most offered first."""
    offered = (
        select(MentorSkill.skill_key, func.count().label("n"))
        .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
        .where(MentorSkill.team_id == team_id, MentorProfile.is_open == True)  # noqa: E712
        .group_by(col(MentorSkill.skill_key))
        .subquery()
    )
    rows = session.exec(
        select(Skill.id, Skill.label)
        .join(offered, offered.c.skill_key == col(Skill.key))
        .where(Skill.team_id == team_id)
        .order_by(offered.c.n.desc(), col(Skill.label))
        .limit(limit)
    ).all()
    return list(rows)
