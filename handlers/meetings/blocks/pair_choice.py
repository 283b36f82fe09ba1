"""Which pair a /mentor command is about, when the person is in several."""

from __future__ import annotations

import re
from typing import Any

from handlers.slack.mrkdwn import button, escape, section

MAX_PAIR_CHOICES = 40  # one block each; far more pairs than anyone has, far under 50 blocks

_USER_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>$")


def build_pair_choice_message(
    action_id: str, verb: str, command: str, partners: list[tuple[int, str]]
) -> dict[str, Any]:
    """Which mentoring a /mentor command is about, when the person has several: one button per
    pair (its id only), or the command again with @name."""
    text = (
        f"You're in {len(partners)} mentoring pairs. Which one do you want to {verb}? "
        f"(Or type `/mentor {command} @name`.)"
    )
    blocks: list[dict[str, Any]] = [section(text)]
    for pair_id, other_user in partners[:MAX_PAIR_CHOICES]:
        row = section(f"With <@{other_user}>", block_id=f"pair_choice_{pair_id}")
        row["accessory"] = button("Choose", action_id, str(pair_id))
        blocks.append(row)
    return {"text": text, "blocks": blocks, "response_type": "ephemeral"}


def build_not_a_partner_text(named: str, partners: list[str], command: str) -> str:
    """`/mentor end @farid` when Farid is not one of the person's partners."""
    who = f"<@{m.group(1)}>" if (m := _USER_MENTION.match(named)) else escape(named)
    yours = ", ".join(f"<@{user}>" for user in partners[:MAX_PAIR_CHOICES])
    return (
        f"{who} isn't one of your mentoring partners, so nothing changed. Yours: {yours}. "
        f"Try `/mentor {command} @name` with one of them."
    )
