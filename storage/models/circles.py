"""Mentoring circles (issue 19): one mentor and 2-8 members in one conversation. Migration 0023.

A circle's seats are held by `members_count`, changed only by conditional updates (a seat is
taken where `members_count < seats`), so two people pressing Join for the last seat at once
get one seat between them on SQLite and PostgreSQL alike. The group cadence (prompts, check-ins
per member) hangs off `circle.id` and `circle_member.id` later, as a pair's does off `pair.id`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_column
from storage.models.mentoring import text_column

MIN_SEATS = 2
MAX_SEATS = 8


class Circle(SQLModel, table=True):
    """A circle a mentor opened; status open -> closed (closed keeps the rows as history)."""

    __tablename__ = "circle"
    __table_args__ = (
        Index("ix_circle_team_status", "team_id", "status"),
        CheckConstraint(f"seats >= {MIN_SEATS} AND seats <= {MAX_SEATS}", name="seats"),
        CheckConstraint("members_count >= 0 AND members_count <= seats", name="members_count"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    mentor_id: int = Field(foreign_key="person.id", index=True)
    topic: str = Field(max_length=150)
    skill_keys: str = Field(default="", sa_column=text_column())  # newline-separated keys
    seats: int = MIN_SEATS
    members_count: int = 0  # seats taken; only conditional updates change it
    cadence: str = Field(default="biweekly", max_length=16)  # weekly, biweekly, monthly
    meeting_weekday: int = 1  # Monday 0 .. Friday 4
    needs_approval: bool = False
    status: str = Field(default="open", max_length=16)  # open, closed
    channel_id: str | None = Field(default=None, max_length=32)  # its group DM or channel
    # A group DM holds at most 8 people besides the bot; past that the circle moves to a
    # private channel the bot created, which takes new members by invitation.
    channel_is_private: bool = False
    created_at: datetime = Field(sa_column=utc_column())
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # The meeting series in people's calendars (migration 0026): its first start as last sent
    # (None until the circle first gets its time) and the SEQUENCE of the last file sent.
    invite_start: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    invite_sequence: int = 0
    # The program whose round made this circle (migration 0027); such a circle is not listed
    # for anyone to join and closes when the program's term ends.
    program_id: int | None = Field(default=None, index=True)

    @property
    def skills(self) -> list[str]:
        return [key for key in self.skill_keys.split("\n") if key]

    @property
    def seats_left(self) -> int:
        return max(0, self.seats - self.members_count)


class CircleMember(SQLModel, table=True):
    """Someone in (or asking to join) a circle. status: waiting (for the mentor's approval),
    member, left, declined. One row per person and circle: joining again reuses it."""

    __tablename__ = "circle_member"
    __table_args__ = (
        UniqueConstraint("circle_id", "person_id"),
        Index("ix_circle_member_circle_status", "circle_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    circle_id: int = Field(foreign_key="circle.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    status: str = Field(default="waiting", max_length=16)
    asked_at: datetime = Field(sa_column=utc_column())
    joined_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    left_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # "Pause for me" (migration 0024): the member's own circle messages wait until this day
    # (their local day); the circle's prompts go on for everyone else.
    paused_until: date | None = None
    # Seated by a program's round (migration 0027): a scheduler pass brings them into the
    # circle's conversation, then clears this.
    awaiting_conversation: bool = False
    # Three of this circle's check-ins unanswered (migration 0029): the member's check-ins in
    # this circle wait until they answer the question it asked; told_at is when they last
    # answered it, and only check-ins sent since count towards the next three.
    checkins_held: bool = False
    checkins_told_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class CircleAnswer(SQLModel, table=True):
    """What one member answered to a circle delivery (migration 0024): a question brought for the
    meeting, a check-in, a pulse or a thank-you. Private to its author; a question reaches the
    mentor without the author's name unless `share_name`. One per delivery and kind."""

    __tablename__ = "circle_answer"
    __table_args__ = (
        UniqueConstraint("delivery_id", "kind"),
        Index("ix_circle_answer_circle_kind", "circle_id", "kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    circle_id: int = Field(foreign_key="circle.id")
    person_id: int = Field(foreign_key="person.id", index=True)
    # No foreign key: erasure deletes a person's deliveries before their circle rows.
    delivery_id: int
    kind: str = Field(max_length=16)  # question, checkin, pulse, thanks
    occurrence: date | None = None  # the meeting day it is about
    score: int | None = None  # checkin: useful 1-5; pulse: 1-5
    text: str = Field(default="", sa_column=text_column())  # the question, or the takeaway
    share_name: bool = False  # question: the mentor may see who asked
    created_at: datetime = Field(sa_column=utc_column())
