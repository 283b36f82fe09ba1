"""The mentee's notice that their program matched them with a mentor, queued with each program
introduction (bot/services/programs/offers.py) and sent in the mentee's working hours: who, the
mentor's 3 days to answer, and that a decline brings the next best mentor. A one-off."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services.programs import review
from handlers.programs.rounds.delivery_blocks import build_program_matched_message
from storage.models import Delivery
from storage.models.deliveries import PROGRAM_MATCHED


def the_program(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    name = review.program_name(session, team_id=row.team_id, program_id=row.program_id)
    return replace(plan, program_name=name)


KIND = DeliveryKind(
    name=PROGRAM_MATCHED, build=build_program_matched_message, footer=False, details=the_program
)
