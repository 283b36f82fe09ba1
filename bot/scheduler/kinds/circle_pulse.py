"""The private pulse to each member of a circle, every five weeks."""

from bot.scheduler.kind import DeliveryKind
from bot.services.circles.rhythm import plan_circle_pulse
from handlers.circles.delivery_blocks import build_circle_pulse_message
from storage.models.deliveries import CIRCLE_PULSE

KIND = DeliveryKind(
    name=CIRCLE_PULSE,
    build=build_circle_pulse_message,
    circle_planner=plan_circle_pulse,
    recurring=True,
)
