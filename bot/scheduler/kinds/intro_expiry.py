"""The gentle note to each side of an introduction request nobody answered in time (queued by
bot/scheduler/planning.py). A one-off: nothing to snooze or stop."""

from bot.scheduler.kind import DeliveryKind
from handlers.meetings.blocks.notices import build_intro_expiry_message
from storage.models.deliveries import INTRO_EXPIRY

KIND = DeliveryKind(name=INTRO_EXPIRY, build=build_intro_expiry_message, footer=False)
