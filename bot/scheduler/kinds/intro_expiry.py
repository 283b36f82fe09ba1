"""The gentle note to each side of an introduction request nobody answered in time (queued by
bot/scheduler/planning.py). A one-off: nothing to snooze or stop. A program's request says what
the program does next (a round offers the next best mentor; mentees choose again)."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from handlers.meetings.blocks.notices import build_intro_expiry_message
from storage.models import Delivery
from storage.models.deliveries import INTRO_EXPIRY
from storage.repositories import request_programs


def program_of_request(session: Session, _row: Delivery, plan: SendPlan) -> SendPlan:
    if plan.intro_request is None:
        return plan
    program = request_programs.program_of(session, request=plan.intro_request)
    if program is None:
        return plan
    return replace(plan, program_name=program.name, program_mode=program.matching_mode)


KIND = DeliveryKind(
    name=INTRO_EXPIRY, build=build_intro_expiry_message, footer=False, details=program_of_request
)
