"""Setting the workspace up from a test: installs, people, channels, messages, trigger ids."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from playground.emulator.shapes import conversation_object
from playground.emulator.state import TRIGGER_TTL_SECONDS, EmulatorState, Trigger, channel_record

_USER_FIELDS = frozenset(
    {
        "name",
        "real_name",
        "tz",
        "tz_offset",
        "is_admin",
        "is_owner",
        "deleted",
        "is_bot",
        "title",
        "email",
    }
)


class Workspace(EmulatorState):
    """The emulated workspace, with the methods a test uses to set it up and read it."""

    # --- several workspaces (OAuth installs) ---------------------------------------------------

    def add_workspace(self, team_id: str, *, token: str) -> None:
        """Accept `token` as the bot token of another workspace that installed the app."""
        with self._lock:
            self.installs[token] = team_id
            self.granted.setdefault(token, self.bot_scopes)

    def set_scopes(self, granted: Iterable[str], *, token: str | None = None) -> None:
        """Grant `token` (default: the bot token) exactly these scopes."""
        with self._lock:
            self.granted[token or self.token] = frozenset(granted)

    def add_oauth_code(
        self,
        code: str,
        *,
        team_id: str,
        token: str,
        team_name: str = "Another workspace",
        enterprise_id: str | None = None,
        installer: str = "UINSTALLER",
    ) -> None:
        """Make oauth.v2.access exchange `code` for an install of `team_id` with `token`."""
        with self._lock:
            self.oauth_codes[code] = {
                "team_id": team_id,
                "token": token,
                "team_name": team_name,
                "enterprise_id": enterprise_id,
                "installer": installer,
            }

    # --- people and channels ------------------------------------------------------------------

    def set_user(self, user_id: str, **changes: Any) -> None:
        """Change fields of an existing user (same names as `add_user`)."""
        unknown = set(changes) - _USER_FIELDS
        if unknown:
            raise ValueError(f"unknown user fields: {sorted(unknown)}")
        with self._lock:
            user = self.users[user_id]
            user.update(changes)
            if "tz" in changes and "tz_offset" not in changes:
                user["tz_offset"] = self.offset_of(user["tz"])
            user["updated"] = int(self.wall_clock())

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str,
        topic: str = "",
        purpose: str = "",
        members: Iterable[str] = (),
        is_private: bool = False,
        is_archived: bool = False,
    ) -> None:
        """Add a public or private channel; the bot is a member only if listed (or invited)."""
        with self._lock:
            self.channels[channel_id] = channel_record(
                channel_id,
                name=name,
                topic=topic,
                purpose=purpose,
                members=list(dict.fromkeys(members)),
                is_private=is_private,
                is_archived=is_archived,
                created=int(self.wall_clock()),
            )

    def set_channel(self, channel_id: str, **changes: Any) -> None:
        """Change fields of an existing channel (name, topic, purpose, members, is_archived...)."""
        with self._lock:
            channel = self.channels[channel_id]
            if "members" in changes:
                changes["members"] = list(dict.fromkeys(changes["members"]))
            channel.update(changes)

    def bot_in_channel(self, channel_id: str, member: bool = True) -> None:
        """Invite the bot to (or remove it from) a channel."""
        with self._lock:
            members: list[str] = self.channels[channel_id]["members"]
            if member and self.bot_user_id not in members:
                members.append(self.bot_user_id)
            if not member and self.bot_user_id in members:
                members.remove(self.bot_user_id)

    def add_message(
        self,
        channel_id: str,
        *,
        user: str,
        text: str,
        thread_ts: str | None = None,
        blocks: list[dict[str, Any]] | None = None,
    ) -> str:
        """Seed a message from a person (not the bot) into a channel; returns its ts."""
        with self._lock:
            ts = self.ids.next_ts()
            message: dict[str, Any] = {
                "type": "message",
                "user": user,
                "text": text,
                "ts": ts,
                "team": self.team_id,
            }
            if blocks is not None:
                message["blocks"] = blocks
            if thread_ts:
                message["thread_ts"] = thread_ts
                self.note_reply(channel_id, thread_ts, user, ts)
            self.messages[channel_id].append(message)
            return ts

    def new_trigger_id(self) -> str:
        """A trigger id accepted once, within 3 seconds of the emulator's clock."""
        with self._lock:
            number = self.ids.next_number()
            digest = hashlib.sha1(f"trigger{number}".encode()).hexdigest()
            team_number = int(hashlib.sha1(self.team_id.encode()).hexdigest()[:10], 16)
            trigger_id = f"{number}.{team_number}.{digest}"
            self.triggers[trigger_id] = Trigger(self.clock() + TRIGGER_TTL_SECONDS)
            return trigger_id

    # --- reading it -----------------------------------------------------------------------------

    def channel_info(self, channel_id: str) -> dict[str, Any]:
        """The conversation object the API would return for `channel_id`."""
        with self._lock:
            return conversation_object(self, self.channels[channel_id], with_count=True)

    def conversations(self) -> dict[str, dict[str, Any]]:
        """Every conversation as a Slack client sees it: id -> name, members, is_im, is_mpim
        and (for a DM) user. Copies: changing them changes nothing here."""
        with self._lock:
            return {
                channel_id: {
                    "name": channel["name"],
                    "members": list(channel["members"]),
                    "is_im": channel["is_im"],
                    "is_mpim": channel["is_mpim"],
                    "user": channel["user"],
                }
                for channel_id, channel in self.channels.items()
            }
