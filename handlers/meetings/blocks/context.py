"""What a scheduled message shows: plain facts the scheduler's pass hands each builder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.clock import format_day
from bot.services.circles.answers import Question
from bot.services.programs.proposals import Proposal

Message = dict[str, Any]  # {"text": the notification's fallback, "blocks": [...]}


@dataclass(frozen=True)
class DeliveryContext:
    """Plain facts a scheduled message shows (user ids, names, dates)."""

    kind: str
    delivery_id: int
    pair_id: int | None = None
    mentor_user: str = ""
    mentee_user: str = ""
    recipient_user: str = ""
    occurrence: date | None = None
    cadence: str = ""
    weekday: int = 0
    adapt_kind_label: str = ""
    skill_label: str = ""
    today: date | None = None  # the reader's today, to know when a date needs its year
    own_goals: tuple[str, ...] = ()  # prepare: the reader's own, never the other person's
    own_takeaway: str = ""
    intro_request_id: int | None = None  # program_intro: the request the mentor answers
    intro_message: str = ""  # program_intro: the introduction the mentee's program drafted
    program_name: str = ""  # a program's delivery: the program, as its admin named it
    program_mode: str = ""  # intro_expiry of a program's request: round or mentees_choose
    proposal: Proposal | None = None  # program_proposal: the round for its admin to review
    # meeting_prompt: the start of that day's meeting in the pair's agreed series (aware UTC),
    # for Skip this week and Move this one; None when the pair agreed no time
    calendar_start: datetime | None = None
    circle_id: int | None = None  # a circle's delivery: the circle (its mentor is mentor_user)
    circle_topic: str = ""
    circle_questions: tuple[Question, ...] = ()  # circle_questions: what the members brought
    # meeting_prompt: the agreed time's occurrence, and each reader's (Slack id, zone) to show it
    meeting_start: datetime | None = None
    reader_zones: tuple[tuple[str, str | None], ...] = ()
    peer: bool = False  # a peer pair: no mentor or mentee in any word, both get both halves


def other_of(ctx: DeliveryContext) -> str:
    """The other person of the pair, seen from the recipient."""
    return ctx.mentor_user if ctx.recipient_user == ctx.mentee_user else ctx.mentee_user


def bond(peer: bool) -> str:
    """What two people have together, in words: their mentoring, or (peers) their pairing."""
    return "pairing" if peer else "mentoring"


def day_text(day: date | None, today: date | None) -> str:
    """A meeting day as people read it (with its year only when that is far off)."""
    return format_day(day, today=today or day) if day else "your meeting day"
