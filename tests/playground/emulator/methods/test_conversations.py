"""conversations.open, .info, .list, .members and .history."""

from __future__ import annotations

from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import refusal


def test_conversations_open_dm_and_mpim(client: WebClient, emulator: SlackEmulator) -> None:
    first = client.conversations_open(users="U1")
    assert first["channel"] == {"id": emulator.dm_channel_of("U1")}
    again = client.conversations_open(users=["U1"], return_im=True)
    assert again["already_open"] is True
    assert again["channel"]["is_im"] is True
    assert again["channel"]["user"] == "U1"
    group = client.conversations_open(users=["U1", "U2"])["channel"]
    same = client.conversations_open(users="U2,U1")["channel"]
    assert group["id"].startswith("G")
    assert group["id"] == same["id"]
    assert group["is_mpim"] is True
    members = client.conversations_members(channel=group["id"])["members"]
    assert sorted(members) == ["U0BOT", "U1", "U2"]
    client.chat_postMessage(channel=group["id"], text="Meet each other")


def test_refuses_open_without_users_with_users_list_not_supplied(client: WebClient) -> None:
    data = refusal(client.api_call, api_method="conversations.open")
    assert data["error"] == "users_list_not_supplied"


def test_refuses_open_with_nine_users_with_too_many_users(
    client: WebClient, emulator: SlackEmulator
) -> None:
    users = [f"U9{i}" for i in range(9)]
    for user_id in users:
        emulator.add_user(user_id, name=user_id.lower())
    assert refusal(client.conversations_open, users=users)["error"] == "too_many_users"


def test_refuses_open_with_only_the_bot_with_not_enough_users(client: WebClient) -> None:
    assert refusal(client.conversations_open, users="U0BOT")["error"] == "not_enough_users"


def test_refuses_open_with_unknown_user_with_user_not_found(client: WebClient) -> None:
    assert refusal(client.conversations_open, users="U404")["error"] == "user_not_found"


def test_refuses_open_with_deactivated_user_with_user_disabled(client: WebClient) -> None:
    assert refusal(client.conversations_open, users="U1,U3")["error"] == "user_disabled"


def test_refuses_open_with_bot_user_with_cannot_dm_bot(client: WebClient) -> None:
    assert refusal(client.conversations_open, users="U4")["error"] == "cannot_dm_bot"


def test_refuses_open_of_a_channel_with_method_not_supported(client: WebClient) -> None:
    assert refusal(client.conversations_open, channel="C1")["error"] == (
        "method_not_supported_for_channel_type"
    )


def test_conversations_info(client: WebClient, emulator: SlackEmulator) -> None:
    info = client.conversations_info(channel="C1", include_num_members=True)["channel"]
    assert info["name"] == "mentoring"
    assert info["is_member"] is True
    assert info["num_members"] == 3
    assert info["topic"]["value"] == "Pairs"
    assert client.conversations_info(channel="C2")["channel"]["is_member"] is False
    emulator.bot_in_channel("G1")
    assert client.conversations_info(channel="G1")["channel"]["is_private"] is True


def test_refuses_info_for_unknown_channel_with_channel_not_found(client: WebClient) -> None:
    assert refusal(client.conversations_info, channel="C404")["error"] == "channel_not_found"


def test_refuses_info_without_channel_with_channel_not_found(client: WebClient) -> None:
    assert refusal(client.api_call, api_method="conversations.info")["error"] == (
        "channel_not_found"
    )


def test_conversations_list_pages_and_filters(client: WebClient, emulator: SlackEmulator) -> None:
    for index in range(5):
        emulator.add_channel(f"C1{index}", name=f"extra-{index}")
    ids: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = client.conversations_list(limit=3, cursor=cursor)
        ids += [c["id"] for c in page["channels"]]
        pages += 1
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert ids == ["C1", "C2", "C3", "C10", "C11", "C12", "C13", "C14"]
    live = client.conversations_list(exclude_archived=True, limit=100)["channels"]
    assert "C3" not in [c["id"] for c in live]
    client.conversations_open(users="U1")
    emulator.bot_in_channel("G1")
    private = client.conversations_list(types="private_channel,im")["channels"]
    assert [c["id"] for c in private] == ["G1", emulator.dm_channel_of("U1")]


def test_refuses_bad_cursor_with_invalid_cursor(client: WebClient) -> None:
    assert refusal(client.conversations_list, cursor="bm9wZQ==")["error"] == "invalid_cursor"


def test_refuses_non_numeric_limit_with_invalid_limit(client: WebClient) -> None:
    data = refusal(
        client.api_call, api_method="conversations.members", params={"channel": "C1", "limit": "x"}
    )
    assert data["error"] == "invalid_limit"


def test_conversations_members_pages(client: WebClient) -> None:
    first = client.conversations_members(channel="C1", limit=2)
    assert first["members"] == ["U1", "U2"]
    second = client.conversations_members(
        channel="C1", limit=2, cursor=first["response_metadata"]["next_cursor"]
    )
    assert second["members"] == ["U0BOT"]
    assert second["response_metadata"]["next_cursor"] == ""


def test_conversations_history(client: WebClient, emulator: SlackEmulator) -> None:
    first = emulator.add_message("C1", user="U1", text="one")
    client.chat_postMessage(
        channel="C1", text="two", metadata={"event_type": "e", "event_payload": {"n": 2}}
    )
    third = emulator.add_message("C1", user="U2", text="three")
    newest_first = client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in newest_first] == ["three", "two", "one"]
    assert "metadata" not in newest_first[1]
    with_meta = client.conversations_history(channel="C1", include_all_metadata=True)
    assert with_meta["messages"][1]["metadata"]["event_payload"] == {"n": 2}
    window = client.conversations_history(channel="C1", oldest=first, latest=third)
    assert [m["text"] for m in window["messages"]] == ["two"]
    inclusive = client.conversations_history(channel="C1", oldest=first, inclusive=True)
    assert len(inclusive["messages"]) == 3
    page = client.conversations_history(channel="C1", limit=2)
    assert page["has_more"] is True
    rest = client.conversations_history(
        channel="C1", limit=2, cursor=page["response_metadata"]["next_cursor"]
    )
    assert [m["text"] for m in rest["messages"]] == ["one"]


def test_refuses_history_of_channel_without_bot_with_not_in_channel(client: WebClient) -> None:
    assert refusal(client.conversations_history, channel="C2")["error"] == "not_in_channel"


def test_refuses_history_with_bad_oldest_with_invalid_ts_oldest(client: WebClient) -> None:
    data = refusal(client.conversations_history, channel="C1", oldest="yesterday")
    assert data["error"] == "invalid_ts_oldest"
