"""The private pulse to each of the pair, every five weeks."""

from bot.scheduler.kind import DeliveryKind
from bot.services.meeting_dates import plan_pulse
from handlers.meetings.blocks.pulse import build_pulse_message
from storage.models.deliveries import PULSE

KIND = DeliveryKind(
    name=PULSE,
    build=build_pulse_message,
    planner=plan_pulse,
    recurring=True,
    unanswered="person",
)
