"""The come-prepared nudge to each member of a circle, privately, the working day before the
meeting: a button opens a small modal for their question (planned with the prompt)."""

from bot.scheduler.kind import DeliveryKind
from handlers.circles.delivery_blocks import build_circle_prepare_message
from storage.models.deliveries import CIRCLE_PREPARE

KIND = DeliveryKind(
    name=CIRCLE_PREPARE,
    build=build_circle_prepare_message,
    day="fixed",
    recurring=True,
    expires="on its day",
)
