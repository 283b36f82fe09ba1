"""The emulator grants a token exactly the manifest's scopes and refuses what needs more."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.manifest import BOT_SCOPES
from playground.emulator import SlackEmulator


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with SlackEmulator() as emu:
        emu.add_user("U1", name="ada")
        emu.add_user("U2", name="bob")
        emu.add_channel("C1", name="general", members=["U1", "U0BOT"])
        yield emu


def _refusal(call: object, **kw: object) -> dict[str, object]:
    with pytest.raises(SlackApiError) as refused:
        call(**kw)  # type: ignore[operator]
    return dict(refused.value.response.data)  # type: ignore[arg-type]


def test_a_group_dm_needs_mpim_read_which_the_manifest_lacks(emulator: SlackEmulator) -> None:
    client = WebClient(base_url=emulator.api_url, token=emulator.token)
    group = client.conversations_open(users="U1,U2")["channel"]["id"]  # mpim:write: granted
    refusal = _refusal(client.conversations_info, channel=group)
    assert refusal["error"] == "missing_scope"
    assert refusal["needed"] == "mpim:read"
    assert refusal["provided"] == ",".join(sorted(BOT_SCOPES))
    assert client.conversations_info(channel="C1")["channel"]["id"] == "C1"  # channels:read


def test_scopes_follow_the_kind_of_conversation(emulator: SlackEmulator) -> None:
    client = WebClient(base_url=emulator.api_url, token=emulator.token)
    assert _refusal(client.conversations_history, channel="C1")["needed"] == "channels:history"
    listed = _refusal(client.conversations_list, types="public_channel,im")
    assert listed["needed"] == "im:read"
    assert _refusal(client.team_info)["needed"] == "team:read"


def test_a_token_gets_what_the_test_grants(emulator: SlackEmulator) -> None:
    emulator.set_scopes({"users:read"})
    client = WebClient(base_url=emulator.api_url, token=emulator.token)
    assert client.users_info(user="U1")["user"]["id"] == "U1"
    refusal = _refusal(client.chat_postMessage, channel="C1", text="hi")
    assert (refusal["needed"], refusal["provided"]) == ("chat:write", "users:read")
    assert emulator.messages["C1"] == []


def test_an_oauth_install_gets_the_manifest_scopes(emulator: SlackEmulator) -> None:
    emulator.add_oauth_code("code1", team_id="T2", token="xoxb-second")
    answer = WebClient(base_url=emulator.api_url).oauth_v2_access(
        client_id="id", client_secret="secret", code="code1"
    )
    assert answer["scope"] == ",".join(sorted(BOT_SCOPES))
    second = WebClient(base_url=emulator.api_url, token="xoxb-second")
    assert _refusal(second.team_info)["error"] == "missing_scope"
