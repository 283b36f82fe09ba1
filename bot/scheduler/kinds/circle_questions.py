"""The questions a circle's members brought, to the mentor privately on the meeting day before
the meeting (names only where a member ticked "share my name"). Nothing brought, nothing sent.
It keeps its day: the mentor's prompt that day is the circle's, not a second message to them."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services.circles import answers
from handlers.circles.delivery_blocks import build_circle_questions_message
from storage.models import Delivery
from storage.models.deliveries import CIRCLE_QUESTIONS


def _questions(session: Session, row: Delivery) -> tuple[answers.Question, ...]:
    if row.circle_id is None or row.occurrence is None:
        return ()
    return answers.questions_for(session, circle_id=row.circle_id, occurrence=row.occurrence)


def nothing_brought(session: Session, row: Delivery) -> str | None:
    return None if _questions(session, row) else "no questions were brought"


def the_list(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    return replace(plan, circle_questions=_questions(session, row))


KIND = DeliveryKind(
    name=CIRCLE_QUESTIONS,
    build=build_circle_questions_message,
    day="fixed",
    expires="after its day",
    keeps_its_day=True,
    footer=False,
    details=the_list,
    stale=nothing_brought,
)
