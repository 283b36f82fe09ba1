"""A mentoring program's introduction to the mentor, queued when a round is published
(bot/services/programs/offers.py) and sent in the mentor's working hours. The mentor answers it
as any request; its 3 days to answer start when it reaches them. A one-off: no Snooze or Stop."""

from datetime import datetime

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services.programs import offers
from handlers.meetings.blocks.notices import build_program_intro_message
from storage.models import Delivery, IntroRequest
from storage.models.deliveries import PROGRAM_INTRO


def answered_already(session: Session, row: Delivery) -> str | None:
    """A request withdrawn, expired or erased before the pass reached it has nothing for the
    mentor to answer: its Accept / Decline would only say it is closed."""
    request = session.get(IntroRequest, row.intro_request_id) if row.intro_request_id else None
    if request is None or request.status != "open":
        return "the introduction is no longer open"
    return None


def delivered(session: Session, plan: SendPlan, channel: str, ts: str, now: datetime) -> None:
    if plan.intro_request is not None and plan.intro_request.id is not None:
        offers.delivered(
            session,
            team_id=plan.team_id,
            request_id=plan.intro_request.id,
            channel_id=channel,
            ts=ts,
            now=now,
        )


KIND = DeliveryKind(
    name=PROGRAM_INTRO,
    build=build_program_intro_message,
    footer=False,
    stale=answered_already,
    sent=delivered,
)
