"""Choosing how often and on which weekday a pair meets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.clock import format_weekly_time
from bot.services.cadence import CADENCES, WEEKDAYS
from handlers.calendar.blocks import offer_button
from handlers.slack.mrkdwn import actions, button, section

CADENCE_OPEN = "cadence_open"  # value: a pair id (on the prompt and on the cadence offers)
CADENCE_SET_PREFIX = "cadence_set_"
CADENCE_WEEKDAY = "cadence_weekday"


def build_cadence_message(
    pair_id: int,
    cadence: str,
    weekday: int,
    *,
    agreed_start: datetime | None = None,
    reader_tz: str | None = None,
) -> dict[str, Any]:
    """Choose how often and on which weekday the pair meets; an agreed time is shown on the
    reader's own clock ("every week, Tuesdays 10:00 your time")."""
    every = CADENCES.get(cadence, cadence)
    if agreed_start is not None:
        now = f"{every}, {format_weekly_time(agreed_start, reader_tz)} your time"
    else:
        now = f"{every} on {WEEKDAYS[weekday]}s"
    text = f"You meet {now}. Pick a new rhythm:"
    pair = str(pair_id)
    cadence_buttons = [
        button(label.capitalize(), f"{CADENCE_SET_PREFIX}{name}", pair)
        for name, label in CADENCES.items()
    ]
    weekday_select = {
        "type": "static_select",
        "action_id": CADENCE_WEEKDAY,
        "placeholder": {"type": "plain_text", "text": "Meeting day"},
        "options": [
            {"text": {"type": "plain_text", "text": day}, "value": f"{pair_id}:{n}"}
            for n, day in enumerate(WEEKDAYS)
        ],
    }
    return {
        "text": text,
        "blocks": [
            section(text),
            actions(*cadence_buttons, weekday_select, block_id="cadence"),
            actions(offer_button(pair_id), block_id="calendar"),
        ],
    }


def build_cadence_changed_message(
    cadence: str, weekday: int, pair_id: int | None = None
) -> dict[str, Any]:
    """Told to the pair; with a Pick a time button when it names the pair."""
    text = f"Done: you now meet {CADENCES.get(cadence, cadence)} on {WEEKDAYS[weekday]}s."
    blocks = [section(text)]
    if pair_id is not None:
        blocks.append(actions(offer_button(pair_id), block_id="calendar"))
    return {"text": text, "blocks": blocks}
