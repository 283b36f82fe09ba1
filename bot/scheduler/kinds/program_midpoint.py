"""A program's midpoint survey, to each of an active program pair privately on the term's
middle day in their working hours (planned by bot/services/programs/terms.py when the program
runs; a pair that started after the middle day is not asked). A one-off: no Snooze or Stop
on it, though a snooze the person set holds it back like any delivery."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services.programs import terms
from handlers.meetings.blocks.programs_checkpoints import build_midpoint_message
from storage.models import Delivery
from storage.models.deliveries import PROGRAM_MIDPOINT


def with_program(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    """The program's name, for the message (the row names the program)."""
    return replace(plan, program_name=terms.program_name(session, program_id=row.program_id))


KIND = DeliveryKind(
    name=PROGRAM_MIDPOINT, build=build_midpoint_message, footer=False, details=with_program
)
