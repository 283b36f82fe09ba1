"""A strict loopback stand-in for the Slack Web API.

`SlackEmulator` runs a stdlib `ThreadingHTTPServer` on 127.0.0.1 (port 0), answers the Web API
methods mentorbot uses with Slack-shaped responses, records every call, and refuses what real Slack
would refuse (missing arguments, invalid Block Kit, channels the bot cannot post to, spent
trigger ids, ...). Strict mode also refuses blocks sent without a `text` fallback, which real Slack
only warns about. Point `WebClient(base_url=emulator.api_url)` at it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from bot.manifest import BOT_SCOPES
from playground import blockkit_rules, scopes
from playground.rate_tiers import RateTiers
from playground.web_api_methods import WEB_API_METHODS, WebApiMethod

if TYPE_CHECKING:
    from playground.socket_mode import SocketModeServer

TRIGGER_TTL_SECONDS = 3.0
# serve_forever checks for shutdown this often; the default 0.5 s makes every stop() slow.
SHUTDOWN_POLL_SECONDS = 0.05
MAX_MPIM_USERS = 8
DEFAULT_PAGE = 100
MAX_PAGE = 1000
MAX_ATTACHMENTS = 100
TEAM_NAME = "Mentor Emulator"
TEAM_DOMAIN = "mentor-emulator"
# Keys kept on stored messages that Slack does not echo back in message objects.
_PRIVATE_MESSAGE_KEYS = frozenset({"unfurl_links", "unfurl_media"})
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
_JSON_FIELDS = {
    "blocks": "invalid_blocks_format",
    "attachments": "invalid_attachments",
    "metadata": "invalid_metadata_format",
    "view": "invalid_arguments",
    "files": "invalid_arguments",
}


@dataclass
class RecordedCall:
    """One request the emulator answered.

    `args` holds the decoded arguments with JSON-string fields (`blocks`, `view`, `attachments`,
    `metadata`, `files`) parsed into Python objects; `raw_args` holds them exactly as sent.
    """

    method: str
    args: dict[str, Any]
    response: dict[str, Any]
    status: int
    raw_args: dict[str, Any] = field(default_factory=dict)
    team_id: str | None = None  # the workspace whose token made the call

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))

    @property
    def refused(self) -> bool:
        """Slack said no. A 429 of the rate tiers is not a no: clients wait and send again."""
        return not self.ok and self.status != 429


class SlackRefusal(Exception):
    """A refusal in Slack's shape: `{"ok": false, "error": code, "response_metadata": ...}`."""

    def __init__(self, error: str, *messages: str, extra: Mapping[str, str] | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages) or [f"[ERROR] {error}"]
        self.extra = dict(extra or {})

    def body(self) -> dict[str, Any]:
        return {
            "ok": False,
            "error": self.error,
            **self.extra,
            "response_metadata": {"messages": self.messages},
        }


@dataclass
class _Injection:
    method: str | None
    status: int
    retry_after: int
    error: str | None
    after: int = 0  # matching calls to let through before this one fails


@dataclass
class _RandomFailures:
    rng: random.Random
    rate_429: float
    rate_500: float
    retry_after: int


@dataclass
class _Bucket:
    rate: float
    tokens: float
    updated: float


@dataclass
class _Trigger:
    expires_at: float
    used: bool = False


@dataclass
class _Reply:
    status: int
    body: dict[str, Any] | bytes
    headers: dict[str, str] = field(default_factory=dict)


def _flag(value: Any) -> bool:
    """Slack booleans arrive as JSON booleans, "true"/"false" or "1"/"0"."""
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != []


def _encode_cursor(offset: int) -> str:
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _bad_cursor() -> SlackRefusal:
    return SlackRefusal("invalid_cursor", "[ERROR] invalid cursor [json-pointer:/cursor]")


def _decode_cursor(cursor: Any) -> int:
    if not _present(cursor):
        return 0
    try:
        prefix, _, number = base64.b64decode(str(cursor)).decode().partition(":")
        offset = int(number)
    except ValueError as exc:
        raise _bad_cursor() from exc
    if prefix != "offset" or offset < 0:
        raise _bad_cursor()
    return offset


def _page_limit(args: Mapping[str, Any]) -> int:
    raw = args.get("limit")
    if not _present(raw):
        return DEFAULT_PAGE
    try:
        limit = int(str(raw))
    except (TypeError, ValueError) as exc:
        raise SlackRefusal("invalid_limit", "[ERROR] limit must be an integer") from exc
    if limit <= 0:
        return DEFAULT_PAGE
    return min(limit, MAX_PAGE)


def _paginate(items: list[Any], args: Mapping[str, Any]) -> tuple[list[Any], str]:
    """One page of `items` and the next cursor ("" on the last page)."""
    start = _decode_cursor(args.get("cursor"))
    limit = _page_limit(args)
    page = items[start : start + limit]
    more = start + limit < len(items)
    return page, _encode_cursor(start + limit) if more else ""


def _dm_id(user_id: str) -> str:
    """Deterministic DM channel id: U0ALICE -> D0ALICE."""
    return "D" + (user_id[1:] if user_id[:1] in {"U", "W"} else user_id)


def _tz_offset(tz: str, when: datetime) -> int:
    offset = ZoneInfo(tz).utcoffset(when)
    return int(offset.total_seconds()) if offset is not None else 0


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Form fields of a multipart body; file parts as bytes, others as str."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser().parsebytes(head + body)
    fields: dict[str, Any] = {}
    if not message.is_multipart():
        return fields
    parts = message.get_payload()
    assert isinstance(parts, list)
    for part in parts:
        if not isinstance(part, Message):
            continue
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        fields[name] = payload if part.get_filename() else payload.decode("utf-8")
    return fields


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Bursts of parallel clients (the benchmark) overflow the default backlog of 5, and a
    # dropped SYN costs the client a one-second retransmit.
    request_queue_size = 128


class SlackEmulator:
    """A loopback Slack Web API with realistic workspace state and strict refusals."""

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
        self.token = token
        self.app_token = app_token
        self.strict = strict
        self.team_id = team_id
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.app_id = app_id
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._revoked = False
        self._counter = 0
        self._last_ts = 0.0
        self._users: dict[str, dict[str, Any]] = {}
        self._channels: dict[str, dict[str, Any]] = {}
        self._triggers: dict[str, _Trigger] = {}
        self._injections: list[_Injection] = []
        self._random_failures: dict[str, _RandomFailures] = {}
        self._stalls: list[tuple[str, float]] = []
        self._buckets: dict[str, _Bucket] = {}
        self._pending_files: dict[str, dict[str, Any]] = {}
        self._home_view_ids: dict[str, str] = {}
        # token -> team id; more than one entry emulates several workspaces installing the app
        self._installs: dict[str, str] = {token: team_id}
        # token -> the scopes it was granted: by default exactly what the manifest asks for
        self.bot_scopes = frozenset(bot_scopes)
        self._scopes: dict[str, frozenset[str]] = {
            token: self.bot_scopes,
            app_token: scopes.APP_TOKEN_SCOPES,
        }
        self._socket_mode: SocketModeServer | None = None
        # Slack's per-method tiers; a test that bursts on purpose switches them off.
        self._rate_tiers: RateTiers | None = RateTiers(clock) if rate_limits else None
        self._oauth_codes: dict[str, dict[str, Any]] = {}
        self._caller: str | None = None
        self._in_flight = 0
        self._last_activity = clock()
        self._retry_expected_until = 0.0  # a 429 told a client to come back by then
        self.calls: list[RecordedCall] = []
        self.messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ephemerals: list[dict[str, Any]] = []
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.files: list[dict[str, Any]] = []
        self.add_user(bot_user_id, name="mentorbot", real_name="Mentorbot", is_bot=True)

    # --- several workspaces (OAuth installs) ---------------------------------------------------

    def add_workspace(self, team_id: str, *, token: str) -> None:
        """Accept `token` as the bot token of another workspace that installed the app."""
        with self._lock:
            self._installs[token] = team_id
            self._scopes.setdefault(token, self.bot_scopes)

    def set_scopes(self, granted: Iterable[str], *, token: str | None = None) -> None:
        """Grant `token` (default: the bot token) exactly these scopes."""
        with self._lock:
            self._scopes[token or self.token] = frozenset(granted)

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
            self._oauth_codes[code] = {
                "team_id": team_id,
                "token": token,
                "team_name": team_name,
                "enterprise_id": enterprise_id,
                "installer": installer,
            }

    def _oauth_v2_access(self, args: dict[str, Any]) -> dict[str, Any]:
        grant = self._oauth_codes.pop(str(args.get("code")), None)
        if grant is None:
            raise SlackRefusal("invalid_code", "[ERROR] the code is unknown or was used")
        # slack_sdk sends the client id and secret as HTTP Basic auth, which we do not check.
        self._installs[grant["token"]] = grant["team_id"]
        self._scopes[grant["token"]] = self.bot_scopes
        enterprise = (
            {"id": grant["enterprise_id"], "name": "Grid"} if grant["enterprise_id"] else None
        )
        return {
            "app_id": self.app_id,
            "authed_user": {"id": grant["installer"]},
            "scope": ",".join(sorted(self.bot_scopes)),
            "token_type": "bot",
            "access_token": grant["token"],
            "bot_user_id": self.bot_user_id,
            "team": {"id": grant["team_id"], "name": grant["team_name"]},
            "enterprise": enterprise,
            "is_enterprise_install": False,
        }

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SlackEmulator:
        """Serve on 127.0.0.1 at a free port, in a daemon thread."""
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", 0), _make_handler(self))
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
            name="slack-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        if self._socket_mode is not None:
            self._socket_mode.stop()

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT` of the running server."""
        if self._server is None:
            raise RuntimeError("the emulator is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def socket_mode(self) -> SocketModeServer:
        """Slack's Socket Mode side for this app, started on first use."""
        with self._lock:
            if self._socket_mode is None:
                # Imported here: only Socket Mode needs the `websockets` library.
                from playground.socket_mode import SocketModeServer

                self._socket_mode = SocketModeServer(app_id=self.app_id)
            return self._socket_mode.start()

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
                key = f"R{self._next_number():08X}"
        return f"{self.base_url}/response_url/{key}"

    # --- recorded calls -----------------------------------------------------------------------

    def calls_to(self, method: str) -> list[RecordedCall]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def ok_calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls_to(method) if call.ok]

    def reset_calls(self) -> None:
        with self._lock:
            self.calls.clear()

    # --- failure injection --------------------------------------------------------------------

    def fail_next(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        status: int = 429,
        retry_after: int = 1,
        error: str | None = None,
        after: int = 0,
    ) -> None:
        """Fail the next `count` calls (to `method`, or to any Web API method when None).

        429 answers HTTP 429 with Retry-After; 5xx answers that status; 200 answers
        `{"ok": false, "error": error}`. `method` may also be "response_url" or "upload_url".
        `after` lets that many matching calls succeed first (a failure half-way through paging).
        """
        with self._lock:
            for _ in range(count):
                self._injections.append(_Injection(method, status, retry_after, error, after))

    def fail_randomly(
        self,
        method: str,
        *,
        rate_429: float = 0.0,
        rate_500: float = 0.0,
        seed: int = 0,
        retry_after: int = 1,
    ) -> None:
        """Answer a seeded random share of calls to `method` with HTTP 429 (Retry-After) or
        HTTP 500, as a busy Slack does now and then. Rates of 0 switch it off."""
        if not (0 <= rate_429 and 0 <= rate_500 and rate_429 + rate_500 <= 1):
            raise ValueError("rates must be between 0 and 1 and add up to at most 1")
        with self._lock:
            if rate_429 == 0 and rate_500 == 0:
                self._random_failures.pop(method, None)
                return
            self._random_failures[method] = _RandomFailures(
                random.Random(seed), rate_429, rate_500, retry_after
            )

    def stall_next(self, method: str, seconds: float) -> None:
        """Answer the next call to `method` only after `seconds` (a client times out first)."""
        with self._lock:
            self._stalls.append((method, seconds))

    def _stall(self, method: str) -> None:
        with self._lock:
            found = next((s for s in self._stalls if s[0] == method), None)
            if found is not None:
                self._stalls.remove(found)
        if found is not None:
            time.sleep(found[1])  # outside the lock: other calls go on meanwhile

    def set_rate_tiers(self, enabled: bool) -> None:
        """Apply Slack's rate tiers (the default) or let every call through."""
        with self._lock:
            self._rate_tiers = RateTiers(self._clock) if enabled else None

    def _tier_limited(self, spec: WebApiMethod, args: Mapping[str, Any]) -> _Reply | None:
        if self._rate_tiers is None:
            return None
        channel = args.get("channel")
        wait = self._rate_tiers.wait_needed(
            spec.name,
            spec.rate_tier,
            team_id=self._caller or self.team_id,
            channel=str(channel) if channel else None,
        )
        if wait is None:
            return None
        return _Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)})

    def set_rate_limit(self, method: str, per_second: float) -> None:
        """Token bucket for `method`; calls beyond it get HTTP 429 with Retry-After."""
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        with self._lock:
            capacity = max(1.0, per_second)
            self._buckets[method] = _Bucket(per_second, capacity, self._clock())

    # --- workspace state ----------------------------------------------------------------------

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
            self._users[user_id] = {
                "id": user_id,
                "name": name,
                "real_name": real_name if real_name is not None else name,
                "tz": tz,
                "tz_offset": tz_offset if tz_offset is not None else self._offset_of(tz),
                "is_admin": is_admin,
                "is_owner": is_owner,
                "deleted": deleted,
                "is_bot": is_bot,
                "title": title,
                "email": email,
                "updated": int(self._wall_clock()),
            }

    def set_user(self, user_id: str, **changes: Any) -> None:
        """Change fields of an existing user (same names as `add_user`)."""
        unknown = set(changes) - _USER_FIELDS
        if unknown:
            raise ValueError(f"unknown user fields: {sorted(unknown)}")
        with self._lock:
            user = self._users[user_id]
            user.update(changes)
            if "tz" in changes and "tz_offset" not in changes:
                user["tz_offset"] = self._offset_of(user["tz"])
            user["updated"] = int(self._wall_clock())

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
            self._channels[channel_id] = {
                "id": channel_id,
                "name": name,
                "topic": topic,
                "purpose": purpose,
                "members": list(dict.fromkeys(members)),
                "is_private": is_private,
                "is_archived": is_archived,
                "is_im": False,
                "is_mpim": False,
                "user": None,
                "created": int(self._wall_clock()),
            }

    def set_channel(self, channel_id: str, **changes: Any) -> None:
        """Change fields of an existing channel (name, topic, purpose, members, is_archived...)."""
        with self._lock:
            channel = self._channels[channel_id]
            if "members" in changes:
                changes["members"] = list(dict.fromkeys(changes["members"]))
            channel.update(changes)

    def bot_in_channel(self, channel_id: str, member: bool = True) -> None:
        """Invite the bot to (or remove it from) a channel."""
        with self._lock:
            members: list[str] = self._channels[channel_id]["members"]
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
            ts = self._next_ts()
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
                self._note_reply(channel_id, thread_ts, user, ts)
            self.messages[channel_id].append(message)
            return ts

    def dm_channel_of(self, user_id: str) -> str:
        """The bot's DM channel id with `user_id`, created on demand."""
        channel_id = _dm_id(user_id)
        with self._lock:
            if channel_id not in self._channels:
                self._channels[channel_id] = {
                    "id": channel_id,
                    "name": channel_id,
                    "topic": "",
                    "purpose": "",
                    "members": [user_id, self.bot_user_id],
                    "is_private": True,
                    "is_archived": False,
                    "is_im": True,
                    "is_mpim": False,
                    "user": user_id,
                    "created": int(self._wall_clock()),
                }
        return channel_id

    def new_trigger_id(self) -> str:
        """A trigger id accepted once, within 3 seconds of the emulator's clock."""
        with self._lock:
            number = self._next_number()
            digest = hashlib.sha1(f"trigger{number}".encode()).hexdigest()
            team_number = int(hashlib.sha1(self.team_id.encode()).hexdigest()[:10], 16)
            trigger_id = f"{number}.{team_number}.{digest}"
            self._triggers[trigger_id] = _Trigger(self._clock() + TRIGGER_TTL_SECONDS)
            return trigger_id

    def channel_info(self, channel_id: str) -> dict[str, Any]:
        """The conversation object the API would return for `channel_id`."""
        with self._lock:
            return self._conversation_object(self._channels[channel_id], with_count=True)

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
                for channel_id, channel in self._channels.items()
            }

    # --- helpers ------------------------------------------------------------------------------

    def _offset_of(self, tz: str) -> int:
        now = datetime.fromtimestamp(self._wall_clock(), tz=UTC)
        return _tz_offset(tz, now)

    def _next_number(self) -> int:
        self._counter += 1
        return self._counter

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{self._next_number():08X}"

    def _next_ts(self) -> str:
        now = max(self._wall_clock(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def _new_hash(self) -> str:
        digest = hashlib.sha1(str(self._next_number()).encode()).hexdigest()[:8]
        return f"{int(self._wall_clock())}.{digest}"

    def _bot_is_member(self, channel: Mapping[str, Any]) -> bool:
        return self.bot_user_id in channel["members"]

    def _note_reply(self, channel_id: str, thread_ts: str, user: str, reply_ts: str) -> None:
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

    # --- HTTP dispatch ------------------------------------------------------------------------

    def quiet_for(self) -> float:
        """Seconds since the last request ended; 0 while one is being answered or a client
        told to wait by a 429 is still due back."""
        with self._lock:
            now = self._clock()
            if self._in_flight or now < self._retry_expected_until:
                return 0.0
            return now - max(self._last_activity, self._retry_expected_until)

    def _handle(self, path: str, query: str, headers: Mapping[str, str], body: bytes) -> _Reply:
        with self._lock:
            self._in_flight += 1
        try:
            return self._route(path, query, headers, body)
        finally:
            with self._lock:
                self._in_flight -= 1
                self._last_activity = self._clock()

    def _route(self, path: str, query: str, headers: Mapping[str, str], body: bytes) -> _Reply:
        self._stall(path.removeprefix("/api/"))
        if path.startswith("/api/"):
            return self._handle_api(path[len("/api/") :], query, headers, body)
        if path.startswith("/response_url/"):
            return self._handle_response_url(path[len("/response_url/") :], headers, body)
        if path.startswith("/upload/"):
            return self._handle_upload(path[len("/upload/") :], headers, body)
        return _Reply(404, {"ok": False, "error": "not_found"})

    def _record(
        self, method: str, args: dict[str, Any], raw: dict[str, Any], reply: _Reply
    ) -> _Reply:
        response = reply.body if isinstance(reply.body, dict) else {"ok": reply.status == 200}
        if reply.status == 429:
            wait = float(reply.headers.get("Retry-After", "1"))
            self._retry_expected_until = max(self._retry_expected_until, self._clock() + wait)
        self.calls.append(RecordedCall(method, args, response, reply.status, raw, self._caller))
        self._caller = None
        return reply

    def _decode_args(self, query: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        query_args = parse_qs(query, keep_blank_values=True)
        args: dict[str, Any] = {key: values[0] for key, values in query_args.items()}
        content_type = headers.get("content-type", "")
        if not body:
            return args
        if content_type.startswith("application/json"):
            try:
                decoded = json.loads(body.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise SlackRefusal("invalid_json", "[ERROR] the body is not valid JSON") from exc
            if not isinstance(decoded, dict):
                raise SlackRefusal("json_not_object", "[ERROR] the JSON body must be an object")
            args.update(decoded)
        elif content_type.startswith("multipart/form-data"):
            args.update(_parse_multipart(content_type, body))
        else:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            args.update({key: values[0] for key, values in form.items()})
        return args

    def _parse_json_fields(self, args: dict[str, Any]) -> dict[str, Any]:
        parsed = dict(args)
        for key, code in _JSON_FIELDS.items():
            value = parsed.get(key)
            if not isinstance(value, str) or value == "":
                continue
            try:
                parsed[key] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise SlackRefusal(
                    code, f"[ERROR] `{key}` is not valid JSON [json-pointer:/{key}]"
                ) from exc
        return parsed

    def _take_injection(self, method: str, *, api: bool) -> _Reply | None:
        for index, injection in enumerate(self._injections):
            if injection.method == method or (injection.method is None and api):
                if injection.after > 0:
                    injection.after -= 1
                    return None
                del self._injections[index]
                return self._injected_reply(injection)
        failures = self._random_failures.get(method)
        if failures is not None:
            draw = failures.rng.random()
            if draw < failures.rate_429:
                return self._injected_reply(_Injection(method, 429, failures.retry_after, None))
            if draw < failures.rate_429 + failures.rate_500:
                return self._injected_reply(_Injection(method, 500, 0, None))
        return None

    @staticmethod
    def _injected_reply(injection: _Injection) -> _Reply:
        if injection.status == 429:
            return _Reply(
                429,
                {"ok": False, "error": injection.error or "ratelimited"},
                {"Retry-After": str(max(0, injection.retry_after))},
            )
        if injection.status == 200:
            return _Reply(
                200, SlackRefusal(injection.error or "fatal_error", "[ERROR] injected").body()
            )
        return _Reply(injection.status, {"ok": False, "error": injection.error or "internal_error"})

    def _rate_limited(self, method: str) -> _Reply | None:
        bucket = self._buckets.get(method)
        if bucket is None:
            return None
        now = self._clock()
        capacity = max(1.0, bucket.rate)
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * bucket.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        wait = max(1, math.ceil((1.0 - bucket.tokens) / bucket.rate))
        return _Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(wait)})

    def _check_token(self, headers: Mapping[str, str], args: Mapping[str, Any]) -> str:
        auth = headers.get("authorization", "")
        token = auth[len("Bearer ") :].strip() if auth.startswith("Bearer ") else None
        if not token:
            token = args.get("token") or None
        if not token:
            raise SlackRefusal("not_authed", "[ERROR] no token was provided")
        if token not in self._installs and token != self.app_token:
            raise SlackRefusal("invalid_auth", "[ERROR] the token is not valid")
        self._caller = self._installs.get(token, self.team_id)
        if self._revoked:
            raise SlackRefusal("token_revoked", "[ERROR] the app was uninstalled")
        return str(token)

    def _check_access(self, method: str, token: str, args: Mapping[str, Any]) -> None:
        needed = scopes.needed_scopes(method, args, self._kind_of)
        refusal = scopes.access_error(
            method,
            is_app_token=token == self.app_token,
            granted=self._scopes.get(token, frozenset()),
            needed=needed,
        )
        if refusal is not None:
            error, extra = refusal
            raise SlackRefusal(error, f"[ERROR] {error} for {method}", extra=extra)

    def _kind_of(self, channel_id: str) -> str | None:
        if channel_id[:1] in {"U", "W"}:
            return "im"  # chat.postMessage and friends accept a user id for the DM
        channel = self._channels.get(channel_id)
        if channel is None:
            return None
        if channel["is_im"]:
            return "im"
        if channel["is_mpim"]:
            return "mpim"
        return "private" if channel["is_private"] else "public"

    def _handle_api(self, name: str, query: str, headers: Mapping[str, str], body: bytes) -> _Reply:
        with self._lock:
            spec = WEB_API_METHODS.get(name)
            raw: dict[str, Any] = {}
            args: dict[str, Any] = {}
            try:
                raw = self._decode_args(query, headers, body)
                args = raw
                if spec is None:
                    reply = _Reply(404, {"ok": False, "error": "unknown_method"})
                    return self._record(name, args, raw, reply)
                args = self._parse_json_fields(raw)
                injected = self._take_injection(name, api=True) or self._rate_limited(name)
                if injected is not None:
                    return self._record(name, args, raw, injected)
                if spec.needs_token:
                    self._check_access(name, self._check_token(headers, args), args)
                limited = self._tier_limited(spec, args)
                if limited is not None:
                    return self._record(name, args, raw, limited)
                self._check_required(spec, args)
                result = self._api_handlers()[name](args)
                reply = _Reply(200, {"ok": True, **result})
            except SlackRefusal as refusal:
                reply = _Reply(200, refusal.body())
            except Exception as exc:  # an emulator bug: answer it rather than drop the socket
                reply = _Reply(500, {"ok": False, "error": "emulator_bug", "detail": repr(exc)})
            return self._record(name, args, raw, reply)

    def _check_required(self, spec: WebApiMethod, args: Mapping[str, Any]) -> None:
        for arg in spec.required:
            if not _present(args.get(arg)):
                raise SlackRefusal(
                    spec.error_for_missing(arg),
                    f"[ERROR] missing required field: {arg} [json-pointer:/{arg}]",
                )

    def _api_handlers(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "api.test": self._api_test,
            "auth.test": self._auth_test,
            "oauth.v2.access": self._oauth_v2_access,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.open": self._conversations_open,
            "conversations.info": self._conversations_info,
            "conversations.list": self._conversations_list,
            "conversations.members": self._conversations_members,
            "conversations.history": self._conversations_history,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "team.info": self._team_info,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "apps.uninstall": self._apps_uninstall,
            "apps.connections.open": self._apps_connections_open,
        }

    # --- shapes -------------------------------------------------------------------------------

    def _user_object(self, user: Mapping[str, Any]) -> dict[str, Any]:
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
            "team": self.team_id,
            **{f"image_{size}": f"{avatar}_{size}.png" for size in (24, 32, 48, 72, 192, 512)},
        }
        if user["email"]:
            profile["email"] = user["email"]
        if user["is_bot"] and user["id"] == self.bot_user_id:
            profile.update(
                {"bot_id": self.bot_id, "api_app_id": self.app_id, "always_active": True}
            )
        when = datetime.fromtimestamp(self._wall_clock(), tz=UTC).astimezone(ZoneInfo(user["tz"]))
        return {
            "id": user["id"],
            "team_id": self.team_id,
            "name": user["name"],
            "deleted": user["deleted"],
            "color": hashlib.sha1(user["id"].encode()).hexdigest()[:6],
            "real_name": real_name,
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

    def _conversation_object(
        self, channel: Mapping[str, Any], *, with_count: bool
    ) -> dict[str, Any]:
        if channel["is_im"]:
            user = self._users.get(channel["user"], {})
            return {
                "id": channel["id"],
                "created": channel["created"],
                "is_im": True,
                "is_org_shared": False,
                "user": channel["user"],
                "is_user_deleted": bool(user.get("deleted")),
                "priority": 0,
                "is_open": True,
                "context_team_id": self.team_id,
            }
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
            "context_team_id": self.team_id,
            "updated": channel["created"] * 1000,
            "creator": members[0] if members else "",
            "shared_team_ids": [self.team_id],
            "is_member": self.bot_user_id in members,
            "topic": {"value": channel["topic"], "creator": "", "last_set": 0},
            "purpose": {"value": channel["purpose"], "creator": "", "last_set": 0},
            "previous_names": [],
        }
        if with_count:
            obj["num_members"] = len(members)
        return obj

    def _message_object(
        self, message: Mapping[str, Any], *, with_metadata: bool = True
    ) -> dict[str, Any]:
        out = {k: v for k, v in message.items() if k not in _PRIVATE_MESSAGE_KEYS}
        if not with_metadata:
            out.pop("metadata", None)
        return out

    def _bot_profile(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "app_id": self.app_id,
            "name": "mentorbot",
            "deleted": False,
            "team_id": self.team_id,
            "updated": 0,
            "icons": {"image_36": "", "image_48": "", "image_72": ""},
        }

    # --- lookups with Slack's refusals --------------------------------------------------------

    def _user_or_refuse(self, user_id: Any, code: str = "user_not_found") -> dict[str, Any]:
        user = self._users.get(str(user_id))
        if user is None:
            raise SlackRefusal(code, f"[ERROR] unknown user: {user_id}")
        return user

    def _visible_channel(self, channel_id: Any) -> dict[str, Any]:
        """A channel the bot can see: public, or private with the bot in it, or a DM/MPIM."""
        key = str(channel_id)
        channel = self._channels.get(key)
        if channel is None:
            name = key.lstrip("#")
            channel = next((c for c in self._channels.values() if c["name"] == name), None)
        if channel is None or (channel["is_private"] and not self._bot_is_member(channel)):
            raise SlackRefusal("channel_not_found", f"[ERROR] channel not found: {channel_id}")
        return channel

    def _dm_for_user(self, user_id: str) -> dict[str, Any]:
        user = self._users.get(user_id)
        if user is None:
            raise SlackRefusal("channel_not_found", f"[ERROR] unknown user: {user_id}")
        self._check_dm_target(user)
        return self._channels[self.dm_channel_of(user_id)]

    @staticmethod
    def _check_dm_target(user: Mapping[str, Any]) -> None:
        # Slack answers `user_disabled` for deactivated people and `cannot_dm_bot` for bots.
        if user["deleted"]:
            raise SlackRefusal("user_disabled", f"[ERROR] user {user['id']} is deactivated")
        if user["is_bot"]:
            raise SlackRefusal("cannot_dm_bot", f"[ERROR] user {user['id']} is a bot")

    def _postable_channel(self, channel_arg: Any) -> dict[str, Any]:
        """Where chat.postMessage would post, or Slack's refusal."""
        key = str(channel_arg)
        if key[:1] in {"U", "W"} and key not in self._channels:
            return self._dm_for_user(key)
        channel = self._visible_channel(key)
        if channel["is_im"] and channel["user"] in self._users:
            self._check_dm_target(self._users[channel["user"]])
        if channel["is_archived"]:
            raise SlackRefusal("is_archived", f"[ERROR] channel {channel['id']} is archived")
        if not self._bot_is_member(channel):
            raise SlackRefusal(
                "not_in_channel", f"[ERROR] the bot is not a member of {channel['id']}"
            )
        return channel

    def _find_message(self, channel_id: str, ts: Any) -> dict[str, Any]:
        for message in self.messages.get(channel_id, []):
            if message["ts"] == str(ts):
                return message
        raise SlackRefusal("message_not_found", f"[ERROR] no message {ts} in {channel_id}")

    # --- message content checks ---------------------------------------------------------------

    def _check_content(
        self, args: Mapping[str, Any], *, pointer_prefix: str = ""
    ) -> tuple[str, Any]:
        """Text (truncated to 40,000) and blocks of a message, or `no_text` / `invalid_blocks`."""
        text = args.get("text")
        text = "" if text is None else str(text)
        blocks = args.get("blocks")
        attachments = args.get("attachments")
        if not text and not _present(blocks) and not _present(attachments):
            raise SlackRefusal("no_text", "[ERROR] no text, blocks or attachments given")
        if self.strict and _present(blocks) and not text.strip():
            # Real Slack accepts this with a warning; strict mode insists on a notification
            # fallback so screen readers and notifications always have text.
            raise SlackRefusal(
                "no_text",
                "[ERROR] strict mode: blocks need a non-empty `text` fallback [json-pointer:/text]",
            )
        if blocks is not None:
            errors = blockkit_rules.check_blocks(blocks, pointer=f"{pointer_prefix}/blocks")
            if errors:
                raise SlackRefusal("invalid_blocks", *errors)
        if isinstance(attachments, list) and len(attachments) > MAX_ATTACHMENTS:
            raise SlackRefusal("too_many_attachments", "[ERROR] at most 100 attachments")
        return text[: blockkit_rules.MAX_MESSAGE_TEXT], blocks

    @staticmethod
    def _check_metadata(metadata: Any) -> dict[str, Any] | None:
        if not _present(metadata):
            return None
        if (
            not isinstance(metadata, dict)
            or not isinstance(metadata.get("event_type"), str)
            or not metadata["event_type"]
            or not isinstance(metadata.get("event_payload"), dict)
        ):
            raise SlackRefusal(
                "invalid_metadata_format",
                "[ERROR] metadata needs event_type (string) and event_payload (object)",
            )
        return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}

    # --- methods: api / auth / team -----------------------------------------------------------

    def _api_test(self, args: dict[str, Any]) -> dict[str, Any]:
        echo = {k: v for k, v in args.items() if k != "token"}
        if _present(args.get("error")):
            raise SlackRefusal(str(args["error"]), "[ERROR] api.test asked for an error")
        return {"args": echo} if echo else {}

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        del args
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": TEAM_NAME,
            "user": "mentorbot",
            "team_id": self._caller or self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "is_enterprise_install": False,
        }

    def _team_info(self, args: dict[str, Any]) -> dict[str, Any]:
        if _present(args.get("team")) and args["team"] != self.team_id:
            raise SlackRefusal("team_not_found", f"[ERROR] unknown team {args['team']}")
        icon = f"https://avatars.slack-edge.example/{self.team_id}"
        return {
            "team": {
                "id": self.team_id,
                "name": TEAM_NAME,
                "domain": TEAM_DOMAIN,
                "email_domain": "example.com",
                "url": f"https://{TEAM_DOMAIN}.slack.com/",
                "is_verified": False,
                "icon": {
                    **{f"image_{size}": f"{icon}_{size}.png" for size in (34, 44, 68, 88, 102)},
                    "image_default": True,
                },
                "avatar_base_url": "https://avatars.slack-edge.example/",
            }
        }

    def _apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        del args
        return {"url": self.socket_mode.issue_url()}

    def _apps_uninstall(self, args: dict[str, Any]) -> dict[str, Any]:
        del args
        self._revoked = True
        return {}

    # --- methods: chat ------------------------------------------------------------------------

    def _chat_post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._postable_channel(args["channel"])
        text, blocks = self._check_content(args)
        metadata = self._check_metadata(args.get("metadata"))
        ts = self._next_ts()
        message: dict[str, Any] = {
            "type": "message",
            "text": text,
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "ts": ts,
            "bot_profile": self._bot_profile(),
        }
        if blocks is not None:
            message["blocks"] = blocks
        if _present(args.get("attachments")):
            message["attachments"] = args["attachments"]
        if metadata is not None:
            message["metadata"] = metadata
        thread_ts = args.get("thread_ts")
        if _present(thread_ts):
            message["thread_ts"] = str(thread_ts)
            message["parent_user_id"] = self._thread_parent_user(channel["id"], str(thread_ts))
            if _flag(args.get("reply_broadcast")):
                message["subtype"] = "thread_broadcast"
            self._note_reply(channel["id"], str(thread_ts), self.bot_user_id, ts)
        for flag in ("unfurl_links", "unfurl_media"):
            if flag in args:
                message[flag] = _flag(args[flag])
        self.messages[channel["id"]].append(message)
        return {"channel": channel["id"], "ts": ts, "message": self._message_object(message)}

    def _thread_parent_user(self, channel_id: str, thread_ts: str) -> str:
        for message in self.messages.get(channel_id, []):
            if message["ts"] == thread_ts:
                return str(message.get("user", ""))
        return ""

    def _chat_post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._visible_channel(args["channel"])
        if channel["is_archived"]:
            raise SlackRefusal("is_archived", f"[ERROR] channel {channel['id']} is archived")
        user_id = str(args["user"])
        user = self._users.get(user_id)
        if user is None or user["deleted"] or user_id not in channel["members"]:
            raise SlackRefusal(
                "user_not_in_channel", f"[ERROR] {user_id} is not in {channel['id']}"
            )
        text, blocks = self._check_content(args)
        ts = self._next_ts()
        self.ephemerals.append(
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

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._visible_channel(args["channel"])
        message = self._find_message(channel["id"], args["ts"])
        if message.get("bot_id") != self.bot_id:
            raise SlackRefusal("cant_update_message", "[ERROR] only the bot's messages")
        text, blocks = self._check_content(args)
        message["text"] = text
        if blocks is not None:
            message["blocks"] = blocks
        if _present(args.get("attachments")):
            message["attachments"] = args["attachments"]
        metadata = self._check_metadata(args.get("metadata"))
        if metadata is not None:
            message["metadata"] = metadata
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts()}
        return {
            "channel": channel["id"],
            "ts": message["ts"],
            "text": text,
            "message": self._message_object(message),
        }

    def _chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._visible_channel(args["channel"])
        message = self._find_message(channel["id"], args["ts"])
        if message.get("bot_id") != self.bot_id:
            raise SlackRefusal("cant_delete_message", "[ERROR] only the bot's messages")
        self.messages[channel["id"]].remove(message)
        return {"channel": channel["id"], "ts": message["ts"]}

    # --- methods: conversations ---------------------------------------------------------------

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users_arg = args.get("users")
        if not _present(users_arg):
            if _present(args.get("channel")):
                channel = self._visible_channel(args["channel"])
                if not (channel["is_im"] or channel["is_mpim"]):
                    raise SlackRefusal(
                        "method_not_supported_for_channel_type",
                        "[ERROR] only DMs and group DMs can be opened",
                    )
                return self._opened(channel, args, already_open=True)
            raise SlackRefusal("users_list_not_supplied", "[ERROR] missing required field: users")
        raw = users_arg if isinstance(users_arg, list) else str(users_arg).split(",")
        stripped = [str(u).strip() for u in raw]
        user_ids = [u for u in stripped if u and u != self.bot_user_id]
        user_ids = list(dict.fromkeys(user_ids))
        if not user_ids:
            raise SlackRefusal("not_enough_users", "[ERROR] give at least one other user")
        if len(user_ids) > MAX_MPIM_USERS:
            raise SlackRefusal("too_many_users", "[ERROR] at most 8 users")
        for user_id in user_ids:
            user = self._user_or_refuse(user_id)
            if user["deleted"]:
                raise SlackRefusal("user_disabled", f"[ERROR] user {user_id} is deactivated")
            if user["is_bot"] and len(user_ids) == 1:
                raise SlackRefusal("cannot_dm_bot", f"[ERROR] user {user_id} is a bot")
        if len(user_ids) == 1:
            existed = _dm_id(user_ids[0]) in self._channels
            return self._opened(self._channels[self.dm_channel_of(user_ids[0])], args, existed)
        return self._open_mpim(user_ids, args)

    def _open_mpim(self, user_ids: list[str], args: dict[str, Any]) -> dict[str, Any]:
        members = sorted(user_ids)
        digest = hashlib.sha1(",".join(members).encode()).hexdigest()[:10].upper()
        channel_id = f"G{digest}"
        existed = channel_id in self._channels
        if not existed:
            names = [self._users[u]["name"] for u in members]
            self._channels[channel_id] = {
                "id": channel_id,
                "name": "mpdm-" + "--".join(names) + "-1",
                "topic": "",
                "purpose": "",
                "members": [*members, self.bot_user_id],
                "is_private": True,
                "is_archived": False,
                "is_im": False,
                "is_mpim": True,
                "user": None,
                "created": int(self._wall_clock()),
            }
        return self._opened(self._channels[channel_id], args, existed)

    def _opened(
        self, channel: Mapping[str, Any], args: Mapping[str, Any], already_open: bool
    ) -> dict[str, Any]:
        full = _flag(args.get("return_im")) or channel["is_mpim"]
        body: dict[str, Any] = {
            "channel": self._conversation_object(channel, with_count=False)
            if full
            else {"id": channel["id"]}
        }
        if already_open:
            body.update({"no_op": True, "already_open": True})
        return body

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._visible_channel(args["channel"])
        with_count = _flag(args.get("include_num_members"))
        return {"channel": self._conversation_object(channel, with_count=with_count)}

    def _conversations_list(self, args: dict[str, Any]) -> dict[str, Any]:
        types = {t.strip() for t in str(args.get("types") or "public_channel").split(",")}
        exclude_archived = _flag(args.get("exclude_archived"))
        visible: list[dict[str, Any]] = []
        for channel in self._channels.values():
            if channel["is_im"]:
                kind = "im"
            elif channel["is_mpim"]:
                kind = "mpim"
            else:
                kind = "private_channel" if channel["is_private"] else "public_channel"
            if kind not in types or (exclude_archived and channel["is_archived"]):
                continue
            if kind == "private_channel" and not self._bot_is_member(channel):
                continue
            visible.append(channel)
        page, cursor = _paginate(visible, args)
        return {
            "channels": [self._conversation_object(c, with_count=True) for c in page],
            "response_metadata": {"next_cursor": cursor},
        }

    def _conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._visible_channel(args["channel"])
        page, cursor = _paginate(list(channel["members"]), args)
        return {"members": page, "response_metadata": {"next_cursor": cursor}}

    def _conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._visible_channel(args["channel"])
        if not self._bot_is_member(channel):
            raise SlackRefusal("not_in_channel", f"[ERROR] the bot is not in {channel['id']}")
        oldest = self._ts_bound(args.get("oldest"), "invalid_ts_oldest", 0.0)
        latest = self._ts_bound(args.get("latest"), "invalid_ts_latest", math.inf)
        inclusive = _flag(args.get("inclusive"))
        with_metadata = _flag(args.get("include_all_metadata"))

        def in_range(ts: float) -> bool:
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        top_level = [
            m
            for m in self.messages.get(channel["id"], [])
            if m.get("thread_ts") in (None, m["ts"]) or m.get("subtype") == "thread_broadcast"
        ]
        selected = [m for m in reversed(top_level) if in_range(float(m["ts"]))]
        page, cursor = _paginate(selected, args)
        return {
            "messages": [self._message_object(m, with_metadata=with_metadata) for m in page],
            "has_more": bool(cursor),
            "pin_count": 0,
            "response_metadata": {"next_cursor": cursor},
        }

    @staticmethod
    def _ts_bound(value: Any, code: str, default: float) -> float:
        if not _present(value):
            return default
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise SlackRefusal(code, f"[ERROR] not a timestamp: {value}") from exc

    # --- methods: users -----------------------------------------------------------------------

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user": self._user_object(self._user_or_refuse(args["user"]))}

    def _users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        page, cursor = _paginate(list(self._users.values()), args)
        return {
            "members": [self._user_object(u) for u in page],
            "cache_ts": int(self._wall_clock()),
            "response_metadata": {"next_cursor": cursor},
        }

    # --- methods: views -----------------------------------------------------------------------

    def _view_arg(self, args: Mapping[str, Any], expected: str) -> dict[str, Any]:
        view = args["view"]
        errors = blockkit_rules.check_view(
            view, expected_type="home" if expected == "home" else "modal"
        )
        if errors:
            raise SlackRefusal("invalid_arguments", *errors)
        assert isinstance(view, dict)
        return view

    def _check_external_id(self, view: Mapping[str, Any], own_id: str | None) -> None:
        external_id = view.get("external_id")
        if not external_id:
            return
        for other in [*self.views.values(), *self.home_views.values()]:
            if other.get("external_id") == external_id and other["id"] != own_id:
                raise SlackRefusal(
                    "duplicate_external_id", f"[ERROR] external_id {external_id} is in use"
                )

    def _exchange_trigger(self, trigger_id: Any) -> None:
        trigger = self._triggers.get(str(trigger_id))
        if trigger is None:
            raise SlackRefusal(
                "invalid_arguments", "[ERROR] invalid `trigger_id` [json-pointer:/trigger_id]"
            )
        if trigger.used:
            raise SlackRefusal("exchanged_trigger_id", "[ERROR] trigger_id was already used")
        if self._clock() > trigger.expires_at:
            raise SlackRefusal("expired_trigger_id", "[ERROR] trigger_id expired after 3 s")
        trigger.used = True

    def _view_object(
        self, view: Mapping[str, Any], view_id: str, *, root_id: str | None = None
    ) -> dict[str, Any]:
        team_id = self._caller or self.team_id  # the workspace whose token opened the view
        return {
            "id": view_id,
            "team_id": team_id,
            "type": view["type"],
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": self._new_hash(),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "external_id": view.get("external_id", ""),
            "root_view_id": root_id or view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "app_installed_team_id": team_id,
            "bot_id": self.bot_id,
        }

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        view = self._view_arg(args, "modal")
        self._check_external_id(view, None)
        self._exchange_trigger(args["trigger_id"])
        view_id = self._new_id("V")
        self.views[view_id] = self._view_object(view, view_id)
        return {"view": self.views[view_id]}

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._views_open(args)

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        current = self._view_by_reference(args)
        view = self._view_arg(args, current["type"])
        self._check_external_id(view, current["id"])
        if _present(args.get("hash")) and args["hash"] != current["hash"]:
            raise SlackRefusal("hash_conflict", "[ERROR] the view changed since that hash")
        updated = self._view_object(view, current["id"], root_id=current["root_view_id"])
        if current["type"] == "home":
            user_id = next(u for u, v in self._home_view_ids.items() if v == current["id"])
            self.home_views[user_id] = updated
        else:
            self.views[current["id"]] = updated
        return {"view": updated}

    def _view_by_reference(self, args: Mapping[str, Any]) -> dict[str, Any]:
        view_id, external_id = args.get("view_id"), args.get("external_id")
        if not _present(view_id) and not _present(external_id):
            raise SlackRefusal(
                "invalid_arguments", "[ERROR] either view_id or external_id is required"
            )
        for view in [*self.views.values(), *self.home_views.values()]:
            if (_present(view_id) and view["id"] == view_id) or (
                not _present(view_id) and view.get("external_id") == external_id
            ):
                return view
        raise SlackRefusal("not_found", f"[ERROR] no view {view_id or external_id}")

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args["user_id"])
        user = self._users.get(user_id)
        if user is None or user["deleted"]:
            raise SlackRefusal("invalid_arguments", "[ERROR] invalid `user_id`")
        view = self._view_arg(args, "home")
        current = self.home_views.get(user_id)
        if current is not None and _present(args.get("hash")) and args["hash"] != current["hash"]:
            raise SlackRefusal("hash_conflict", "[ERROR] the Home tab changed since that hash")
        view_id = self._home_view_ids.setdefault(user_id, self._new_id("V"))
        self._check_external_id(view, view_id)
        self.home_views[user_id] = self._view_object(view, view_id)
        return {"view": self.home_views[user_id]}

    # --- methods: files -----------------------------------------------------------------------

    def _files_get_upload_url(self, args: dict[str, Any]) -> dict[str, Any]:
        try:
            length = int(args["length"])
        except (TypeError, ValueError) as exc:
            raise SlackRefusal("invalid_arguments", "[ERROR] length must be an integer") from exc
        if length <= 0:
            raise SlackRefusal("invalid_arguments", "[ERROR] length must be positive")
        file_id = self._new_id("F")
        self._pending_files[file_id] = {
            "filename": str(args["filename"]),
            "length": length,
            "content": None,
        }
        return {"upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: dict[str, Any]) -> dict[str, Any]:
        entries = args["files"]
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and e.get("id") for e in entries
        ):
            raise SlackRefusal("invalid_arguments", "[ERROR] files must be a list of {id, title}")
        for entry in entries:
            pending = self._pending_files.get(str(entry["id"]))
            if pending is None or pending["content"] is None:
                raise SlackRefusal("file_not_found", f"[ERROR] no uploaded file {entry['id']}")
        channel_ids = [str(args["channel_id"])] if _present(args.get("channel_id")) else []
        if _present(args.get("channels")):
            channel_ids += [c.strip() for c in str(args["channels"]).split(",") if c.strip()]
        channels = [self._postable_channel(c) for c in channel_ids]
        comment = str(args.get("initial_comment") or "")
        shared = [self._complete_file(e, channels, comment) for e in entries]
        for channel in channels:
            self.messages[channel["id"]].append(
                {
                    "type": "message",
                    "subtype": "file_share",
                    "text": comment,
                    "files": shared,
                    "upload": True,
                    "user": self.bot_user_id,
                    "bot_id": self.bot_id,
                    "app_id": self.app_id,
                    "team": self.team_id,
                    "ts": self._next_ts(),
                }
            )
        return {"files": shared}

    def _complete_file(
        self, entry: Mapping[str, Any], channels: list[dict[str, Any]], comment: str
    ) -> dict[str, Any]:
        file_id = str(entry["id"])
        pending = self._pending_files.pop(file_id)
        title = str(entry.get("title") or pending["filename"])
        content: bytes = pending["content"]
        for channel_id in [c["id"] for c in channels] or [None]:
            self.files.append(
                {
                    "id": file_id,
                    "channel_id": channel_id,
                    "title": title,
                    "filename": pending["filename"],
                    "content": content,
                    "initial_comment": comment,
                }
            )
        created = int(self._wall_clock())
        return {
            "id": file_id,
            "created": created,
            "timestamp": created,
            "name": pending["filename"],
            "title": title,
            "mimetype": "text/plain",
            "filetype": "text",
            "pretty_type": "Plain Text",
            "user": self.bot_user_id,
            "user_team": self.team_id,
            "size": len(content),
            "is_external": False,
            "is_public": any(not c["is_private"] for c in channels),
            "url_private": f"https://files.slack.example/{self.team_id}/{file_id}",
            "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{self.bot_user_id}/{file_id}",
            "channels": [c["id"] for c in channels if not c["is_private"]],
            "groups": [c["id"] for c in channels if c["is_private"] and not c["is_im"]],
            "ims": [c["id"] for c in channels if c["is_im"]],
        }

    def _handle_upload(self, file_id: str, headers: Mapping[str, str], body: bytes) -> _Reply:
        with self._lock:
            args: dict[str, Any] = {"file_id": file_id, "length": len(body)}
            injected = self._take_injection("upload_url", api=False)
            if injected is not None:
                return self._record("upload_url", args, dict(args), injected)
            pending = self._pending_files.get(file_id)
            if pending is None:
                return self._record("upload_url", args, dict(args), _Reply(404, b"not found"))
            content_type = headers.get("content-type", "")
            content = body
            if content_type.startswith("multipart/form-data"):
                parts = _parse_multipart(content_type, body)
                file_parts = [v for v in parts.values() if isinstance(v, bytes)]
                content = file_parts[0] if file_parts else body
            pending["content"] = content
            args.update({"length": len(content), "content": content})
            return self._record(
                "upload_url", args, dict(args), _Reply(200, f"OK - {len(content)}".encode())
            )

    # --- response_url -------------------------------------------------------------------------

    def _handle_response_url(self, key: str, headers: Mapping[str, str], body: bytes) -> _Reply:
        with self._lock:
            raw: dict[str, Any] = {"key": key}
            args: dict[str, Any] = raw
            try:
                raw = {**self._decode_args("", headers, body), "key": key}
                args = raw
                injected = self._take_injection("response_url", api=False)
                if injected is not None:
                    return self._record("response_url", args, raw, injected)
                args = self._parse_json_fields(raw)
                response_type = args.get("response_type")
                if response_type not in (None, "in_channel", "ephemeral"):
                    raise SlackRefusal(
                        "invalid_arguments", "[ERROR] response_type must be in_channel or ephemeral"
                    )
                if not _flag(args.get("delete_original")):
                    self._check_content(args)
                reply = _Reply(200, {"ok": True})
            except SlackRefusal as refusal:
                reply = _Reply(200, refusal.body())
            return self._record("response_url", args, raw, reply)


def _make_handler(emulator: SlackEmulator) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        server_version = "SlackEmulator/1.0"

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: tests and the shell print what matters."""

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = emulator._handle(parts.path, parts.query, headers, body)
            if isinstance(reply.body, dict):
                payload = json.dumps(reply.body).encode("utf-8")
                content_type = "application/json; charset=utf-8"
            else:
                payload = reply.body
                content_type = "text/plain; charset=utf-8"
            self.send_response(reply.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

    return _Handler
