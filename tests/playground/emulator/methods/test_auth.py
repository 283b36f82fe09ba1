"""api.test and auth.test."""

from __future__ import annotations

from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import raw


def test_api_test_needs_no_token_and_echoes(emulator: SlackEmulator) -> None:
    status, body, _ = raw(emulator.api_url + "api.test?foo=bar")
    assert (status, body) == (200, {"ok": True, "args": {"foo": "bar"}})
    status, body, _ = raw(emulator.api_url + "api.test?error=my_error")
    assert body["error"] == "my_error"


def test_auth_test(client: WebClient, emulator: SlackEmulator) -> None:
    data = client.auth_test().data
    assert isinstance(data, dict)
    assert data["user_id"] == "U0BOT"
    assert data["bot_id"] == "B0BOT"
    assert data["team_id"] == "T0EMULATOR"
    assert emulator.calls_to("auth.test")[0].ok
