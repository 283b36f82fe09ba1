"""Shapes Bolt reads without checking their types: refused before dispatch, not as a 500.

Slack always sends these parts with these types; a signed payload that does not is a bug on
somebody's side, and a log line says which part was odd.
"""

from __future__ import annotations

from typing import Any

# Parts of a payload Bolt reads as objects.
_OBJECT_PARTS = ("event", "view", "team", "channel", "container", "message", "enterprise")
# Parts Bolt matches listeners against (regexes and equality): strings when present.
_STRING_PARTS = ("type", "callback_id", "action_id", "command", "event_id", "trigger_id")
# Interactive payloads whose listener Bolt picks from `actions[0]`.
_ACTION_TYPES = ("block_actions", "interactive_message", "attachment_actions")


def odd_shape(payload: dict[str, Any]) -> str | None:
    """None for a payload whose parts have Slack's types, else the first odd part's name."""
    for part in _OBJECT_PARTS:
        if part in payload and not isinstance(payload[part], dict):
            return f"{part} is not an object"
    for part in _STRING_PARTS:
        if part in payload and not isinstance(payload[part], str):
            return f"{part} is not a string"
    if "user" in payload and not isinstance(payload["user"], dict | str):
        return "user is neither an object nor an id"
    return _odd_view(payload.get("view")) or _odd_actions(payload) or _odd_event(payload)


def _odd_view(view: Any) -> str | None:
    if not isinstance(view, dict):
        return None
    for part in ("type", "callback_id", "id", "hash", "private_metadata"):
        if part in view and not isinstance(view[part], str):
            return f"view.{part} is not a string"
    if "callback_id" in view and "type" not in view:
        return "view has a callback_id but no type"
    state = view.get("state")
    if state is not None and not (
        isinstance(state, dict) and isinstance(state.get("values"), dict)
    ):
        return "view.state.values is not an object"
    return None


def _odd_actions(payload: dict[str, Any]) -> str | None:
    if "actions" not in payload and payload.get("type") not in _ACTION_TYPES:
        return None
    actions = payload.get("actions")
    if not isinstance(actions, list) or not actions:
        return "actions is not a non-empty list"
    for action in actions:
        if not isinstance(action, dict):
            return "an action is not an object"
        for part in ("action_id", "block_id", "type"):
            if part in action and not isinstance(action[part], str):
                return f"an action's {part} is not a string"
        if payload.get("type") == "block_actions" and "action_id" not in action:
            return "an action has no action_id"
    return None


def _odd_event(payload: dict[str, Any]) -> str | None:
    event = payload.get("event")
    if not isinstance(event, dict):
        return None
    for part in ("type", "subtype", "channel", "channel_type", "text", "ts", "bot_id"):
        if part in event and event[part] is not None and not isinstance(event[part], str):
            return f"event.{part} is not a string"
    return None
