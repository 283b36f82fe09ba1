"""A workspace's settings: what `/mentor admin` configures."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import WorkspaceSettings
from storage.repositories import people as people_repo


def get_settings(session: Session, *, team_id: str) -> WorkspaceSettings | None:
    return session.get(WorkspaceSettings, team_id)


def ensure_settings(session: Session, *, team_id: str, now: datetime) -> WorkspaceSettings:
    settings = session.get(WorkspaceSettings, team_id)
    if settings is None:
        people_repo.ensure_workspace(session, team_id=team_id, now=now)
        settings = WorkspaceSettings(team_id=team_id, updated_at=now)
        session.add(settings)
        session.flush()
    return settings


def settings_with_digest(session: Session) -> list[WorkspaceSettings]:
    """Every workspace where an admin set a digest channel."""
    statement = select(WorkspaceSettings).where(
        col(WorkspaceSettings.digest_channel_id).is_not(None)
    )
    return list(session.exec(statement))
