"""The objects Slack answers with, built from the emulator's records: users, conversations,
messages and the bot's profile."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from playground.emulator.state import EmulatorState

# Keys kept on stored messages that Slack does not echo back in message objects.
_PRIVATE_MESSAGE_KEYS = frozenset({"unfurl_links", "unfurl_media"})


def _profile(state: EmulatorState, user: Mapping[str, Any]) -> dict[str, Any]:
    real_name: str = user["real_name"]
    first, _, last = real_name.partition(" ")
    avatar = f"https://avatars.slack-edge.example/{user['id']}"
    profile: dict[str, Any] = {
        "title": user["title"],
        "phone": "",
        "skype": "",
        "real_name": real_name,
        "real_name_normalized": real_name,
        "display_name": user["name"],
        "display_name_normalized": user["name"],
        "first_name": first,
        "last_name": last,
        "status_text": "",
        "status_emoji": "",
        "status_expiration": 0,
        "avatar_hash": hashlib.sha1(user["id"].encode()).hexdigest()[:12],
        "team": state.team_id,
        **{f"image_{size}": f"{avatar}_{size}.png" for size in (24, 32, 48, 72, 192, 512)},
    }
    if user["email"]:
        profile["email"] = user["email"]
    if user["is_bot"] and user["id"] == state.bot_user_id:
        profile.update({"bot_id": state.bot_id, "api_app_id": state.app_id, "always_active": True})
    return profile


def user_object(state: EmulatorState, user: Mapping[str, Any]) -> dict[str, Any]:
    """A user as users.info and users.list answer it."""
    profile = _profile(state, user)
    when = datetime.fromtimestamp(state.wall_clock(), tz=UTC).astimezone(ZoneInfo(user["tz"]))
    return {
        "id": user["id"],
        "team_id": state.team_id,
        "name": user["name"],
        "deleted": user["deleted"],
        "color": hashlib.sha1(user["id"].encode()).hexdigest()[:6],
        "real_name": user["real_name"],
        "tz": user["tz"],
        "tz_label": when.tzname() or user["tz"],
        "tz_offset": user["tz_offset"],
        "profile": profile,
        "is_admin": user["is_admin"],
        "is_owner": user["is_owner"],
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user["is_bot"],
        "is_app_user": False,
        "updated": user["updated"],
        "is_email_confirmed": bool(user["email"]),
        "who_can_share_contact_card": "EVERYONE",
    }


def _im_object(state: EmulatorState, channel: Mapping[str, Any]) -> dict[str, Any]:
    user = state.users.get(channel["user"], {})
    return {
        "id": channel["id"],
        "created": channel["created"],
        "is_im": True,
        "is_org_shared": False,
        "user": channel["user"],
        "is_user_deleted": bool(user.get("deleted")),
        "priority": 0,
        "is_open": True,
        "context_team_id": state.team_id,
    }


def conversation_object(
    state: EmulatorState, channel: Mapping[str, Any], *, with_count: bool
) -> dict[str, Any]:
    """A conversation as conversations.info and conversations.list answer it."""
    if channel["is_im"]:
        return _im_object(state, channel)
    members: list[str] = channel["members"]
    obj: dict[str, Any] = {
        "id": channel["id"],
        "name": channel["name"],
        "is_channel": not channel["is_mpim"],
        "is_group": channel["is_private"] and channel["id"].startswith("G"),
        "is_im": False,
        "is_mpim": channel["is_mpim"],
        "is_private": channel["is_private"],
        "created": channel["created"],
        "is_archived": channel["is_archived"],
        "is_general": False,
        "unlinked": 0,
        "name_normalized": channel["name"],
        "is_shared": False,
        "is_org_shared": False,
        "is_ext_shared": False,
        "is_pending_ext_shared": False,
        "pending_shared": [],
        "context_team_id": state.team_id,
        "updated": channel["created"] * 1000,
        "creator": members[0] if members else "",
        "shared_team_ids": [state.team_id],
        "is_member": state.bot_user_id in members,
        "topic": {"value": channel["topic"], "creator": "", "last_set": 0},
        "purpose": {"value": channel["purpose"], "creator": "", "last_set": 0},
        "previous_names": [],
    }
    if with_count:
        obj["num_members"] = len(members)
    return obj


def message_object(message: Mapping[str, Any], *, with_metadata: bool = True) -> dict[str, Any]:
    """A stored message as the API echoes it back."""
    out = {k: v for k, v in message.items() if k not in _PRIVATE_MESSAGE_KEYS}
    if not with_metadata:
        out.pop("metadata", None)
    return out


def bot_profile(state: EmulatorState) -> dict[str, Any]:
    """The `bot_profile` on the bot's messages."""
    return {
        "id": state.bot_id,
        "app_id": state.app_id,
        "name": "mentorbot",
        "deleted": False,
        "team_id": state.team_id,
        "updated": 0,
        "icons": {"image_36": "", "image_48": "", "image_72": ""},
    }
