"""Slack's side of slash commands, interactions and events, sent as Socket Mode envelopes.

The same payloads as `SignedSlackClient` builds, delivered over the emulator's WebSocket instead
of signed HTTP. Each call waits for the app's ack and answers like the HTTP client does: status
200 and the ack's payload as the body (a slash command's reply, a modal's `response_action`).
"""

from __future__ import annotations

import json
from typing import Any

from playground.emulator.socket_envelopes import Envelope, NotAcked
from playground.emulator.socket_mode import SocketModeServer
from playground.signed_client import HttpResult, SignedSlackClient


class SocketModeSlack(SignedSlackClient):
    """Sends what Slack sends, as Socket Mode envelopes, and waits for each ack."""

    def __init__(self, server: SocketModeServer, *, team_id: str, **kw: Any) -> None:
        super().__init__("socket-mode://", "", team_id=team_id, **kw)
        self.server = server

    def send_command(self, form: dict[str, str]) -> HttpResult:
        return self._answer(self.server, "slash_commands", dict(form))

    def interactive(self, payload: dict[str, Any]) -> HttpResult:
        return self._answer(self.server, "interactive", payload)

    def send_event(
        self, envelope: dict[str, Any], *, retry_num: int | None, retry_reason: str
    ) -> HttpResult:
        if retry_num is not None:
            # Socket Mode redelivers by itself (`retry_attempt`) when an ack does not come.
            raise ValueError(f"Socket Mode retries are the server's ({retry_reason})")
        return self._answer(self.server, "events_api", envelope)

    def post(self, body: bytes, content_type: str, **_kw: Any) -> HttpResult:
        raise TypeError(f"Socket Mode sends envelopes, not HTTP ({content_type}, {len(body)} B)")

    @staticmethod
    def _answer(
        server: SocketModeServer, envelope_type: str, payload: dict[str, Any]
    ) -> HttpResult:
        try:
            envelope = server.send_and_wait(envelope_type, payload)
        except NotAcked as error:
            return HttpResult(504, str(error), {})
        return HttpResult(200, _ack_body(envelope), {})


def _ack_body(envelope: Envelope) -> str:
    payload = (envelope.ack or {}).get("payload")
    return json.dumps(payload) if payload else ""
