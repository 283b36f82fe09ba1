"""The come-prepared nudge to the mentee, the working day before the meeting (planned with the
prompt). On the meeting day itself it would crowd out the prompt, so it expires then."""

from bot.scheduler.kind import DeliveryKind
from handlers.meetings.blocks.questions import build_prepare_message
from storage.models.deliveries import PREPARE

KIND = DeliveryKind(
    name=PREPARE,
    build=build_prepare_message,
    day="fixed",
    recurring=True,
    unanswered="person",
    expires="on its day",
)
