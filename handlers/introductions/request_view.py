"""The request-introduction modal (to a mentor, or to a peer to pair up with), what its
metadata says, and why someone cannot be asked."""

from __future__ import annotations

import json
from typing import Any

from bot.services.introductions.asking import MAX_MESSAGE
from handlers.slack.mrkdwn import plain, section

REQUEST_VIEW = "intro_request"
B_MESSAGE, A_MESSAGE = "intro_message", "message"

# Why a mentor cannot be asked (the service's reasons), to the mentee who tried.
UNAVAILABLE = {
    "unavailable": "That mentor isn't taking mentees right now.",
    "full": "That mentor's slots are all taken right now.",
    "paired": "They're already your mentor.",
    "declined_recently": "That mentor can't take you on right now; try another match.",
    "self": "You can't ask yourself, though the thought is kind.",
    "duplicate": "You already asked them; they'll answer soon.",
}


# The same, when the person asked to pair up as peers.
PEER_UNAVAILABLE = {
    **UNAVAILABLE,
    "unavailable": "They aren't open to pairing up right now.",
    "paired": "You're already paired with them.",
    "declined_recently": "They can't pair up right now; try another match.",
}


def unavailable_text(reason: str | None, *, peer: bool = False) -> str:
    texts = PEER_UNAVAILABLE if peer else UNAVAILABLE
    return texts.get(reason or "", texts["unavailable"])


def build_request_intro_view(
    *, mentor_slack_id: str, draft: str, mentor_id: int, search_id: int, peer: bool = False
) -> dict[str, Any]:
    """The modal pre-filled with the draft; private_metadata carries ids (and "peer") only."""
    meta: dict[str, Any] = {"mentor_id": mentor_id, "search_id": search_id}
    why = "say why them, what you hope to gain, and offer a short first chat."
    if peer:
        meta["peer"] = True
        why = "say what you'd learn from each other, and offer a short first chat."
    return {
        "type": "modal",
        "callback_id": REQUEST_VIEW,
        "title": {"type": "plain_text", "text": "Ask to pair up" if peer else "Request intro"},
        "submit": {"type": "plain_text", "text": "Send"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps(meta),
        "blocks": [
            section(f"A personal note to <@{mentor_slack_id}>. Make it yours: {why}"),
            {
                "type": "input",
                "block_id": B_MESSAGE,
                "label": {"type": "plain_text", "text": "Your message"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": A_MESSAGE,
                    "multiline": True,
                    "max_length": MAX_MESSAGE,
                    "initial_value": plain(draft)[:MAX_MESSAGE],
                },
            },
        ],
    }


def read_request_metadata(view: dict[str, Any]) -> tuple[int, int] | None:
    """(mentor_id, search_id) from the modal, or None when it was tampered with."""
    try:
        data = json.loads(str(view.get("private_metadata") or ""))
        mentor_id, search_id = int(data["mentor_id"]), int(data.get("search_id", 0))
    except (ValueError, KeyError, TypeError):
        return None
    return mentor_id, search_id


def peer_requested(view: dict[str, Any]) -> bool:
    """Whether the modal asks to pair up as peers (the rest of its metadata read as above)."""
    try:
        return json.loads(str(view.get("private_metadata") or "")).get("peer") is True
    except (ValueError, AttributeError):
        return False


def message_from_state(values: dict[str, Any]) -> str:
    return str((values.get(B_MESSAGE, {}).get(A_MESSAGE) or {}).get("value") or "")
