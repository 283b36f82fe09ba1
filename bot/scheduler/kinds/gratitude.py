"""The reminder to thank the mentor, queued by a good check-in (bot/services/meetings.py)."""

from bot.scheduler.kind import DeliveryKind
from handlers.meetings.blocks.gratitude import build_gratitude_message
from storage.models.deliveries import GRATITUDE

KIND = DeliveryKind(name=GRATITUDE, build=build_gratitude_message)
