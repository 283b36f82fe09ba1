"""The skills a reflection wants to grow (its skill gaps): chosen from the list or typed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.services import skills as skills_service
from storage.models import Reflection, SkillGap


def save_skills(
    session: Session, reflection: Reflection, keys: list[str], typed: str, now: datetime
) -> None:
    """Add the chosen and typed skills to the reflection's skill gaps."""
    typed_skills = skills_service.typed_skills(typed)
    wanted = wanted_skills(session, reflection, keys, [s.key for s in typed_skills], now)
    remember_typed(session, reflection, typed_skills, now)
    set_gaps(session, reflection, [*gap_keys(session, reflection), *wanted], now)


def wanted_skills(
    session: Session, reflection: Reflection, keys: list[str], typed_keys: list[str], now: datetime
) -> list[str]:
    """Catalog keys picked from the list, then the typed ones; distinct, in order."""
    listed = {e.key for e in skills_service.catalog(session, team_id=reflection.team_id, now=now)}
    return list(dict.fromkeys([*(k for k in keys if k in listed), *typed_keys]))


def remember_typed(
    session: Session,
    reflection: Reflection,
    typed: list[skills_service.TypedSkill],
    now: datetime,
) -> None:
    """Keep typed skills (unlisted, as typed) so matching and summaries can name them."""
    for skill in typed:
        skills_service.remember_typed(
            session, team_id=reflection.team_id, key=skill.key, label=skill.label, now=now
        )


def gap_keys(session: Session, reflection: Reflection) -> list[str]:
    statement = select(SkillGap.skill_key).where(SkillGap.reflection_id == reflection.id)
    return list(session.exec(statement.order_by(col(SkillGap.id))))


def set_gaps(session: Session, reflection: Reflection, keys: list[str], now: datetime) -> None:
    """Make the reflection's skill gaps exactly `keys`; rows of kept skills stay as they are."""
    assert reflection.id is not None
    wanted = list(dict.fromkeys(keys))
    rows = session.exec(select(SkillGap).where(SkillGap.reflection_id == reflection.id)).all()
    for row in rows:
        if row.skill_key not in wanted:
            session.delete(row)
    existing = {row.skill_key for row in rows}
    for key in (k for k in wanted if k not in existing):
        session.add(
            SkillGap(
                team_id=reflection.team_id,
                reflection_id=reflection.id,
                person_id=reflection.person_id,
                skill_key=key,
                created_at=now,
            )
        )
    session.flush()


def skill_labels(session: Session, reflection: Reflection) -> list[str]:
    keys = list(
        session.exec(
            select(SkillGap.skill_key)
            .where(SkillGap.reflection_id == reflection.id)
            .order_by(col(SkillGap.id))
        )
    )
    labels = skills_service.labels_for(session, team_id=reflection.team_id, keys=keys)
    return [labels[key] for key in keys]
