"""The check-in to each member of a circle, privately, the working day after the meeting: how
useful (1-5), one takeaway, and a thank-you for the mentor. Three unanswered in a row count per
member and per circle: that member alone is asked "still want these?" (circle_ask)."""

from bot.scheduler.kind import DeliveryKind
from handlers.circles.delivery_blocks import build_circle_checkin_message
from storage.models.deliveries import CIRCLE_CHECKIN

KIND = DeliveryKind(
    name=CIRCLE_CHECKIN,
    build=build_circle_checkin_message,
    day="fixed",
    recurring=True,
    unanswered="person",
)
