"""conversations.open, .info, .list, .members and .history."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

from playground.emulator.arguments import flag, paginate, present
from playground.emulator.lookups import user_or_refuse, visible_channel
from playground.emulator.shapes import conversation_object, message_object
from playground.emulator.state import EmulatorState, Handler, channel_record, dm_id
from playground.emulator.wire import SlackRefusal

MAX_MPIM_USERS = 8


def _open_channel(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    """conversations.open with `channel`: only a DM or group DM, already open."""
    channel = visible_channel(state, args["channel"])
    if not (channel["is_im"] or channel["is_mpim"]):
        raise SlackRefusal(
            "method_not_supported_for_channel_type",
            "[ERROR] only DMs and group DMs can be opened",
        )
    return _opened(state, channel, args, already_open=True)


def _users_to_open(state: EmulatorState, users_arg: Any) -> list[str]:
    raw = users_arg if isinstance(users_arg, list) else str(users_arg).split(",")
    stripped = [str(u).strip() for u in raw]
    user_ids = [u for u in stripped if u and u != state.bot_user_id]
    user_ids = list(dict.fromkeys(user_ids))
    if not user_ids:
        raise SlackRefusal("not_enough_users", "[ERROR] give at least one other user")
    if len(user_ids) > MAX_MPIM_USERS:
        raise SlackRefusal("too_many_users", "[ERROR] at most 8 users")
    for user_id in user_ids:
        user = user_or_refuse(state, user_id)
        if user["deleted"]:
            raise SlackRefusal("user_disabled", f"[ERROR] user {user_id} is deactivated")
        if user["is_bot"] and len(user_ids) == 1:
            raise SlackRefusal("cannot_dm_bot", f"[ERROR] user {user_id} is a bot")
    return user_ids


def conversations_open(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    users_arg = args.get("users")
    if not present(users_arg):
        if present(args.get("channel")):
            return _open_channel(state, args)
        raise SlackRefusal("users_list_not_supplied", "[ERROR] missing required field: users")
    user_ids = _users_to_open(state, users_arg)
    if len(user_ids) == 1:
        existed = dm_id(user_ids[0]) in state.channels
        dm = state.channels[state.dm_channel_of(user_ids[0])]
        return _opened(state, dm, args, existed)
    return _open_mpim(state, user_ids, args)


def _open_mpim(state: EmulatorState, user_ids: list[str], args: dict[str, Any]) -> dict[str, Any]:
    members = sorted(user_ids)
    digest = hashlib.sha1(",".join(members).encode()).hexdigest()[:10].upper()
    channel_id = f"G{digest}"
    existed = channel_id in state.channels
    if not existed:
        names = [state.users[u]["name"] for u in members]
        state.channels[channel_id] = channel_record(
            channel_id,
            name="mpdm-" + "--".join(names) + "-1",
            members=[*members, state.bot_user_id],
            created=int(state.wall_clock()),
            is_private=True,
            is_mpim=True,
        )
    return _opened(state, state.channels[channel_id], args, existed)


def _opened(
    state: EmulatorState,
    channel: Mapping[str, Any],
    args: Mapping[str, Any],
    already_open: bool,
) -> dict[str, Any]:
    full = flag(args.get("return_im")) or channel["is_mpim"]
    body: dict[str, Any] = {
        "channel": conversation_object(state, channel, with_count=False)
        if full
        else {"id": channel["id"]}
    }
    if already_open:
        body.update({"no_op": True, "already_open": True})
    return body


def conversations_info(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel = visible_channel(state, args["channel"])
    with_count = flag(args.get("include_num_members"))
    return {"channel": conversation_object(state, channel, with_count=with_count)}


def _list_kind(channel: Mapping[str, Any]) -> str:
    if channel["is_im"]:
        return "im"
    if channel["is_mpim"]:
        return "mpim"
    return "private_channel" if channel["is_private"] else "public_channel"


def conversations_list(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    types = {t.strip() for t in str(args.get("types") or "public_channel").split(",")}
    exclude_archived = flag(args.get("exclude_archived"))
    visible: list[dict[str, Any]] = []
    for channel in state.channels.values():
        kind = _list_kind(channel)
        if kind not in types or (exclude_archived and channel["is_archived"]):
            continue
        if kind == "private_channel" and not state.bot_is_member(channel):
            continue
        visible.append(channel)
    page, cursor = paginate(visible, args)
    return {
        "channels": [conversation_object(state, c, with_count=True) for c in page],
        "response_metadata": {"next_cursor": cursor},
    }


def conversations_members(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel = visible_channel(state, args["channel"])
    page, cursor = paginate(list(channel["members"]), args)
    return {"members": page, "response_metadata": {"next_cursor": cursor}}


def conversations_history(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel = visible_channel(state, args["channel"])
    if not state.bot_is_member(channel):
        raise SlackRefusal("not_in_channel", f"[ERROR] the bot is not in {channel['id']}")
    oldest = _ts_bound(args.get("oldest"), "invalid_ts_oldest", 0.0)
    latest = _ts_bound(args.get("latest"), "invalid_ts_latest", math.inf)
    inclusive = flag(args.get("inclusive"))
    with_metadata = flag(args.get("include_all_metadata"))

    def in_range(ts: float) -> bool:
        if inclusive:
            return oldest <= ts <= latest
        return oldest < ts < latest

    top_level = [
        m
        for m in state.messages.get(channel["id"], [])
        if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
    ]
    selected = [m for m in reversed(top_level) if in_range(float(m["ts"]))]
    page, cursor = paginate(selected, args)
    return {
        "messages": [message_object(m, with_metadata=with_metadata) for m in page],
        "has_more": bool(cursor),
        "pin_count": 0,
        "response_metadata": {"next_cursor": cursor},
    }


def _ts_bound(value: Any, code: str, default: float) -> float:
    if not present(value):
        return default
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise SlackRefusal(code, f"[ERROR] not a timestamp: {value}") from exc


METHODS: dict[str, Handler] = {
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.list": conversations_list,
    "conversations.members": conversations_members,
    "conversations.history": conversations_history,
}
