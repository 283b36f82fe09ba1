"""Skill watches: "tell me when a mentor with this skill opts in"."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from storage.models import SkillWatch


def watch_of(
    session: Session, *, team_id: str, person_id: int, skill_key: str
) -> SkillWatch | None:
    return session.exec(
        select(SkillWatch).where(
            SkillWatch.team_id == team_id,
            SkillWatch.person_id == person_id,
            SkillWatch.skill_key == skill_key,
        )
    ).first()


def unsent_watches(
    session: Session, *, team_id: str, skill_keys: Sequence[str], mentor_id: int
) -> list[SkillWatch]:
    """Watches not yet told about any of these skills, but not the mentor's own, oldest first."""
    return list(
        session.exec(
            select(SkillWatch)
            .where(
                SkillWatch.team_id == team_id,
                col(SkillWatch.skill_key).in_(skill_keys),
                col(SkillWatch.notified_at).is_(None),
                SkillWatch.person_id != mentor_id,
            )
            .order_by(col(SkillWatch.id))
        ).all()
    )
