"""The come-prepared nudge to the mentee, the working day before the meeting (planned with the
prompt). On the meeting day itself it would crowd out the prompt, so it expires then."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services import preparation
from handlers.meetings.blocks.questions import build_prepare_message
from storage.models import Delivery
from storage.models.deliveries import PREPARE


def own_words(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    """The reader's own goals and last takeaway, which only their private nudge shows."""
    if plan.recipient is None or plan.recipient.id is None or row.pair_id is None:
        return plan
    own = preparation.own_preparation(session, person_id=plan.recipient.id, pair_id=row.pair_id)
    return replace(plan, own=own)


KIND = DeliveryKind(
    name=PREPARE,
    build=build_prepare_message,
    day="fixed",
    recurring=True,
    unanswered="person",
    expires="on its day",
    details=own_words,
)
