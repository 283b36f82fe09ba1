"""The workspace settings `/mentor admin` changes: the default cadence, the weekly digest and the
list of skills people pick from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.skills import SkillEntry, catalog, ensure_default_skills, typed_skills
from storage.models import Skill, WorkspaceSettings
from storage.repositories import skills as skills_repo
from storage.repositories import workspace_settings as settings_repo


def default_cadence(session: Session, *, team_id: str) -> str:
    """The cadence new pairs start with (an admin may change it; "biweekly" otherwise)."""
    settings = settings_repo.get_settings(session, team_id=team_id)
    return settings.default_cadence if settings is not None else "biweekly"


def set_default_cadence(
    session: Session, *, team_id: str, cadence: str, actor_id: int, now: datetime
) -> WorkspaceSettings:
    settings = settings_repo.ensure_settings(session, team_id=team_id, now=now)
    settings.default_cadence = cadence
    return _touch(session, settings, actor_id, now)


def set_digest(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    weekday: int,
    minute: int,
    tz_name: str,
    actor_id: int,
    now: datetime,
) -> WorkspaceSettings:
    """The weekly digest goes to that channel on that weekday at that time in `tz_name`."""
    settings = settings_repo.ensure_settings(session, team_id=team_id, now=now)
    settings.digest_channel_id = channel_id
    settings.digest_weekday = weekday
    settings.digest_minute = minute
    settings.digest_tz = tz_name or "UTC"
    return _touch(session, settings, actor_id, now)


def turn_digest_off(
    session: Session, *, team_id: str, actor_id: int, now: datetime
) -> WorkspaceSettings:
    settings = settings_repo.ensure_settings(session, team_id=team_id, now=now)
    settings.digest_channel_id = None
    return _touch(session, settings, actor_id, now)


def _touch(
    session: Session, settings: WorkspaceSettings, actor_id: int, now: datetime
) -> WorkspaceSettings:
    settings.updated_by_person_id = actor_id
    settings.updated_at = now
    session.add(settings)
    session.flush()
    return settings


@dataclass(frozen=True)
class SkillListChange:
    changed: list[str]  # labels added to / removed from the list
    unchanged: list[str]  # already listed / not on the list


def add_listed_skills(
    session: Session, *, team_id: str, text: str, now: datetime
) -> SkillListChange:
    """Put skills on the workspace's list (a typed, unlisted skill becomes listed)."""
    ensure_default_skills(session, team_id=team_id, now=now)
    changed, unchanged = [], []
    for key, label in _typed(text):
        skill = _skill(session, team_id, key)
        if skill is not None and skill.listed:
            unchanged.append(skill.label)
            continue
        if skill is None:
            skill = Skill(team_id=team_id, key=key, label=label, created_at=now)
        skill.listed = True
        session.add(skill)
        changed.append(skill.label)
    session.flush()
    return SkillListChange(changed, unchanged)


def remove_listed_skills(
    session: Session, *, team_id: str, text: str, now: datetime
) -> SkillListChange:
    """Take skills off the list; the rows stay so mentors and gaps that name them keep a label."""
    ensure_default_skills(session, team_id=team_id, now=now)
    changed, unchanged = [], []
    for key, label in _typed(text):
        skill = _skill(session, team_id, key)
        if skill is None or not skill.listed:
            unchanged.append(skill.label if skill else label)
            continue
        skill.listed = False
        session.add(skill)
        changed.append(skill.label)
    session.flush()
    return SkillListChange(changed, unchanged)


def listed_skills(session: Session, *, team_id: str, now: datetime) -> list[SkillEntry]:
    return catalog(session, team_id=team_id, now=now)


def _typed(text: str) -> list[tuple[str, str]]:
    """(key, label) per typed skill; the label keeps the admin's spelling, cleaned."""
    return [(skill.key, skill.label) for skill in typed_skills(text)]


def _skill(session: Session, team_id: str, key: str) -> Skill | None:
    return skills_repo.skill_by_key(session, team_id=team_id, key=key)
