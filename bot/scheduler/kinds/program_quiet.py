"""The kind private nudge to each of a program pair silent for 60 days (planned by
bot/services/programs/silence.py): log a meeting, say all is well, or pause. Seven days after
it lands, still silent, the pair is ended gracefully. No Snooze or Stop on it: a nudge nobody
may silence is what keeps the ending from coming unannounced."""

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.kinds.program_midpoint import with_program
from handlers.meetings.blocks.programs_checkpoints import build_quiet_message
from storage.models.deliveries import PROGRAM_QUIET

KIND = DeliveryKind(
    name=PROGRAM_QUIET, build=build_quiet_message, footer=False, details=with_program
)
