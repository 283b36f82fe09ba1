"""A program's close-out, to each of an active program pair privately on the term's last day
in their working hours (planned by bot/services/programs/terms.py while the program runs). A
one-off: no Snooze or Stop on it, though a snooze the person set holds it back."""

from bot.scheduler.kind import DeliveryKind
from bot.scheduler.kinds.program_midpoint import with_program
from handlers.meetings.blocks.programs_checkpoints import build_closeout_message
from storage.models.deliveries import PROGRAM_CLOSEOUT

KIND = DeliveryKind(
    name=PROGRAM_CLOSEOUT, build=build_closeout_message, footer=False, details=with_program
)
