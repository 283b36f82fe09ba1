"""conversations.create and .invite: a private channel, its members, and what Slack refuses."""

from __future__ import annotations

from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import refusal


def test_a_private_channel_is_created_and_people_invited(
    client: WebClient, emulator: SlackEmulator
) -> None:
    made = client.conversations_create(name="circle-staff-eng-1", is_private=True)["channel"]
    assert made["is_private"] is True and made["name"] == "circle-staff-eng-1"
    invited = client.conversations_invite(channel=made["id"], users="U1,U2")["channel"]
    assert invited["id"] == made["id"]
    members = client.conversations_members(channel=made["id"])["members"]
    assert sorted(members) == ["U0BOT", "U1", "U2"]
    client.chat_postMessage(channel=made["id"], text="Welcome")
    again = refusal(client.conversations_invite, channel=made["id"], users=["U1"])
    assert again["error"] == "already_in_channel"


def test_create_refuses_bad_and_taken_names(client: WebClient) -> None:
    assert (
        refusal(client.conversations_create, name="Has Caps", is_private=True)["error"]
        == "invalid_name_specials"
    )
    assert (
        refusal(client.conversations_create, name="x" * 81, is_private=True)["error"]
        == "invalid_name_maxlength"
    )
    assert refusal(client.api_call, api_method="conversations.create", json={"is_private": True})[
        "error"
    ] == ("invalid_name_required")
    client.conversations_create(name="taken", is_private=True)
    assert refusal(client.conversations_create, name="taken", is_private=True)["error"] == (
        "name_taken"
    )


def test_invite_refuses_what_slack_refuses(client: WebClient, emulator: SlackEmulator) -> None:
    channel = client.conversations_create(name="c1x", is_private=True)["channel"]["id"]
    emulator.add_user("UGONE", name="gone")
    emulator.set_user("UGONE", deleted=True)
    assert refusal(client.conversations_invite, channel=channel, users="U0BOT")["error"] == (
        "cant_invite_self"
    )
    assert refusal(client.conversations_invite, channel=channel, users="UGONE")["error"] == (
        "cant_invite"
    )
    assert refusal(client.conversations_invite, channel=channel, users="UNOBODY")["error"] == (
        "user_not_found"
    )
    group = client.conversations_open(users="U1,U2")["channel"]["id"]
    assert refusal(client.conversations_invite, channel=group, users="U1")["error"] == (
        "method_not_supported_for_channel_type"
    )


def test_a_private_channel_needs_groups_write(client: WebClient, emulator: SlackEmulator) -> None:
    emulator.set_scopes({"chat:write", "channels:read"})
    denied = refusal(client.conversations_create, name="circle-x", is_private=True)
    assert (denied["error"], denied["needed"]) == ("missing_scope", "groups:write")
    public = refusal(client.conversations_create, name="circle-y")
    assert public["needed"] == "channels:write"
