"""The meeting-day prompt in the pair's group DM, planned with the rest of the meeting's messages
(the come-prepared nudge and the check-ins). It goes on its day even when the day is taken: it
is posted in the pair's own group DM, so a mentor's several pairs meeting that day each get
theirs, and pushed to tomorrow it would be dropped as "meeting day passed". With an agreed
time it says when they meet on each reader's clock."""

from dataclasses import replace

from sqlmodel import Session

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan
from bot.services.calendar import schedule
from bot.services.meeting_dates import plan_meeting
from handlers.meetings.blocks.prompts import build_meeting_prompt_message
from storage.models import Delivery
from storage.models.deliveries import MEETING_PROMPT


def agreed_start(session: Session, row: Delivery, plan: SendPlan) -> SendPlan:
    """The occurrence the prompt is about, when the pair agreed a time: its start on each
    reader's clock, and the original start Skip this week and Move this one change."""
    if row.pair_id is None or row.occurrence is None or plan.mentee is None:
        return plan
    found = schedule.occurrence_on(
        session, pair_id=row.pair_id, day=row.occurrence, tz=plan.mentee.tz
    )
    if found is None:
        return plan
    return replace(plan, meeting_start=found.start, calendar_start=found.original)


KIND = DeliveryKind(
    name=MEETING_PROMPT,
    build=build_meeting_prompt_message,
    day="fixed",
    planner=plan_meeting,
    recurring=True,
    unanswered="pair",
    expires="after its day",
    keeps_its_day=True,
    details=agreed_start,
)
