"""The app's WebClient retries what Slack says to retry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk.errors import SlackApiError

from bot.app import make_web_client
from bot.config import load_settings
from playground.emulator import SlackEmulator


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as running:
        running.add_user("U1", name="ada")
        yield running


def _client(emulator: SlackEmulator):  # type: ignore[no-untyped-def]
    settings = load_settings({"SLACK_BOT_TOKEN": emulator.token, "SLACK_API_URL": emulator.api_url})
    return make_web_client(settings)


def test_rate_limit_waits_and_succeeds(emulator: SlackEmulator) -> None:
    emulator.fail_next(2, method="chat.postMessage", status=429, retry_after=0)
    response = _client(emulator).chat_postMessage(channel="U1", text="hello")
    assert response["ok"]
    assert [c.status for c in emulator.calls_to("chat.postMessage")] == [429, 429, 200]


def test_server_errors_are_retried(emulator: SlackEmulator) -> None:
    emulator.fail_next(1, method="chat.postMessage", status=500)
    response = _client(emulator).chat_postMessage(channel="U1", text="hello")
    assert response["ok"]
    assert [c.status for c in emulator.calls_to("chat.postMessage")] == [500, 200]


def test_retries_give_up_eventually(emulator: SlackEmulator) -> None:
    emulator.fail_next(10, method="chat.postMessage", status=429, retry_after=0)
    with pytest.raises(SlackApiError):
        _client(emulator).chat_postMessage(channel="U1", text="hello")
    assert len(emulator.calls_to("chat.postMessage")) == 4  # the call and three retries
