"""What travels over a Socket Mode connection: envelopes, and Slack's own messages.

A client that connects gets `hello`, then envelopes (`events_api`, `slash_commands`,
`interactive`) that it must ack with their `envelope_id` within 3 seconds, with a `payload` only
where the envelope accepts one. `disconnect` asks it to go away (`refresh_requested`, `warning`,
`link_disabled`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from websockets.sync.server import ServerConnection

ENVELOPE_TYPES = ("events_api", "slash_commands", "interactive")
# Interactions whose ack may carry a payload: a modal's response_action, a menu's options.
_INTERACTIONS_WITH_RESPONSE = frozenset({"view_submission", "block_suggestion"})


class NotAcked(Exception):
    """The app did not ack an envelope in time (after every redelivery, for events)."""


@dataclass
class Envelope:
    """One envelope Slack sends; `ack` is set once the app acks it."""

    envelope_id: str
    type: str
    payload: dict[str, Any]
    accepts_response_payload: bool
    retry_attempt: int = 0
    retry_reason: str = ""
    created_at: float = 0.0
    sent_at: float | None = None  # None while no connection is open to take it
    deliveries: int = 0
    acked_at: float | None = None
    ack: dict[str, Any] | None = None
    failed: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def message(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "envelope_id": self.envelope_id,
            "payload": self.payload,
            "type": self.type,
            "accepts_response_payload": self.accepts_response_payload,
        }
        if self.type == "events_api":
            body["retry_attempt"] = self.retry_attempt
            body["retry_reason"] = self.retry_reason
        return body

    def due(self, now: float, ack_timeout: float, max_retries: int) -> bool:
        """Whether to send it now: never sent, or an event unacked past `ack_timeout` with a
        retry left (counted here). Gives up on a command or interaction not acked within
        `ack_timeout` of its creation, and on an event whose retries are spent."""
        if self.done.is_set():
            return False
        if self.type != "events_api" and now - self.created_at > ack_timeout:
            # The person sees Slack's own error: nobody answered in 3 seconds.
            self._give_up("operation_timeout")
            return False
        if self.sent_at is None:
            return True
        if now - self.sent_at < ack_timeout:
            return False
        if self.retry_attempt >= max_retries:
            self._give_up("retries_exhausted")
            return False
        self.retry_attempt += 1
        self.retry_reason = "timeout"
        self.sent_at = None
        return True

    def _give_up(self, reason: str) -> None:
        self.failed = reason
        self.done.set()


@dataclass
class Link:
    """One open WebSocket connection of the app."""

    number: int
    connection: ServerConnection
    opened_at: float
    drain_deadline: float | None = None  # set by disconnect(): no new envelopes, then closed
    closed: bool = False


def accepts_response_payload(envelope_type: str, payload: dict[str, Any]) -> bool:
    """What Slack says in `accepts_response_payload` for this envelope."""
    if envelope_type == "slash_commands":
        return True
    if envelope_type == "interactive":
        return payload.get("type") in _INTERACTIONS_WITH_RESPONSE
    return False


def hello_message(link: Link, *, open_connections: int, app_id: str) -> dict[str, Any]:
    """Slack's first message on a fresh connection."""
    return {
        "type": "hello",
        "num_connections": open_connections,
        "debug_info": {
            "host": f"applink-emulator-{link.number}",
            "build_number": 1,
            "approximate_connection_time": 18060,
        },
        "connection_info": {"app_id": app_id},
    }


def disconnect_message(link: Link, reason: str) -> dict[str, Any]:
    """Slack asking the client to leave this connection for a fresh one."""
    return {
        "type": "disconnect",
        "reason": reason,
        "debug_info": {"host": f"applink-emulator-{link.number}"},
    }
