"""chat.postMessage, chat.postEphemeral, chat.update and chat.delete."""

from __future__ import annotations

from typing import Any

from playground.emulator.arguments import flag, present
from playground.emulator.content import check_content, check_metadata
from playground.emulator.lookups import find_message, postable_channel, visible_channel
from playground.emulator.shapes import bot_profile, message_object
from playground.emulator.state import EmulatorState, Handler
from playground.emulator.wire import SlackRefusal


def post_message(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel = postable_channel(state, args["channel"])
    text, blocks = check_content(args, strict=state.strict)
    metadata = check_metadata(args.get("metadata"))
    ts = state.ids.next_ts()
    message: dict[str, Any] = {
        "type": "message",
        "text": text,
        "user": state.bot_user_id,
        "bot_id": state.bot_id,
        "app_id": state.app_id,
        "team": state.team_id,
        "ts": ts,
        "bot_profile": bot_profile(state),
    }
    if blocks is not None:
        message["blocks"] = blocks
    if present(args.get("attachments")):
        message["attachments"] = args["attachments"]
    if metadata is not None:
        message["metadata"] = metadata
    thread_ts = args.get("thread_ts")
    if present(thread_ts):
        message["thread_ts"] = str(thread_ts)
        message["parent_user_id"] = _thread_parent_user(state, channel["id"], str(thread_ts))
        if flag(args.get("reply_broadcast")):
            message["subtype"] = "thread_broadcast"
        state.note_reply(channel["id"], str(thread_ts), state.bot_user_id, ts)
    for name in ("unfurl_links", "unfurl_media"):
        if name in args:
            message[name] = flag(args[name])
    state.messages[channel["id"]].append(message)
    return {"channel": channel["id"], "ts": ts, "message": message_object(message)}


def _thread_parent_user(state: EmulatorState, channel_id: str, thread_ts: str) -> str:
    for message in state.messages.get(channel_id, []):
        if message["ts"] == thread_ts:
            return str(message.get("user", ""))
    return ""


def post_ephemeral(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel = visible_channel(state, args["channel"])
    if channel["is_archived"]:
        raise SlackRefusal("is_archived", f"[ERROR] channel {channel['id']} is archived")
    user_id = str(args["user"])
    user = state.users.get(user_id)
    if user is None or user["deleted"] or user_id not in channel["members"]:
        raise SlackRefusal("user_not_in_channel", f"[ERROR] {user_id} is not in {channel['id']}")
    text, blocks = check_content(args, strict=state.strict)
    ts = state.ids.next_ts()
    state.ephemerals.append(
        {
            "channel": channel["id"],
            "user": user_id,
            "text": text,
            "blocks": blocks,
            "thread_ts": args.get("thread_ts"),
            "message_ts": ts,
        }
    )
    return {"message_ts": ts}


def _bots_message(
    state: EmulatorState, args: dict[str, Any], code: str
) -> tuple[str, dict[str, Any]]:
    """The channel id and message `channel` and `ts` name; `code` unless the bot posted it."""
    channel = visible_channel(state, args["channel"])
    message = find_message(state, channel["id"], args["ts"])
    if message.get("bot_id") != state.bot_id:
        raise SlackRefusal(code, "[ERROR] only the bot's messages")
    return channel["id"], message


def update(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel_id, message = _bots_message(state, args, "cant_update_message")
    text, blocks = check_content(args, strict=state.strict)
    message["text"] = text
    if blocks is not None:
        message["blocks"] = blocks
    if present(args.get("attachments")):
        message["attachments"] = args["attachments"]
    metadata = check_metadata(args.get("metadata"))
    if metadata is not None:
        message["metadata"] = metadata
    message["edited"] = {"user": state.bot_user_id, "ts": state.ids.next_ts()}
    return {
        "channel": channel_id,
        "ts": message["ts"],
        "text": text,
        "message": message_object(message),
    }


def delete(state: EmulatorState, args: dict[str, Any]) -> dict[str, Any]:
    channel_id, message = _bots_message(state, args, "cant_delete_message")
    state.messages[channel_id].remove(message)
    return {"channel": channel_id, "ts": message["ts"]}


METHODS: dict[str, Handler] = {
    "chat.postMessage": post_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.update": update,
    "chat.delete": delete,
}
