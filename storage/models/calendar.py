"""A pair's agreed meeting time and the occurrences changed since (issue 20). Migration 0021."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_column


class MeetingTime(SQLModel, table=True):
    """The time a pair agreed, as a series in the organiser's zone (the person who picked it,
    in the zone they had then: later zone changes move nobody's meeting).

    One per pair (a second pick of a first time loses the race on the unique pair id); a new
    time or cadence, a pause or a resume bumps `sequence`, the invite's SEQUENCE.
    status: agreed, paused, cancelled.
    """

    __tablename__ = "meeting_time"
    __table_args__ = (UniqueConstraint("pair_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    pair_id: int = Field(foreign_key="pair.id")
    organiser_id: int = Field(foreign_key="person.id", index=True)
    tz: str = Field(max_length=64)
    first_start: datetime = Field(sa_column=utc_column())  # the series' first occurrence
    length_minutes: int = 30
    cadence: str = Field(default="biweekly", max_length=16)  # what the series repeats with
    sequence: int = 0
    status: str = Field(default="agreed", max_length=16)
    until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    agreed_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class MeetingTimeChange(SQLModel, table=True):
    """One occurrence skipped (`new_start` None) or moved: RECURRENCE-ID in the invite."""

    __tablename__ = "meeting_time_change"
    __table_args__ = (UniqueConstraint("pair_id", "original_start"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    pair_id: int = Field(foreign_key="pair.id", index=True)
    original_start: datetime = Field(sa_column=utc_column())
    new_start: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    changed_by_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(sa_column=utc_column())
