"""Snooze and Stop on every recurring message, the "three unanswered" question, and
`/mentor reminders`: what the person turned off, each with a way to turn it back on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from handlers.meetings.blocks.cadence_choice import CADENCE_OPEN
from handlers.meetings.blocks.context import (
    DeliveryContext,
    Message,
    bond,
    day_text,
    other_of,
)
from handlers.meetings.blocks.pause import PAUSE_OPEN
from handlers.slack.mrkdwn import actions, button, context, section
from handlers.slack.replies import build_ephemeral

SNOOZE = "sched_snooze"  # value: a delivery id
STOP = "sched_stop"  # value: a delivery id
ADAPT_KEEP = "adapt_keep"  # value: a delivery id
REMINDERS_ON = "reminders_on"  # value: a reminder preference id
MAX_QUIET_ROWS = 20  # kinds are few; this only keeps a message far under 50 blocks


def build_footer(delivery_id: int) -> dict[str, Any]:
    """Snooze 1 week and Stop these, under a message that comes again."""
    value = str(delivery_id)
    return actions(
        button("Snooze 1 week", SNOOZE, value),
        button("Stop these", STOP, value),
        block_id="sched_footer",
    )


def build_adapt_ask_message(ctx: DeliveryContext) -> Message:
    """Three in a row went unanswered: they stopped; would a pause or another rhythm suit?"""
    if not ctx.recipient_user:  # the pair's group DM: both of them read it
        about = f"for <@{ctx.mentor_user}> and <@{ctx.mentee_user}>"
    else:
        about = f"about your {bond(ctx.peer)} with <@{other_of(ctx)}>"
    text = (
        f"The last three {ctx.adapt_kind_label} {about} went unanswered, so I've stopped "
        "sending them. Would a pause or a different cadence suit you better?"
    )
    pair, value = str(ctx.pair_id), str(ctx.delivery_id)
    buttons = [button("Keep them coming", ADAPT_KEEP, value)]
    if ctx.pair_id:
        buttons += [button("Change cadence", CADENCE_OPEN, pair), button("Pause", PAUSE_OPEN, pair)]
    return {"text": text, "blocks": [section(text), actions(*buttons, block_id="adapt_actions")]}


def build_stopped_message(label: str, preference_id: int) -> dict[str, Any]:
    """The answer to "Stop these", with Undo."""
    text = f"Done: no more {label} for you."
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(button("Undo", REMINDERS_ON, str(preference_id)), block_id="stop_undo"),
            context("`/mentor reminders` shows everything you turned off."),
        ],
        "response_type": "ephemeral",
    }


@dataclass(frozen=True)
class QuietRow:
    preference_id: int
    label: str
    stopped: bool
    snoozed_until: date | None
    today: date | None = None


def build_reminders_message(rows: list[QuietRow]) -> dict[str, Any]:
    """`/mentor reminders`: what the person stopped or snoozed, each with "Turn back on"."""
    if not rows:
        text = "All your reminders are on. Snooze or stop any of them from its message."
        return build_ephemeral(text)
    text = "Reminders you turned off:"
    blocks: list[dict[str, Any]] = [section(f"*{text}*")]
    for row in rows[:MAX_QUIET_ROWS]:
        state = (
            "stopped"
            if row.stopped or row.snoozed_until is None
            else f"snoozed until {day_text(row.snoozed_until, row.today)}"
        )
        block = section(f"{row.label.capitalize()}: {state}", block_id=f"quiet_{row.preference_id}")
        block["accessory"] = button("Turn back on", REMINDERS_ON, str(row.preference_id))
        blocks.append(block)
    return {"text": text, "blocks": blocks, "response_type": "ephemeral"}
