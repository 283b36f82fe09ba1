"""The check-in after a meeting: the scheduled question, and the private form it opens."""

from __future__ import annotations

from typing import Any

from handlers.meetings.blocks.context import DeliveryContext, Message, day_text, other_of
from handlers.meetings.blocks.forms import modal, text_input
from handlers.slack.mrkdwn import actions, button, section
from handlers.slack.origin import NOWHERE, ORIGIN_KEY, Origin

CHECKIN_MET = "checkin_met"
CHECKIN_MISSED = "checkin_missed"
CHECKIN_RESCHEDULED = "checkin_rescheduled"
CHECKIN_BUTTONS = {CHECKIN_MET: "met", CHECKIN_MISSED: "missed", CHECKIN_RESCHEDULED: "rescheduled"}
CHECKIN_OPEN = "pair_checkin_open"  # value: a pair id
CHECKIN_VIEW = "checkin_modal"

USEFULNESS_BLOCK, USEFULNESS_ACTION = "usefulness", "usefulness_value"
TAKEAWAY_BLOCK, TAKEAWAY_ACTION = "takeaway", "takeaway_value"
NEXT_STEPS_BLOCK, NEXT_STEPS_ACTION = "next_steps", "next_steps_value"


def build_checkin_message(ctx: DeliveryContext) -> Message:
    """How did the meeting go? Three answers, private to the one who answers."""
    when = day_text(ctx.occurrence, ctx.today)
    text = f"How did your meeting with <@{other_of(ctx)}> on {when} go?"
    value = str(ctx.delivery_id)
    return {
        "text": text,
        "blocks": [
            section(f"{text} Your answers are private to you."),
            actions(
                button("We met", CHECKIN_MET, value, style="primary"),
                button("We didn't meet", CHECKIN_MISSED, value),
                button("Rescheduled", CHECKIN_RESCHEDULED, value),
                block_id="checkin_actions",
            ),
        ],
    }


def build_checkin_view(
    pair_id: int,
    delivery_id: int | None,
    other_user: str,
    token: str = "",
    origin: Origin = NOWHERE,
) -> dict[str, Any]:
    """`token` is new for every opened modal: a second submit of it stores nothing; `origin`
    is the message to replace with what was saved."""
    usefulness = {
        "type": "input",
        "block_id": USEFULNESS_BLOCK,
        "label": {"type": "plain_text", "text": "How useful was it?"},
        "element": {
            "type": "static_select",
            "action_id": USEFULNESS_ACTION,
            "placeholder": {"type": "plain_text", "text": "1 (not) to 5 (very)"},
            "options": [
                {"text": {"type": "plain_text", "text": str(n)}, "value": str(n)}
                for n in range(1, 6)
            ],
        },
    }
    blocks = [
        section(f"Your meeting with <@{other_user}>. Only you see these answers."),
        usefulness,
        text_input(TAKEAWAY_BLOCK, TAKEAWAY_ACTION, "One takeaway"),
        text_input(NEXT_STEPS_BLOCK, NEXT_STEPS_ACTION, "Next steps"),
    ]
    return modal(
        CHECKIN_VIEW,
        "Meeting check-in",
        "Save",
        blocks,
        {"pair": pair_id, "delivery": delivery_id, "token": token, ORIGIN_KEY: origin.as_meta()},
    )
