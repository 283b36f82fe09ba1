"""Who is typing in a playground session, where, and what they were last shown to click."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.clock import local
from playground import demo_workspace, forms
from playground.harness import Harness
from playground.output import Output
from playground.render import Control
from playground.signed_client import HttpResult

# Reads one answer for a modal field (None when there is no more input).
Ask = Callable[[str], str | None]
DEFAULT_CHANNEL = ("C0GENERAL", "general")  # where slash commands run unless told


class CommandFailed(Exception):
    """A typed command that cannot run; its message is the one-line explanation."""


@dataclass(frozen=True)
class Source:
    """Where a control was shown: a message (kept or ephemeral) or a view."""

    kind: str  # "message", "ephemeral" or "view"
    channel_id: str | None = None
    message: dict[str, Any] | None = None
    view_id: str | None = None


@dataclass(frozen=True)
class Clickable:
    control: Control
    source: Source


@dataclass
class Shown:
    """What one command showed; `pending` is a heading printed before the first line."""

    clickables: dict[int, Clickable] = field(default_factory=dict)
    others: int = 0
    modal_changed: bool = False
    pending: str | None = None
    emitted: bool = False


class _LogCapture(logging.Handler):
    """Collects the app's error logs (a listener that raised) to show them as one line."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Seat:
    """The state of a session: who is typing, where, what can be clicked, which modals are open."""

    def __init__(self, harness: Harness, out: Output, *, people: dict[str, str]) -> None:
        self.harness = harness
        self.out = out
        self.people = people  # name -> user id
        self.user_id = next(iter(people.values()))
        self.channel_id = DEFAULT_CHANNEL[0]
        self.clickables: dict[int, Clickable] = {}
        self.modals: list[dict[str, Any]] = []
        self.done = False
        # Where the command or click being run happened: its response_url answers go there.
        self._interaction_channel: str | None = None
        self._seen: dict[str, int] = {}  # user id -> number of calls when they last looked
        self._opening_home = False
        self._failed = False
        self._shown = Shown()
        self._logs = _LogCapture()
        for name in ("mentorbot", "slack_bolt", "slack_sdk"):
            logging.getLogger(name).addHandler(self._logs)

    def close(self) -> None:
        for name in ("mentorbot", "slack_bolt", "slack_sdk"):
            logging.getLogger(name).removeHandler(self._logs)

    # --- who and where ----------------------------------------------------------------------------
    @property
    def user_name(self) -> str:
        return self.name_of(self.user_id)

    def name_of(self, object_id: str) -> str:
        for name, user_id in self.people.items():
            if user_id == object_id:
                return name
        return self._channel(object_id).get("name") or object_id

    def names(self) -> dict[str, str]:
        """Every id the renderer may meet -> its display name."""
        known = {user_id: name for name, user_id in self.people.items()}
        conversations = self.harness.emulator.conversations()
        known.update({cid: str(c["name"]) for cid, c in conversations.items() if not c["is_im"]})
        return known

    def directory(self) -> forms.Directory:
        conversations = self.harness.emulator.conversations()
        by_name = {str(c["name"]): cid for cid, c in conversations.items() if not c["is_im"]}
        return forms.Directory(users=self.people, channels=by_name)

    def _channel(self, channel_id: str) -> dict[str, Any]:
        return self.harness.emulator.conversations().get(channel_id) or {}

    def can_see(self, channel_id: str) -> bool:
        return self.user_id in (self._channel(channel_id).get("members") or [])

    def where(self, channel_id: str) -> str:
        channel = self._channel(channel_id)
        if channel.get("is_im"):
            return "your DM" if channel.get("user") == self.user_id else "a DM"
        if channel.get("is_mpim"):
            others = [
                f"@{self.name_of(m)}"
                for m in channel.get("members") or []
                if m != self.harness.emulator.bot_user_id
            ]
            return "group DM " + ", ".join(others)
        return f"#{channel.get('name', channel_id)}"

    # --- answering the person ---------------------------------------------------------------------
    def fail(self, reason: str) -> None:
        self.out.line(f"! {reason}", "error", indent=2)
        self._failed = True

    def _check_status(self, result: HttpResult, what: str) -> None:
        if self._logs.records:
            return  # a listener raised: what it sent, then the error, are shown next
        if result.status == 404:
            raise CommandFailed(f"the app has no listener for {what} (yet)")
        if result.status >= 400:
            raise CommandFailed(f"the app answered {what} with HTTP {result.status}")

    def _moment(self, moment: datetime) -> str:
        tz = self._tz()
        mine = local(moment, tz).strftime("%a %d %b %Y %H:%M")
        return f"{mine} for @{self.user_name} ({tz}), {moment.strftime('%H:%M')} UTC"

    def _tz(self) -> str:
        person = next((p for p in demo_workspace.PEOPLE if p.user_id == self.user_id), None)
        return person.tz if person else "UTC"
