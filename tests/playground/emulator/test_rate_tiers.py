"""Slack's rate tiers in the emulator: per method and workspace, chat.postMessage per channel."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from playground.emulator import SlackEmulator


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emulator(clock: FakeClock) -> Iterator[SlackEmulator]:
    with SlackEmulator(clock=clock) as emu:
        emu.add_user("U1", name="ada")
        for channel in ("C1", "C2"):
            emu.add_channel(channel, name=channel.lower(), members=["U0BOT"])
        emu.add_workspace("T2", token="xoxb-second")
        yield emu


def _limited(call: Any, **kw: Any) -> str:
    with pytest.raises(SlackApiError) as refused:
        call(**kw)
    assert refused.value.response.status_code == 429
    assert refused.value.response["error"] == "ratelimited"
    return str(refused.value.response.headers["Retry-After"])


def test_tier_2_allows_20_a_minute_per_workspace(emulator: SlackEmulator, clock: FakeClock) -> None:
    client = WebClient(base_url=emulator.api_url, token=emulator.token)
    for _ in range(20):
        client.users_list()
    assert _limited(client.users_list) == "3"  # 20 a minute: one more every 3 s
    WebClient(base_url=emulator.api_url, token="xoxb-second").users_list()  # its own budget
    clock.now += 3
    client.users_list()


def test_post_message_about_one_a_second_per_channel(
    emulator: SlackEmulator, clock: FakeClock
) -> None:
    client = WebClient(base_url=emulator.api_url, token=emulator.token)
    for number in range(4):  # a short burst is fine
        client.chat_postMessage(channel="C1", text=f"hi {number}")
    assert _limited(client.chat_postMessage, channel="C1", text="one too many") == "1"
    client.chat_postMessage(channel="C2", text="another channel")
    clock.now += 1
    client.chat_postMessage(channel="C1", text="a second later")
    assert len(emulator.messages["C1"]) == 5


def test_rate_tiers_switch_off_per_test(emulator: SlackEmulator) -> None:
    emulator.set_rate_tiers(False)
    client = WebClient(base_url=emulator.api_url, token=emulator.token)
    for _ in range(30):
        client.users_list()
    emulator.set_rate_tiers(True)
    for _ in range(20):
        client.users_list()
    assert _limited(client.users_list)
