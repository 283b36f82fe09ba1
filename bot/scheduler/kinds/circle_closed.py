"""The kind note to each member of a circle closed because its mentor left Slack (queued by
bot/services/circles/closing.py). A one-off: nothing to snooze or stop."""

from bot.scheduler.kind import DeliveryKind
from handlers.circles.delivery_blocks import build_circle_closed_message
from storage.models.deliveries import CIRCLE_CLOSED

KIND = DeliveryKind(name=CIRCLE_CLOSED, build=build_circle_closed_message, footer=False)
