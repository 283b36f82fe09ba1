"""The private pulse every five weeks: 1 to 5, a note, and offers after a low answer."""

from __future__ import annotations

from typing import Any

from handlers.meetings.blocks.cadence_choice import CADENCE_OPEN
from handlers.meetings.blocks.context import DeliveryContext, Message, bond, other_of
from handlers.meetings.blocks.ending import END_OPEN
from handlers.meetings.blocks.forms import modal, text_input
from handlers.meetings.blocks.pause import PAUSE_OPEN
from handlers.slack.mrkdwn import actions, button, context, section
from handlers.slack.origin import NOWHERE, ORIGIN_KEY, Origin

PULSE_PREFIX = "pulse_rate_"
PULSE_VIEW = "pulse_modal"
NOTE_BLOCK, NOTE_ACTION = "note", "note_value"


def build_pulse_message(ctx: DeliveryContext) -> Message:
    """How is it going, 1 to 5: only the one who answers sees the answer."""
    text = f"How is your {bond(ctx.peer)} with <@{other_of(ctx)}> going? (1 = not well, 5 = great)"
    value = str(ctx.delivery_id)
    return {
        "text": text,
        "blocks": [
            section(f"{text}\nOnly you see your answer."),
            actions(
                *(button(str(n), f"{PULSE_PREFIX}{n}", value) for n in range(1, 6)),
                block_id="pulse_actions",
            ),
        ],
    }


def build_pulse_view(delivery_id: int, score: int, origin: Origin = NOWHERE) -> dict[str, Any]:
    blocks = [
        section(f"You answered {score} of 5."),
        text_input(NOTE_BLOCK, NOTE_ACTION, "Anything in the way?"),
    ]
    meta = {"delivery": delivery_id, "score": score, ORIGIN_KEY: origin.as_meta()}
    return modal(PULSE_VIEW, "How is it going?", "Save", blocks, meta)


def build_low_pulse_message(pair_id: int, other_user: str, *, peer: bool = False) -> dict[str, Any]:
    """Private offers after a low pulse answer."""
    text = "Thanks for being honest. A few things that often help:"
    tips = (
        f"{text}\n• Say what you'd like more or less of; <@{other_user}> can't read minds.\n"
        "• Bring one concrete question to each meeting.\n"
        "• A different rhythm, or a pause, is fine. So is ending kindly."
    )
    pair = str(pair_id)
    return {
        "text": text,
        "blocks": [
            section(tips),
            actions(
                button("Change cadence", CADENCE_OPEN, pair),
                button("Pause", PAUSE_OPEN, pair),
                button(f"End {bond(peer)}", END_OPEN, pair, style="danger"),
                block_id="pulse_offers",
            ),
            context("Only you see this. Goals can be changed with /mentor goals."),
        ],
    }
