"""A mentoring program's introduction to the mentor, queued when a round is published
(bot/services/programs/offers.py) and sent in the mentor's working hours. The mentor answers it
as any request; its 3 days to answer start when it reaches them. A one-off: no Snooze or Stop."""

from datetime import datetime

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services.programs import offers
from handlers.meetings.blocks.notices import build_program_intro_message
from storage.models.deliveries import PROGRAM_INTRO


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
    name=PROGRAM_INTRO, build=build_program_intro_message, footer=False, sent=delivered
)
