"""The skills a reflection wants to grow (its skill gaps): chosen from the list or typed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.services import skills as skills_service
from storage.models import Reflection
from storage.repositories import reflections as reflections_repo


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
    return reflections_repo.gap_keys(session, reflection_id=reflection.id)


def set_gaps(session: Session, reflection: Reflection, keys: list[str], now: datetime) -> None:
    """Make the reflection's skill gaps exactly `keys`; rows of kept skills stay as they are."""
    wanted = list(dict.fromkeys(keys))
    reflections_repo.set_gaps(session, reflection=reflection, keys=wanted, now=now)


def skill_labels(session: Session, reflection: Reflection) -> list[str]:
    keys = gap_keys(session, reflection)
    labels = skills_service.labels_for(session, team_id=reflection.team_id, keys=keys)
    return [labels[key] for key in keys]
