"""What deciding a claimed delivery gives: a SendPlan when it may go now, else a Verdict."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.services.circles.answers import Question
from bot.services.circles.views import CircleView
from bot.services.preparation import NOTHING, Preparation
from bot.services.programs.proposals import Proposal
from storage.models import IntroRequest, Pair, Person


@dataclass(frozen=True)
class Attachment:
    """A file that goes with the message, into the same channel (a calendar cancellation)."""

    filename: str
    title: str
    content: bytes
    comment: str


@dataclass(frozen=True)
class SendPlan:
    """A claimed delivery that may go now, with everything the message needs."""

    delivery_id: int
    kind: str
    team_id: str
    attempts: int
    recipient: Person | None  # None: the pair's group DM
    pair: Pair | None
    mentor: Person | None
    mentee: Person | None
    occurrence: date | None
    intro_request: IntroRequest | None
    known_channel: str | None
    adapt_kind: str = ""
    skill_label: str = ""  # skill_watch: the skill the recipient asked about
    today: date | None = None  # the (first) recipient's today, for writing dates
    # prepare: the recipient's own goals and last takeaway (private to them, their DM only)
    own: Preparation = NOTHING
    program_name: str = ""  # a program's delivery: proposals, match notices, checkpoints, nudges
    program_mode: str = ""  # intro_expiry of a program's request: round or mentees_choose
    proposal: Proposal | None = None  # program_proposal: the round its admin reviews
    calendar_start: datetime | None = None  # meeting_prompt: its RRULE start (Skip, Move)
    circle: CircleView | None = None  # a circle's delivery
    circle_questions: tuple[Question, ...] = ()  # circle_questions: the list for the mentor
    meeting_start: datetime | None = None  # meeting_prompt: the agreed time's occurrence
    attachment: Attachment | None = None  # circle_closed: the series' cancellation


@dataclass(frozen=True)
class Verdict:
    """Why a claimed delivery does not go now: skipped for good, or deferred to `until`."""

    action: str  # skip, defer, lost
    reason: str
    until: datetime | None = None
