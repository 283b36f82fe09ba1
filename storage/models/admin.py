"""What `/mentor admin` configures: a workspace's settings."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.core import utc_column


class WorkspaceSettings(SQLModel, table=True):
    """What an admin configured with `/mentor admin` (one row per workspace, made on demand)."""

    __tablename__ = "workspace_settings"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    default_cadence: str = Field(default="biweekly", max_length=16)
    digest_channel_id: str | None = Field(default=None, max_length=32)
    digest_weekday: int = 0  # Monday 0 .. Friday 4
    digest_minute: int = 9 * 60  # minutes after local midnight
    # The zone the digest time is read in: the admin's zone when they set it.
    digest_tz: str = Field(default="UTC", max_length=64)
    updated_by_person_id: int | None = Field(default=None, foreign_key="person.id")
    updated_at: datetime = Field(sa_column=utc_column())
