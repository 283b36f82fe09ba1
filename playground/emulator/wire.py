"""What goes over the wire: an answer, a refusal in Slack's shape, and the record of a call."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


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
class Reply:
    """The HTTP answer: a JSON body (a dict) or plain bytes, with extra headers."""

    status: int
    body: dict[str, Any] | bytes
    headers: dict[str, str] = field(default_factory=dict)


def rate_limited(wait: int, error: str = "ratelimited") -> Reply:
    """HTTP 429 with Retry-After, as Slack answers a call over its limit."""
    return Reply(429, {"ok": False, "error": error}, {"Retry-After": str(wait)})
