"""Slack's side of Socket Mode: connection tickets, and a WebSocket endpoint speaking its protocol.

`apps.connections.open` (answered by the emulator with an app-level token) hands out a one-use
`ws://` URL from `SocketModeServer.issue_url()`; what travels over a connection is in
socket_envelopes.py. An `events_api` envelope not acked in time is redelivered with
`retry_attempt` and `retry_reason`, as Slack does (up to 3 times); a slash command or interaction
not acked in time fails, as it does for the person in Slack ("operation_timeout").
`disconnect()` sends Slack's `disconnect` message (`refresh_requested` or `warning`), stops
routing new envelopes to that connection once a fresh one is open, and closes it shortly after;
`drop()` cuts every connection without a word, as a network failure does.

The WebSocket framing is the `websockets` library's (sync server, one thread per connection).
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

from playground.emulator.socket_envelopes import (
    ENVELOPE_TYPES,
    Envelope,
    Link,
    NotAcked,
    accepts_response_payload,
    disconnect_message,
    hello_message,
)

ACK_TIMEOUT_SECONDS = 3.0
MAX_RETRIES = 3  # Slack redelivers an unacked event up to three times
DRAIN_SECONDS = 1.0  # a refreshed connection stays open this long once a fresh one is up
WARNING_DRAIN_SECONDS = 10.0  # "warning": Slack closes the connection about 10 s later
_WATCH_SECONDS = 0.05
DISCONNECT_REASONS = ("refresh_requested", "warning", "link_disabled")


class SocketModeServer:
    """A loopback Socket Mode endpoint for one app."""

    def __init__(
        self,
        *,
        app_id: str,
        ack_timeout: float = ACK_TIMEOUT_SECONDS,
        max_retries: int = MAX_RETRIES,
        clock: Callable[[], float] = time.monotonic,  # wall-clock-ok: ack deadlines
    ) -> None:
        self.app_id = app_id
        self.ack_timeout = ack_timeout
        self.max_retries = max_retries
        self._clock = clock
        self._lock = threading.RLock()
        self._tickets: set[str] = set()
        self._numbers = itertools.count(1)
        self._server: Server | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._connected = threading.Condition(self._lock)
        self.links: list[Link] = []
        self.envelopes: list[Envelope] = []
        self.protocol_errors: list[str] = []
        self.lost_acks: list[dict[str, Any]] = []
        self._acks_to_lose: dict[str, int] = {}
        self.urls_issued = 0
        self.last_ack_at = clock()

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SocketModeServer:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = serve(
            self._serve_link,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            compression=None,
            # Slack pings its clients; so do we, and keep the loopback defaults short.
            ping_interval=10,
            close_timeout=1,
        )
        for target, name in ((self._server.serve_forever, "ws"), (self._watch, "ws-watch")):
            thread = threading.Thread(target=target, name=f"socket-mode-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        self._stopping.set()
        if server is not None:
            server.shutdown()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the Socket Mode server is not started")
        return int(self._server.socket.getsockname()[1])

    # --- apps.connections.open ----------------------------------------------------------------

    def issue_url(self) -> str:
        """A fresh one-use WebSocket URL, as `apps.connections.open` answers."""
        ticket = str(uuid.UUID(bytes=secrets.token_bytes(16)))
        with self._lock:
            self._tickets.add(ticket)
            self.urls_issued += 1
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        ticket = parse_qs(urlsplit(request.path).query).get("ticket", [""])[0]
        with self._lock:
            if ticket in self._tickets:
                self._tickets.discard(ticket)
                return None
        return connection.respond(401, "invalid or used ticket\n")

    # --- connections --------------------------------------------------------------------------

    def _serve_link(self, connection: ServerConnection) -> None:
        with self._lock:
            link = Link(next(self._numbers), connection, self._clock())
            self.links.append(link)
            hello = hello_message(
                link, open_connections=len(self._open_links()), app_id=self.app_id
            )
            connection.send(json.dumps(hello))
            self._flush(link)
            self._connected.notify_all()
        try:
            for raw in connection:
                self._on_message(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                link.closed = True

    def _open_links(self) -> list[Link]:
        return [link for link in self.links if not link.closed]

    def _route(self) -> Link | None:
        """The newest open connection not told to go away; None holds envelopes back."""
        fresh = [link for link in self._open_links() if link.drain_deadline is None]
        return fresh[-1] if fresh else None

    def wait_connected(self, count: int = 1, timeout: float = 20.0) -> None:
        """Wait until `count` connections have said hello in all (reconnects count)."""
        with self._lock:
            if not self._connected.wait_for(lambda: len(self.links) >= count, timeout):
                raise TimeoutError(f"{len(self.links)} of {count} Socket Mode connections")

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Send `disconnect` to every open connection; close each once drained."""
        if reason not in DISCONNECT_REASONS:
            raise ValueError(f"reason must be one of {DISCONNECT_REASONS}")
        drain = WARNING_DRAIN_SECONDS if reason == "warning" else DRAIN_SECONDS
        with self._lock:
            for link in self._open_links():
                link.drain_deadline = self._clock() + drain
                self._send(link, disconnect_message(link, reason))

    def drop(self) -> None:
        """Close every connection abruptly, without a `disconnect` message."""
        with self._lock:
            links = self._open_links()
        for link in links:
            link.connection.close(1011, "emulated network failure")

    # --- envelopes ----------------------------------------------------------------------------

    def deliver(self, envelope_type: str, payload: dict[str, Any]) -> Envelope:
        """Queue an envelope and send it on an open connection (or when one opens)."""
        if envelope_type not in ENVELOPE_TYPES:
            raise ValueError(f"envelope type must be one of {ENVELOPE_TYPES}")
        envelope = Envelope(
            envelope_id=str(uuid.uuid4()),
            type=envelope_type,
            payload=payload,
            accepts_response_payload=accepts_response_payload(envelope_type, payload),
            created_at=self._clock(),
        )
        with self._lock:
            self.envelopes.append(envelope)
            link = self._route()
            if link is not None:
                self._send_envelope(link, envelope)
        return envelope

    def send_and_wait(self, envelope_type: str, payload: dict[str, Any]) -> Envelope:
        """Deliver, then wait for the ack (through every redelivery); NotAcked if none came."""
        envelope = self.deliver(envelope_type, payload)
        waited = self.ack_timeout * (self.max_retries + 2) + 30  # + 30 s to get connected
        if not envelope.done.wait(waited) or envelope.failed:
            raise NotAcked(f"{envelope_type} {envelope.envelope_id}: {envelope.failed}")
        return envelope

    def lose_next_acks(self, count: int = 1, *, envelope_type: str = "events_api") -> None:
        """Throw away the next `count` acks of that type, as a network hiccup does (Slack
        redelivers an event; a lost command ack is an error for the person)."""
        with self._lock:
            self._acks_to_lose[envelope_type] = self._acks_to_lose.get(envelope_type, 0) + count

    def quiet_for(self) -> float:
        """Seconds since the last ack (the app may still be working after it)."""
        with self._lock:
            return self._clock() - self.last_ack_at

    def pending(self) -> list[Envelope]:
        """Envelopes not acked and not given up on."""
        with self._lock:
            return [e for e in self.envelopes if not e.done.is_set()]

    def _send_envelope(self, link: Link, envelope: Envelope) -> None:
        envelope.sent_at = self._clock()
        envelope.deliveries += 1
        if not self._send(link, envelope.message()):
            envelope.sent_at = None  # the connection went away: send on the next one

    def _send(self, link: Link, message: dict[str, Any]) -> bool:
        try:
            link.connection.send(json.dumps(message))
            return True
        except ConnectionClosed:
            link.closed = True
            return False

    def _flush(self, link: Link) -> None:
        for envelope in self.envelopes:
            if envelope.sent_at is None and not envelope.done.is_set():
                self._send_envelope(link, envelope)

    def _on_message(self, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            self.protocol_errors.append(f"not JSON: {raw[:80]!r}")
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        with self._lock:
            envelope = next((e for e in self.envelopes if e.envelope_id == envelope_id), None)
            if envelope is None:
                self.protocol_errors.append(f"ack for an unknown envelope: {raw[:120]!r}")
                return
            if self._acks_to_lose.get(envelope.type, 0) > 0 and envelope.failed is None:
                self._acks_to_lose[envelope.type] -= 1
                self.lost_acks.append(message)
                return
            if envelope.acked_at is not None:
                self.protocol_errors.append(f"second ack of {envelope_id}")
                return
            payload = message.get("payload")
            if payload and not envelope.accepts_response_payload:
                self.protocol_errors.append(f"payload in the ack of {envelope.type} {envelope_id}")
            if envelope.failed is not None:
                self.protocol_errors.append(f"late ack of {envelope_id} ({envelope.failed})")
                return
            envelope.acked_at = self.last_ack_at = self._clock()
            envelope.ack = message
            envelope.done.set()

    def _watch(self) -> None:
        """Redeliver or give up on unacked envelopes; close drained connections."""
        while not self._stopping.wait(_WATCH_SECONDS):
            with self._lock:
                now = self._clock()
                self._close_drained(now)
                link = self._route()
                for envelope in self.envelopes:
                    if envelope.due(now, self.ack_timeout, self.max_retries) and link is not None:
                        self._send_envelope(link, envelope)

    def _close_drained(self, now: float) -> None:
        for link in self._open_links():
            if link.drain_deadline is None or now < link.drain_deadline:
                continue
            link.closed = True
            threading.Thread(target=link.connection.close, daemon=True).start()
