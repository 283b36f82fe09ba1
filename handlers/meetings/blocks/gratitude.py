"""Saying thanks: the reminder after a good meeting, the note's form, and the note itself."""

from __future__ import annotations

from typing import Any

from handlers.meetings.blocks.context import DeliveryContext, Message, other_of
from handlers.meetings.blocks.forms import modal, pair_meta, text_input
from handlers.slack.mrkdwn import actions, button, clip, escape, section
from handlers.slack.origin import NOWHERE, Origin

GRATITUDE_OPEN = "gratitude_open"  # value: a pair id
THANKS_VIEW = "thanks_modal"
THANKS_BLOCK, THANKS_ACTION = "thanks", "thanks_value"


def build_gratitude_message(ctx: DeliveryContext) -> Message:
    """A reminder to the mentee (to either of a peer pair) that a thank-you goes a long way,
    with the button to write it."""
    text = f"A short thank-you to <@{other_of(ctx)}> goes a long way."
    why = (
        "Teaching takes time; telling each other what helped keeps you both going."
        if ctx.peer
        else "Mentors give their time freely; telling them what helped keeps them going."
    )
    body = f"{text} {why}"
    return {
        "text": text,
        "blocks": [
            section(body),
            actions(
                button("Send thanks", GRATITUDE_OPEN, str(ctx.pair_id), style="primary"),
                block_id="gratitude_actions",
            ),
        ],
    }


def build_thanks_view(
    pair_id: int, mentor_name: str, origin: Origin = NOWHERE, opener: str = ""
) -> dict[str, Any]:
    draft = (
        f"Thank you, {mentor_name}, for your time and your advice. It helped me more than you "
        "might think."
    )
    blocks = [
        text_input(
            THANKS_BLOCK, THANKS_ACTION, "Your note (edit it freely)", optional=False, initial=draft
        )
    ]
    return modal(THANKS_VIEW, "Send thanks", "Send", blocks, pair_meta(pair_id, origin, opener))


def build_thanks_message(thanker_user: str, thanked_user: str, note: str) -> dict[str, Any]:
    text = f"<@{thanker_user}> says thank you, <@{thanked_user}>!"
    return {"text": text, "blocks": [section(f"{text}\n>{escape(clip(note, 2500))}")]}
