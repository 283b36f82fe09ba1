"""The check-in to each of the pair, the working day after the meeting (planned with the prompt)."""

from bot.scheduler.kind import DeliveryKind
from handlers.meetings.blocks.checkins import build_checkin_message
from storage.models.deliveries import CHECKIN

KIND = DeliveryKind(
    name=CHECKIN,
    build=build_checkin_message,
    day="fixed",
    recurring=True,
    unanswered="person",
)
