"""Pausing a pair's prompts until a date, and resuming them."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.clock import format_day
from handlers.meetings.blocks.context import bond
from handlers.meetings.blocks.forms import modal, pair_meta
from handlers.slack.mrkdwn import actions, button, section
from handlers.slack.origin import NOWHERE, Origin

PAUSE_OPEN = "pair_pause_open"  # value: a pair id
RESUME_NOW = "pair_resume_now"  # value: a pair id
PAUSE_VIEW = "pause_modal"
UNTIL_BLOCK, UNTIL_ACTION = "until", "until_value"

NOT_A_DATE = "That is not a real date. Pick one from the calendar."


def too_long(latest: date) -> str:
    """The date field's error for a pause past six months: a nearer date, or ending well."""
    return (
        f"A pause is at most six months, until {latest:%-d %B %Y}. Pick a nearer date, or, "
        "if it is time to stop, end the mentoring gracefully with /mentor end."
    )


def build_pause_view(
    pair_id: int, initial: date, origin: Origin = NOWHERE, opener: str = "", *, peer: bool = False
) -> dict[str, Any]:
    picker = {
        "type": "input",
        "block_id": UNTIL_BLOCK,
        "label": {"type": "plain_text", "text": "Pause until"},
        "element": {
            "type": "datepicker",
            "action_id": UNTIL_ACTION,
            "initial_date": initial.isoformat(),
        },
    }
    blocks = [section("No prompts for either of you until this date."), picker]
    title = f"Pause {bond(peer)}"
    return modal(PAUSE_VIEW, title, "Pause", blocks, pair_meta(pair_id, origin, opener))


def build_paused_message(
    pauser_user: str, pair_id: int, until: date, *, today: date, peer: bool = False
) -> dict[str, Any]:
    """The pause confirmation in the pair's DM, with a way back."""
    text = (
        f"<@{pauser_user}> paused your {bond(peer)} prompts until "
        f"{format_day(until, today=today)}. Rest well!"
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(button("Resume now", RESUME_NOW, str(pair_id)), block_id="pause_actions"),
        ],
    }


def build_resumed_message(
    resumer_user: str, next_meeting: date | None, *, today: date, peer: bool = False
) -> dict[str, Any]:
    when = (
        f" Your next meeting day is {format_day(next_meeting, today=today)}."
        if next_meeting
        else ""
    )
    text = f"<@{resumer_user}> resumed your {bond(peer)} prompts.{when} Welcome back!"
    return {"text": text, "blocks": [section(text)]}
