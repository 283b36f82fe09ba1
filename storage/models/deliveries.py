"""The deliveries' tables: deliveries (what is due, and what happened), per-person reminder
preferences, the one-message-a-day ledger, and what people answer to them: pulse answers,
prepared questions and end-of-pair retrospectives. Also the names of the kinds of delivery."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.core import utc_column
from storage.models.mentoring import text_column

# --- the kinds of delivery --------------------------------------------------------------------
# What Delivery.kind (and ReminderPreference.kind) holds, and what a person calls each kind ("no
# more check-ins for you"). How a kind is planned, timed and worded is declared once, in
# bot/scheduler/kinds/<kind>.py; the names live here because storage and services name kinds
# too, and they never import the scheduler. tests/scheduler/test_kinds.py keeps the two in step.
KIND_LABELS: dict[str, str] = {}


def _kind(name: str, label: str) -> str:
    KIND_LABELS[name] = label
    return name


MEETING_PROMPT = _kind("meeting_prompt", "meeting prompts")
PREPARE = _kind("prepare", "come-prepared nudges")
CHECKIN = _kind("checkin", "check-ins")
GRATITUDE = _kind("gratitude", "gratitude reminders")
PULSE = _kind("pulse", "pulse questions")
INTRO_EXPIRY = _kind("intro_expiry", "request updates")
ADAPT_ASK = _kind("adapt_ask", "reminder questions")
SKILL_WATCH = _kind("skill_watch", "new-mentor alerts")
PROGRAM_INTRO = _kind("program_intro", "program introductions")
PROGRAM_PROPOSAL = _kind("program_proposal", "program proposals")
PROGRAM_MATCHED = _kind("program_matched", "program match notices")
PROGRAM_MIDPOINT = _kind("program_midpoint", "midpoint surveys")
PROGRAM_CLOSEOUT = _kind("program_closeout", "close-out questions")
PROGRAM_QUIET = _kind("program_quiet", "quiet-pair nudges")
# A circle's (issue 19): one prompt in its conversation, the rest to each member privately.
CIRCLE_PROMPT = _kind("circle_prompt", "circle meeting prompts")
CIRCLE_PREPARE = _kind("circle_prepare", "circle come-prepared nudges")
CIRCLE_QUESTIONS = _kind("circle_questions", "circle question lists")
CIRCLE_CHECKIN = _kind("circle_checkin", "circle check-ins")
CIRCLE_PULSE = _kind("circle_pulse", "circle pulse questions")
CIRCLE_ASK = _kind("circle_ask", "circle reminder questions")
CIRCLE_CLOSED = _kind("circle_closed", "circle closing notes")
EVERY_KIND = "*"  # a ReminderPreference about every kind at once


class Delivery(SQLModel, table=True):
    """One scheduled message. The database, not an in-memory job store, says what is due.

    status: pending -> claimed (a pass holds a lease until `claimed_until`) -> sent, skipped or
    failed. A claimed row whose lease ran out is due again; `idempotency_key` keeps planning
    from creating the same delivery twice.
    """

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("idempotency_key"),
        Index("ix_delivery_status_due", "status", "due_at"),
        Index("ix_delivery_pair_kind_status", "pair_id", "kind", "status"),
        Index("ix_delivery_person_kind_sent", "person_id", "kind", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    kind: str = Field(max_length=24)  # one of KIND_LABELS
    pair_id: int | None = Field(default=None, foreign_key="pair.id")
    # The recipient; None means the pair's group DM.
    person_id: int | None = Field(default=None, foreign_key="person.id")
    intro_request_id: int | None = Field(default=None, foreign_key="intro_request.id")
    # A program's delivery (its proposal, its checkpoints); no foreign key, added in place.
    program_id: int | None = None
    # A circle's delivery (migration 0024): with no person, the circle's own conversation.
    circle_id: int | None = Field(default=None, index=True)
    # The meeting day (or pulse day) this delivery belongs to, in the pair's calendar.
    occurrence: date | None = None
    due_at: datetime = Field(sa_column=utc_column())
    status: str = Field(default="pending", max_length=16)
    claimed_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    claim_token: str | None = Field(default=None, max_length=36)
    attempts: int = 0
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    answered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    channel_id: str | None = Field(default=None, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    note: str = Field(default="", max_length=255)  # why it was skipped or failed
    idempotency_key: str = Field(max_length=128)
    created_at: datetime = Field(sa_column=utc_column())


class ReminderPreference(SQLModel, table=True):
    """What a person asked of one kind of reminder ("*" means every kind)."""

    __tablename__ = "reminder_preference"
    __table_args__ = (UniqueConstraint("person_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    person_id: int = Field(foreign_key="person.id")
    kind: str = Field(max_length=24)
    snoozed_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    stopped: bool = False
    # Three unanswered in a row: we asked once whether to pause or change the cadence, and
    # hold this kind until they answer.
    held: bool = False
    reason: str = Field(default="", max_length=64)
    updated_at: datetime = Field(sa_column=utc_column())


class DeliveryDay(SQLModel, table=True):
    """At most one scheduled message per person per local day: the row is the reservation."""

    __tablename__ = "delivery_day"

    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    day: date = Field(primary_key=True)
    delivery_id: int = Field(foreign_key="delivery.id")


class PulseAnswer(SQLModel, table=True):
    """A private answer to "how is it going?" (seen by its author only)."""

    __tablename__ = "pulse_answer"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    pair_id: int = Field(foreign_key="pair.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    delivery_id: int | None = Field(default=None, foreign_key="delivery.id", unique=True)
    score: int
    note: str = Field(default="", sa_column=text_column())
    created_at: datetime = Field(sa_column=utc_column())


class Retrospective(SQLModel, table=True):
    """One person's short look back when a pair ends."""

    __tablename__ = "retrospective"
    __table_args__ = (UniqueConstraint("pair_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    pair_id: int = Field(foreign_key="pair.id")
    person_id: int = Field(foreign_key="person.id")
    helped_most: str = Field(default="", sa_column=text_column())
    goals_status: str = Field(default="", sa_column=text_column())
    created_at: datetime = Field(sa_column=utc_column())


class PreparedQuestions(SQLModel, table=True):
    """What a mentee typed after a "come prepared" nudge. It stays private (status "draft")
    until they press Share; "kept" means they chose not to share it."""

    __tablename__ = "prepared_questions"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.team_id", max_length=32, index=True)
    pair_id: int = Field(foreign_key="pair.id", index=True)
    person_id: int = Field(foreign_key="person.id")
    delivery_id: int | None = Field(default=None, foreign_key="delivery.id")
    text: str = Field(default="", sa_column=text_column())
    status: str = Field(default="draft", max_length=16)  # draft, shared, kept
    created_at: datetime = Field(sa_column=utc_column())
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
