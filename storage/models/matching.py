"""Tables private to mentor matching and introductions (migration 0004)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_column
from storage.models.mentoring import text_column


class MentorSearch(SQLModel, table=True):
    """One /find-mentor search, so "More" and "tell me when" buttons carry only its id."""

    __tablename__ = "mentor_search"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    # Normalized skill keys, one per line, in the order the person gave them.
    skill_keys: str = Field(default="", sa_column=text_column())
    from_reflection: bool = False
    created_at: datetime = Field(sa_column=utc_column())


class SkillWatch(SQLModel, table=True):
    """ "Tell me when a mentor with <skill> opts in": kept until sent once."""

    __tablename__ = "skill_watch"
    __table_args__ = (
        UniqueConstraint("team_id", "person_id", "skill_key"),
        Index("ix_skill_watch_team_skill", "team_id", "skill_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    person_id: int = Field(foreign_key="person.id", index=True)
    skill_key: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=utc_column())
    notified_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    notified_mentor_id: int | None = Field(default=None, foreign_key="person.id")


class PublicChannel(SQLModel, table=True):
    """A public channel as conversations.list described it (a cache, refreshed every few hours)."""

    __tablename__ = "public_channel"
    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    channel_id: str = Field(max_length=32)
    name: str = Field(default="", max_length=255)
    topic: str = Field(default="", sa_column=text_column())
    purpose: str = Field(default="", sa_column=text_column())
    num_members: int = 0
    fetched_at: datetime = Field(sa_column=utc_column())


class ChannelSync(SQLModel, table=True):
    """When the workspace's channel cache was last filled (also when it has no channels)."""

    __tablename__ = "channel_sync"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    synced_at: datetime = Field(sa_column=utc_column())
