"""What the emulated workspace holds, shared by every Web API method: people, conversations,
messages, views, files, the installs and their scopes."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.manifest import BOT_SCOPES
from playground.emulator.faults import Faults
from playground.emulator.ids import Ids
from playground.emulator.scopes import APP_TOKEN_SCOPES
from playground.emulator.wire import RecordedCall

if TYPE_CHECKING:
    from playground.emulator.socket_mode import SocketModeServer

TRIGGER_TTL_SECONDS = 3.0
TEAM_NAME = "Mentor Emulator"
TEAM_DOMAIN = "mentor-emulator"


@dataclass
class Trigger:
    expires_at: float
    used: bool = False


def dm_id(user_id: str) -> str:
    """Deterministic DM channel id: U0ALICE -> D0ALICE."""
    return "D" + (user_id[1:] if user_id[:1] in {"U", "W"} else user_id)


def channel_record(
    channel_id: str,
    *,
    name: str,
    members: list[str],
    created: int,
    topic: str = "",
    purpose: str = "",
    is_private: bool = False,
    is_archived: bool = False,
    is_im: bool = False,
    is_mpim: bool = False,
    user: str | None = None,
) -> dict[str, Any]:
    """A conversation as the emulator keeps it (the API shape is built from it)."""
    return {
        "id": channel_id,
        "name": name,
        "topic": topic,
        "purpose": purpose,
        "members": members,
        "is_private": is_private,
        "is_archived": is_archived,
        "is_im": is_im,
        "is_mpim": is_mpim,
        "user": user,
        "created": created,
    }


class EmulatorState(Faults):
    """The state the Web API methods read and change, and the emulator's identity.

    `users` and `channels` map ids to the records the API shapes are built from; `messages`
    (channel id -> messages, oldest first), `ephemerals`, `views` (modals by view id),
    `home_views` (by user id) and `files` are what the app sent, for tests to read.
    """

    def __init__(
        self,
        *,
        token: str = "xoxb-emulator",
        app_token: str = "xapp-1-A0MENTOR-1-emulator",
        bot_scopes: Iterable[str] = BOT_SCOPES,
        strict: bool = True,
        rate_limits: bool = True,
        team_id: str = "T0EMULATOR",
        bot_user_id: str = "U0BOT",
        bot_id: str = "B0BOT",
        app_id: str = "A0MENTOR",
        clock: Callable[[], float] = time.monotonic,  # wall-clock-ok: trigger expiry, buckets
        wall_clock: Callable[[], float] = time.time,  # wall-clock-ok: message ts are epoch based
    ) -> None:
        super().__init__(clock=clock, rate_limits=rate_limits)
        self.token = token
        self.app_token = app_token
        self.strict = strict
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self.wall_clock = wall_clock
        self.ids = Ids(wall_clock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._socket_mode: SocketModeServer | None = None
        # token -> team id; more than one entry emulates several workspaces installing the app
        self.installs: dict[str, str] = {token: team_id}
        # token -> the scopes it was granted: by default exactly what the manifest asks for
        self.bot_scopes = frozenset(bot_scopes)
        self.granted: dict[str, frozenset[str]] = {
            token: self.bot_scopes,
            app_token: APP_TOKEN_SCOPES,
        }
        self.oauth_codes: dict[str, dict[str, Any]] = {}
        self.revoked = False
        self.caller: str | None = None  # the team of the token making the current call
        self._start_empty()
        self.add_user(bot_user_id, name="mentorbot", real_name="Mentorbot", is_bot=True)

    def _start_empty(self) -> None:
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.triggers: dict[str, Trigger] = {}
        self.pending_files: dict[str, dict[str, Any]] = {}
        self.home_view_ids: dict[str, str] = {}
        self._in_flight = 0
        self._last_activity = self.clock()
        self._retry_expected_until = 0.0  # a 429 told a client to come back by then
        self.calls: list[RecordedCall] = []
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ephemerals: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.files: list[dict[str, Any]] = []

    # --- where it answers -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT` of the running server."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        """The Web API base URL, for `WebClient(base_url=...)` / SLACK_API_URL."""
        return f"{self.base_url}/api/"

    def response_url(self, key: str | None = None) -> str:
        """A URL accepting Bolt `respond()` posts, recorded as method "response_url".

        Without a `key`, each call gets a fresh one, so calls can be told apart by `args["key"]`.
        """
        if key is None:
            with self._lock:
                key = self.ids.new_id("R")
        return f"{self.base_url}/response_url/{key}"

    @property
    def socket_mode(self) -> SocketModeServer:
        """Slack's Socket Mode side for this app, started on first use."""
        with self._lock:
            if self._socket_mode is None:
                # Imported here: only Socket Mode needs the `websockets` library.
                from playground.emulator.socket_mode import SocketModeServer

                self._socket_mode = SocketModeServer(app_id=self.app_id)
            return self._socket_mode.start()

    # --- people ---------------------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str,
        real_name: str | None = None,
        tz: str = "America/New_York",
        tz_offset: int | None = None,
        is_admin: bool = False,
        is_owner: bool = False,
        deleted: bool = False,
        is_bot: bool = False,
        title: str = "",
        email: str | None = None,
    ) -> None:
        """Add a workspace member; `tz_offset` defaults to the zone's current offset."""
        with self._lock:
            self.users[user_id] = {
                "id": user_id,
                "name": name,
                "real_name": real_name if real_name is not None else name,
                "tz": tz,
                "tz_offset": tz_offset if tz_offset is not None else self.offset_of(tz),
                "is_admin": is_admin,
                "is_owner": is_owner,
                "deleted": deleted,
                "is_bot": is_bot,
                "title": title,
                "email": email,
                "updated": int(self.wall_clock()),
            }

    def offset_of(self, tz: str) -> int:
        """The zone's offset from UTC now, in seconds."""
        now = datetime.fromtimestamp(self.wall_clock(), tz=UTC)
        offset = ZoneInfo(tz).utcoffset(now)
        return int(offset.total_seconds()) if offset is not None else 0

    # --- conversations --------------------------------------------------------------------------

    def dm_channel_of(self, user_id: str) -> str:
        """The bot's DM channel id with `user_id`, created on demand."""
        channel_id = dm_id(user_id)
        with self._lock:
            if channel_id not in self.channels:
                self.channels[channel_id] = channel_record(
                    channel_id,
                    name=channel_id,
                    members=[user_id, self.bot_user_id],
                    created=int(self.wall_clock()),
                    is_private=True,
                    is_im=True,
                    user=user_id,
                )
        return channel_id

    def bot_is_member(self, channel: Mapping[str, Any]) -> bool:
        return self.bot_user_id in channel["members"]

    def kind_of(self, channel_id: str) -> str | None:
        """The kind deciding the scopes: im, mpim, private or public; None if unknown."""
        if channel_id[:1] in {"U", "W"}:
            return "im"  # chat.postMessage and friends accept a user id for the DM
        channel = self.channels.get(channel_id)
        if channel is None:
            return None
        if channel["is_im"]:
            return "im"
        if channel["is_mpim"]:
            return "mpim"
        return "private" if channel["is_private"] else "public"

    def note_reply(self, channel_id: str, thread_ts: str, user: str, reply_ts: str) -> None:
        """Count a reply on its thread's parent, as Slack's message objects show it."""
        for parent in self.messages.get(channel_id, []):
            if parent["ts"] == thread_ts:
                parent["thread_ts"] = thread_ts
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                users = parent.setdefault("reply_users", [])
                if user not in users:
                    users.append(user)
                parent["reply_users_count"] = len(users)
                parent["latest_reply"] = reply_ts
                return


# One Web API method: the state and the decoded arguments in, the answer's fields out.
Handler = Callable[[EmulatorState, dict[str, Any]], dict[str, Any]]
