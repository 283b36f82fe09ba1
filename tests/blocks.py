"""Reading what the app sent: the elements of a message's or a view's blocks."""

from __future__ import annotations

from typing import Any


def button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    """The one element with this action id in the message's actions blocks."""
    return next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
