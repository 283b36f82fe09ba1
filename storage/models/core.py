"""Workspaces, people and the bookkeeping every feature shares."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def utc_column(*, nullable: bool = False, index: bool = False) -> Column[datetime]:
    """An aware-UTC timestamp column (each model needs its own Column instance)."""
    return Column(UTCDateTime(), nullable=nullable, index=index)


class Workspace(SQLModel, table=True):
    """A Slack workspace (team) that installed the app."""

    __tablename__ = "workspace"

    team_id: str = Field(primary_key=True, max_length=32)
    enterprise_id: str | None = Field(default=None, max_length=32)
    name: str = Field(default="", max_length=255)
    bot_user_id: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(sa_column=utc_column())


class Person(SQLModel, table=True):
    """Someone in a workspace, as far as Slack told us (users.info)."""

    __tablename__ = "person"
    __table_args__ = (
        UniqueConstraint("team_id", "slack_user_id"),
        # The few who left: "still here" filters skip them without reading every person.
        Index(
            "ix_person_deleted",
            "id",
            postgresql_where=text("is_deleted"),
            sqlite_where=text("is_deleted"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    slack_user_id: str = Field(max_length=32)
    display_name: str = Field(default="", max_length=255)
    real_name: str = Field(default="", max_length=255)
    tz: str = Field(default="UTC", max_length=64)
    is_workspace_admin: bool = False
    is_workspace_owner: bool = False
    is_deleted: bool = False
    is_bot: bool = False
    # Their manager, when the workspace says who that is (a plain id, not a foreign key, so
    # adding it is one ALTER on SQLite); a program round never pairs a mentee with them.
    manager_person_id: int | None = None
    # The bot's DM channel with this person, cached so we call conversations.open once.
    dm_channel_id: str | None = Field(default=None, max_length=32)
    # SHA-256 of the App Home last published to this person: an unchanged Home is not re-sent.
    home_hash: str | None = Field(default=None, max_length=64)
    profile_synced_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column())

    @property
    def name(self) -> str:
        return self.display_name or self.real_name or self.slack_user_id


class RoleGrant(SQLModel, table=True):
    """A role an admin gave someone: "admin" or "lead"."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("team_id", "person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: str = Field(max_length=16)
    granted_by_person_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(sa_column=utc_column())


class ProcessedEvent(SQLModel, table=True):
    """A once-only key: an Events API event_id (Slack delivers at least once), a modal
    submission, a share. An event is "claimed" from before its ack until its work is done,
    with its verified payload, so that the work can be done again if the process died."""

    __tablename__ = "processed_event"
    __table_args__ = (
        # The few unfinished claims: the scheduler pass finds them without reading every key.
        Index(
            "ix_processed_event_unfinished",
            "claimed_at",
            postgresql_where=text("state = 'claimed'"),
            sqlite_where=text("state = 'claimed'"),
        ),
    )

    team_id: str = Field(primary_key=True, max_length=32)
    event_id: str = Field(primary_key=True, max_length=64)
    received_at: datetime = Field(sa_column=utc_column(index=True))
    state: str = Field(default="done", max_length=8)  # "claimed" or "done"
    # The request body as it was verified, JSON; dropped when the work is done.
    payload: str | None = Field(default=None, sa_column=Column(Text(), nullable=True))
    claimed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    attempts: int = 0
