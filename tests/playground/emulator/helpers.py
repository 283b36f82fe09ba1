"""What the emulator tests share: a seeded workspace, a fake clock, reading refusals."""

from __future__ import annotations

import json
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from slack_sdk.errors import SlackApiError

from playground.emulator import SlackEmulator

TEXT_BLOCK = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# Scopes beyond the manifest's, for emulator behaviours the app itself never calls on
# (public channel history, group DM members, team.info); tests/playground/emulator/test_scopes.py
# covers the manifest's scopes as they are.
EXTRA_SCOPES = {"channels:history", "mpim:read", "im:read", "team:read"}


def seed(emulator: SlackEmulator) -> SlackEmulator:
    emulator.set_scopes(emulator.bot_scopes | EXTRA_SCOPES)
    emulator.add_user("U1", name="ada", real_name="Ada Lovelace", email="ada@example.com")
    emulator.add_user("U2", name="grace", real_name="Grace Hopper", tz="Europe/London")
    emulator.add_user("U3", name="gone", deleted=True)
    emulator.add_user("U4", name="otherbot", is_bot=True)
    emulator.add_channel("C1", name="mentoring", topic="Pairs", members=["U1", "U2", "U0BOT"])
    emulator.add_channel("C2", name="random", members=["U1"])
    emulator.add_channel("G1", name="secret", members=["U1"], is_private=True)
    emulator.add_channel("C3", name="old", members=["U0BOT"], is_archived=True)
    return emulator


def refusal(call: Any, **kwargs: Any) -> dict[str, Any]:
    """The error body of a call Slack would refuse (HTTP 200, ok false)."""
    with pytest.raises(SlackApiError) as caught:
        call(**kwargs)
    assert caught.value.response.status_code == 200
    data: dict[str, Any] = caught.value.response.data
    assert data["ok"] is False
    assert data["response_metadata"]["messages"]
    return data


def raw(
    url: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any], dict[str, str]]:
    request = Request(url, data=body, headers=headers or {}, method="POST")
    try:
        with urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except HTTPError as error:
        with error:
            return error.code, json.loads(error.read()), dict(error.headers)


def modal(title: str = "Set a goal", **extra: Any) -> dict[str, Any]:
    return {"type": "modal", "title": {"type": "plain_text", "text": title}, "blocks": [], **extra}


HOME = {"type": "home", "blocks": TEXT_BLOCK}
