"""conversations.create, conversations.invite and conversations.kick: a private channel the
bot makes, the people it adds, and a member it removes. Slack's rules as the emulator keeps
them: a name of at most 80 lower-case letters, digits, hyphens and underscores, unique in the
workspace; no inviting oneself, a bot user or a deactivated person; at most 1000 users a call;
inviting only people not already in (`already_in_channel` when none was new); a DM's people
are fixed, and only someone in the channel can be removed from it."""

from __future__ import annotations

import re
from typing import Any

from playground.emulator.arguments import flag, present
from playground.emulator.lookups import user_or_refuse, visible_channel
from playground.emulator.shapes import conversation_object
from playground.emulator.state import EmulatorState, Handler, channel_record
from playground.emulator.wire import SlackRefusal

MAX_NAME = 80
MAX_INVITES = 1000
_NAME = re.compile(r"^[a-z0-9_-]+$")


def _checked_name(state: EmulatorState, raw: Any) -> str:
    name = str(raw or "")
    if not name:
        raise SlackRefusal("invalid_name_required", "[ERROR] a name is required")
    if len(name) > MAX_NAME:
        raise SlackRefusal("invalid_name_maxlength", "[ERROR] at most 80 characters")
    if not _NAME.match(name):
        raise SlackRefusal(
            "invalid_name_specials", "[ERROR] lower-case letters, digits, - and _ only"
        )
    if any(c["name"] == name for c in state.channels.values()):
        raise SlackRefusal("name_taken", f"[ERROR] a channel is called {name}")
    return name


def conversations_create(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    name = _checked_name(state, args.get("name"))
    channel_id = state.ids.new_id("C")
    state.channels[channel_id] = channel_record(
        channel_id,
        name=name,
        members=[state.bot_user_id],
        created=int(state.wall_clock()),
        is_private=flag(args.get("is_private")),
    )
    return {"channel": conversation_object(state, state.channels[channel_id], with_count=False)}


def _invitees(state: EmulatorState, users_arg: Any) -> list[str]:
    raw = users_arg if isinstance(users_arg, list) else str(users_arg or "").split(",")
    user_ids = list(dict.fromkeys(str(u).strip() for u in raw if str(u).strip()))
    if not user_ids:
        raise SlackRefusal("no_user", "[ERROR] give at least one user")
    if len(user_ids) > MAX_INVITES:
        raise SlackRefusal("too_many_users", "[ERROR] at most 1000 users a call")
    for user_id in user_ids:
        if user_id == state.bot_user_id:
            raise SlackRefusal("cant_invite_self", "[ERROR] the bot is already there")
        user = user_or_refuse(state, user_id)
        if user["deleted"]:
            raise SlackRefusal("cant_invite", f"[ERROR] user {user_id} is deactivated")
        if user["is_bot"]:
            raise SlackRefusal("user_is_bot", f"[ERROR] user {user_id} is a bot")
    return user_ids


def conversations_invite(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel = visible_channel(state, args["channel"])
    if channel["is_im"] or channel["is_mpim"]:
        raise SlackRefusal(
            "method_not_supported_for_channel_type", "[ERROR] DMs take no new members"
        )
    if channel["is_archived"]:
        raise SlackRefusal("is_archived", "[ERROR] the channel is archived")
    if not state.bot_is_member(channel):
        raise SlackRefusal("not_in_channel", "[ERROR] the bot is not in the channel")
    if not present(args.get("users")):
        raise SlackRefusal("no_user", "[ERROR] missing required field: users")
    new = [u for u in _invitees(state, args["users"]) if u not in channel["members"]]
    if not new:
        raise SlackRefusal("already_in_channel", "[ERROR] everyone is already there")
    channel["members"] = [*channel["members"], *new]
    return {"channel": conversation_object(state, channel, with_count=False)}


def conversations_kick(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    """Remove one person from a channel: a DM or group DM keeps its people, nobody removes
    themselves or the bot, and they must be in it."""
    channel = visible_channel(state, args["channel"])
    if channel["is_im"] or channel["is_mpim"]:
        raise SlackRefusal(
            "method_not_supported_for_channel_type", "[ERROR] a DM's people are fixed"
        )
    if not state.bot_is_member(channel):
        raise SlackRefusal("not_in_channel", "[ERROR] the bot is not in the channel")
    user_id = str(args["user"])
    if user_id == state.bot_user_id:
        raise SlackRefusal("cant_kick_self", "[ERROR] the bot cannot remove itself")
    user_or_refuse(state, user_id)
    if user_id not in channel["members"]:
        raise SlackRefusal("not_in_channel", f"[ERROR] {user_id} is not in the channel")
    channel["members"] = [m for m in channel["members"] if m != user_id]
    return {}


METHODS: dict[str, Handler] = {
    "conversations.create": conversations_create,
    "conversations.invite": conversations_invite,
    "conversations.kick": conversations_kick,
}
