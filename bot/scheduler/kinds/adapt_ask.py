"""The question after three unanswered in a row: keep them coming, change the cadence, or pause?

Asked once per streak (bot/scheduler/rules.py): the key names the kind that went unanswered and
the newest of the three, so the question goes once and its message can say what stopped.
"""

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from handlers.meetings.blocks.reminders import build_adapt_ask_message
from storage.models import Delivery, Pair, Person
from storage.models.deliveries import ADAPT_ASK, MEETING_PROMPT
from storage.repositories import deliveries as repo


def ask_person(
    session: Session, *, person: Person, pair: Pair | None, about: Delivery, now: datetime
) -> bool:
    """Ask the person about the kind of `about`, the newest of three they left unanswered."""
    key = f"{ADAPT_ASK}:{person.id}:{about.kind}:{about.id}"
    return repo.enqueue(session, kind=ADAPT_ASK, person=person, pair=pair, key=key, now=now)


def ask_pair(session: Session, *, pair: Pair, newest_prompt: Delivery, now: datetime) -> bool:
    """Ask the pair, in their group DM, about the prompts they left unanswered."""
    key = f"{ADAPT_ASK}:p{pair.id}:{MEETING_PROMPT}:{newest_prompt.id}"
    return repo.enqueue(session, kind=ADAPT_ASK, person=None, pair=pair, key=key, now=now)


def asked_about(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:  # noqa: ARG001
    """The kind that went unanswered, named in the key."""
    return replace(plan, adapt_kind=row.idempotency_key.split(":")[2])


KIND = DeliveryKind(name=ADAPT_ASK, build=build_adapt_ask_message, details=asked_about)
