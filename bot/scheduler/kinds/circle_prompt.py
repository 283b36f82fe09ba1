"""A circle's meeting prompt: one per meeting, in the circle's conversation, on its day inside
the working hours its people share (the mentor's when they share none), planned with the
meeting's other messages (bot/services/circles/rhythm.py). Like a pair's prompt it keeps its
day; only the mentor's snooze or stop holds it (a member quiets their own messages instead:
Pause for me, or Leave), so one member never silences the circle for the others."""

from bot.scheduler.kind import DeliveryKind
from bot.services.circles.rhythm import plan_circle_meeting
from handlers.circles.delivery_blocks import build_circle_prompt_message
from storage.models.deliveries import CIRCLE_PROMPT

KIND = DeliveryKind(
    name=CIRCLE_PROMPT,
    build=build_circle_prompt_message,
    day="fixed",
    circle_planner=plan_circle_meeting,
    recurring=True,
    expires="after its day",
    keeps_its_day=True,
)
