"""Team-lead summaries: the summaries posted (digests and "Post to channel" clicks, each exactly
once) and a short-lived cache of channel member lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel, col

from storage.models.core import utc_column
from storage.models.mentoring import Meeting


class SummaryPost(SQLModel, table=True):
    """A summary posted to a channel; the unique key makes each post happen once.

    post_key is "digest:<ISO year>-W<week>" for the weekly digest and "click:<token>" for a
    "Post to channel" button, so a second scheduler pass or a double click finds the row.
    """

    __tablename__ = "summary_post"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", "post_key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32)
    channel_id: str = Field(max_length=32)
    post_key: str = Field(max_length=64)
    state: str = Field(default="claimed", max_length=16)  # claimed, sent, failed, retry
    error: str = Field(default="", max_length=255)
    claimed_at: datetime = Field(sa_column=utc_column())
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    message_ts: str | None = Field(default=None, max_length=32)


class ChannelMemberList(SQLModel, table=True):
    """When we last read a channel's whole member list (conversations.members, every page)."""

    __tablename__ = "channel_member_list"

    team_id: str = Field(foreign_key="workspace.team_id", primary_key=True, max_length=32)
    channel_id: str = Field(primary_key=True, max_length=32)
    member_count: int = 0
    fetched_at: datetime = Field(sa_column=utc_column())


class ChannelMember(SQLModel, table=True):
    """One member of a cached list; summaries join it to person instead of passing ids."""

    __tablename__ = "channel_member"

    team_id: str = Field(primary_key=True, max_length=32)
    channel_id: str = Field(primary_key=True, max_length=32)
    slack_user_id: str = Field(primary_key=True, max_length=32)


# What a channel summary reads: the members' pairs (by mentee_id and mentor_id, which the core
# schema indexes already) and those pairs' meeting records in the period. The meeting index holds
# every column the summary reads, so SQLite and PostgreSQL answer from the index alone (no visit
# to the 1M-row table for each record). Declared here, on the core table, with migration 0006.
SUMMARY_INDEXES = (
    Index(
        "ix_meeting_pair_held",
        col(Meeting.pair_id),
        col(Meeting.held_on),
        col(Meeting.person_id),
        col(Meeting.outcome),
        col(Meeting.usefulness),
        col(Meeting.source),
    ),
)
