"""Finding users, conversations and messages as a method would, with Slack's refusals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.emulator.state import EmulatorState
from playground.emulator.wire import SlackRefusal


def user_or_refuse(
    state: EmulatorState, user_id: Any, code: str = "user_not_found"
) -> dict[str, Any]:
    user = state.users.get(str(user_id))
    if user is None:
        raise SlackRefusal(code, f"[ERROR] unknown user: {user_id}")
    return user


def visible_channel(state: EmulatorState, channel_id: Any) -> dict[str, Any]:
    """A channel the bot can see: public, or private with the bot in it, or a DM/MPIM."""
    key = str(channel_id)
    channel = state.channels.get(key)
    if channel is None:
        name = key.lstrip("#")
        channel = next((c for c in state.channels.values() if c["name"] == name), None)
    if channel is None or (channel["is_private"] and not state.bot_is_member(channel)):
        raise SlackRefusal("channel_not_found", f"[ERROR] channel not found: {channel_id}")
    return channel


def check_dm_target(user: Mapping[str, Any]) -> None:
    # Slack answers `user_disabled` for deactivated people and `cannot_dm_bot` for bots.
    if user["deleted"]:
        raise SlackRefusal("user_disabled", f"[ERROR] user {user['id']} is deactivated")
    if user["is_bot"]:
        raise SlackRefusal("cannot_dm_bot", f"[ERROR] user {user['id']} is a bot")


def _dm_for_user(state: EmulatorState, user_id: str) -> dict[str, Any]:
    user = state.users.get(user_id)
    if user is None:
        raise SlackRefusal("channel_not_found", f"[ERROR] unknown user: {user_id}")
    check_dm_target(user)
    return state.channels[state.dm_channel_of(user_id)]


def postable_channel(state: EmulatorState, channel_arg: Any) -> dict[str, Any]:
    """Where chat.postMessage would post, or Slack's refusal."""
    key = str(channel_arg)
    if key[:1] in {"U", "W"} and key not in state.channels:
        return _dm_for_user(state, key)
    channel = visible_channel(state, key)
    if channel["is_im"] and channel["user"] in state.users:
        check_dm_target(state.users[channel["user"]])
    if channel["is_archived"]:
        raise SlackRefusal("is_archived", f"[ERROR] channel {channel['id']} is archived")
    if not state.bot_is_member(channel):
        raise SlackRefusal("not_in_channel", f"[ERROR] the bot is not a member of {channel['id']}")
    return channel


def find_message(state: EmulatorState, channel_id: str, ts: Any) -> dict[str, Any]:
    for message in state.messages.get(channel_id, []):
        if message["ts"] == str(ts):
            return message
    raise SlackRefusal("message_not_found", f"[ERROR] no message {ts} in {channel_id}")
