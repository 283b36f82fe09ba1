"""What a scheduled message shows: plain facts the scheduler's pass hands each builder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.clock import format_day
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
    proposal: Proposal | None = None  # program_proposal: the round for its admin to review
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
