"""The emulator's Socket Mode, spoken to with a plain WebSocket client (no slack_sdk)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from playground.emulator import SlackEmulator


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emu:
        emu.socket_mode.ack_timeout = 0.3  # keep the redelivery tests short
        yield emu


@contextmanager
def _open(emulator: SlackEmulator) -> Iterator[ClientConnection]:
    url = WebClient(base_url=emulator.api_url).apps_connections_open(app_token=emulator.app_token)
    with connect(url["url"]) as link:
        assert json.loads(link.recv(timeout=5))["type"] == "hello"
        yield link


def _next(link: ClientConnection) -> dict[str, Any]:
    message = json.loads(link.recv(timeout=5))
    assert isinstance(message, dict)
    return message


def test_connections_open_takes_only_an_app_level_token(emulator: SlackEmulator) -> None:
    with pytest.raises(SlackApiError) as refused:
        WebClient(base_url=emulator.api_url).apps_connections_open(app_token=emulator.token)
    assert refused.value.response["error"] == "not_allowed_token_type"
    client = WebClient(base_url=emulator.api_url, token=emulator.app_token)
    with pytest.raises(SlackApiError) as wrong_way:
        client.chat_postMessage(channel="D1", text="hi")
    assert wrong_way.value.response["error"] == "not_allowed_token_type"


def test_a_ticket_opens_one_connection(emulator: SlackEmulator) -> None:
    url = WebClient(base_url=emulator.api_url).apps_connections_open(app_token=emulator.app_token)
    with connect(url["url"]):
        pass
    with pytest.raises(InvalidStatus), connect(url["url"]):
        pass


def test_hello_envelope_and_ack_with_payload(emulator: SlackEmulator) -> None:
    with _open(emulator) as link:
        command = emulator.socket_mode.deliver("slash_commands", {"command": "/mentor"})
        envelope = _next(link)
        assert envelope["type"] == "slash_commands"
        assert envelope["accepts_response_payload"] is True
        assert envelope["payload"] == {"command": "/mentor"}
        link.send(json.dumps({"envelope_id": envelope["envelope_id"], "payload": {"text": "hi"}}))
        assert command.done.wait(5)
        assert command.ack == {"envelope_id": envelope["envelope_id"], "payload": {"text": "hi"}}
    assert emulator.socket_mode.protocol_errors == []


def test_a_payload_where_none_is_accepted_is_a_protocol_error(emulator: SlackEmulator) -> None:
    with _open(emulator) as link:
        emulator.socket_mode.deliver("interactive", {"type": "block_actions"})
        envelope = _next(link)
        assert envelope["accepts_response_payload"] is False
        link.send(json.dumps({"envelope_id": envelope["envelope_id"], "payload": {"x": 1}}))
        link.send(json.dumps({"envelope_id": envelope["envelope_id"]}))
        link.send(json.dumps({"envelope_id": "nobody"}))  # 3 errors: payload, 2nd ack, unknown
        deadline = time.monotonic() + 5
        while len(emulator.socket_mode.protocol_errors) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    errors = emulator.socket_mode.protocol_errors
    assert any("unknown envelope" in e for e in errors), errors
    assert any("payload in the ack" in e for e in errors), errors


def test_an_unacked_event_is_redelivered_with_retry_attempt(emulator: SlackEmulator) -> None:
    with _open(emulator) as link:
        event = emulator.socket_mode.deliver("events_api", {"event_id": "Ev1"})
        first, second = _next(link), _next(link)
        assert (first["retry_attempt"], second["retry_attempt"]) == (0, 1)
        assert second["retry_reason"] == "timeout"
        assert first["envelope_id"] == second["envelope_id"]
        link.send(json.dumps({"envelope_id": second["envelope_id"]}))
        assert event.done.wait(5) and event.failed is None


def test_an_unacked_command_fails_and_is_not_redelivered(emulator: SlackEmulator) -> None:
    with _open(emulator) as link:
        command = emulator.socket_mode.deliver("slash_commands", {"command": "/mentor"})
        _next(link)
        assert command.done.wait(5)
        assert command.failed == "operation_timeout"
        with pytest.raises(TimeoutError):
            link.recv(timeout=0.5)


def test_disconnect_then_envelopes_go_to_the_fresh_connection(emulator: SlackEmulator) -> None:
    with _open(emulator) as old:
        emulator.socket_mode.disconnect("refresh_requested")
        assert _next(old) == {
            "type": "disconnect",
            "reason": "refresh_requested",
            "debug_info": {"host": "applink-emulator-1"},
        }
        held = emulator.socket_mode.deliver("events_api", {"event_id": "Ev2"})
        with _open(emulator) as fresh:
            envelope = _next(fresh)
            assert envelope["envelope_id"] == held.envelope_id
            fresh.send(json.dumps({"envelope_id": envelope["envelope_id"]}))
            assert held.done.wait(5)
    with pytest.raises(ValueError):
        emulator.socket_mode.disconnect("bored")
