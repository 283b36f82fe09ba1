"""The meeting-day prompt in the pair's group DM, planned with the rest of the meeting's messages
(the come-prepared nudge and the check-ins). It goes on its day even when the day is taken: it
is posted in the pair's own group DM, so a mentor's several pairs meeting that day each get
theirs, and pushed to tomorrow it would be dropped as "meeting day passed"."""

from bot.scheduler.kind import DeliveryKind
from bot.services.meeting_dates import plan_meeting
from handlers.meetings.blocks.prompts import build_meeting_prompt_message
from storage.models.deliveries import MEETING_PROMPT

KIND = DeliveryKind(
    name=MEETING_PROMPT,
    build=build_meeting_prompt_message,
    day="fixed",
    planner=plan_meeting,
    recurring=True,
    unanswered="pair",
    expires="after its day",
    keeps_its_day=True,
)
