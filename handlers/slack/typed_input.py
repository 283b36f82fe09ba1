"""The one choke point for typed text: every request's typed words are cleaned before any
listener reads them, so a new command, modal input or DM consumer cannot forget it.

Typed text is a slash command's words, a message event's text, and every plain_text_input
input's value in a modal's (or a message's) state and in a block action. Cleaning is
bot.services.typed_text.clean without trimming or a length limit: each service cuts to its
own field's length.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse

from bot.services.typed_text import clean

TEXT_INPUTS = frozenset({"plain_text_input", "email_text_input", "url_text_input", "number_input"})


def clean_typed_text(
    body: dict[str, Any],
    next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
) -> BoltResponse | None:
    """Bolt middleware: clean the request body's typed text in place, then go on."""
    clean_body(body)
    return next()


def clean_body(body: dict[str, Any]) -> None:
    """Clean every typed text of a Slack payload in place (commands, events, interactions)."""
    if "command" in body and isinstance(body.get("text"), str):
        body["text"] = _clean(body["text"])
    event = body.get("event")
    if isinstance(event, dict) and isinstance(event.get("text"), str):
        event["text"] = _clean(event["text"])
    for holder in (body, body.get("view")):
        if isinstance(holder, dict):
            _clean_state(holder.get("state"))
    for action in body.get("actions") or []:
        if isinstance(action, dict):
            _clean_input(action)


def _clean_state(state: Any) -> None:
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict):
        return
    for block in values.values():
        for element in block.values() if isinstance(block, dict) else ():
            # Only inputs carry a "value" in state (selects carry selected_*): all typed.
            if isinstance(element, dict) and isinstance(element.get("value"), str):
                element["value"] = _clean(element["value"])


def _clean_input(action: dict[str, Any]) -> None:
    """A text input dispatching its value as a block action (buttons' values are ours)."""
    if action.get("type") in TEXT_INPUTS and isinstance(action.get("value"), str):
        action["value"] = _clean(action["value"])


def _clean(text: str) -> str:
    return clean(text, strip=False)
