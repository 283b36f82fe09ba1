"""chat.postMessage, chat.postEphemeral, chat.update and chat.delete."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import TEXT_BLOCK, refusal


def test_post_message_to_channel(client: WebClient, emulator: SlackEmulator) -> None:
    response = client.chat_postMessage(
        channel="C1",
        text="Week 1",
        blocks=TEXT_BLOCK,
        metadata={"event_type": "goal_set", "event_payload": {"goal_id": 7}},
        unfurl_links=False,
    )
    assert response["channel"] == "C1"
    assert response["message"]["bot_id"] == "B0BOT"
    assert response["message"]["blocks"] == TEXT_BLOCK
    stored = emulator.messages["C1"][-1]
    assert stored["ts"] == response["ts"]
    assert stored["metadata"] == {"event_type": "goal_set", "event_payload": {"goal_id": 7}}
    assert stored["unfurl_links"] is False
    assert emulator.ok_calls_to("chat.postMessage")[0].args["metadata"]["event_type"] == "goal_set"


def test_post_message_to_user_id_lands_in_dm(client: WebClient, emulator: SlackEmulator) -> None:
    response = client.chat_postMessage(channel="U1", text="Hi Ada")
    dm = emulator.dm_channel_of("U1")
    assert dm.startswith("D")
    assert response["channel"] == dm
    assert emulator.messages[dm][0]["text"] == "Hi Ada"
    client.chat_update(channel=dm, ts=response["ts"], text="Hi again")
    assert emulator.messages[dm][0]["text"] == "Hi again"


def test_post_message_in_thread(client: WebClient, emulator: SlackEmulator) -> None:
    parent = emulator.add_message("C1", user="U1", text="I need help")
    reply = client.chat_postMessage(channel="C1", text="On it", thread_ts=parent)
    assert reply["message"]["thread_ts"] == parent
    assert emulator.messages["C1"][0]["reply_count"] == 1
    history = client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in history] == ["I need help"]


def test_long_text_is_truncated_not_refused(client: WebClient, emulator: SlackEmulator) -> None:
    client.chat_postMessage(channel="C1", text="x" * 40_010)
    assert len(emulator.messages["C1"][-1]["text"]) == 40_000


def test_non_strict_accepts_blocks_without_text(emulator: SlackEmulator) -> None:
    emulator.strict = False
    client = WebClient(token=emulator.token, base_url=emulator.api_url)
    with pytest.warns(UserWarning):
        client.chat_postMessage(channel="C1", blocks=TEXT_BLOCK)
    assert emulator.messages["C1"][-1]["blocks"] == TEXT_BLOCK


def test_refuses_post_without_channel_with_channel_not_found(client: WebClient) -> None:
    assert (
        refusal(client.api_call, api_method="chat.postMessage", json={"text": "x"})["error"]
        == "channel_not_found"
    )


def test_refuses_post_without_content_with_no_text(client: WebClient) -> None:
    with pytest.warns(UserWarning):
        assert refusal(client.chat_postMessage, channel="C1")["error"] == "no_text"


def test_refuses_blocks_without_text_in_strict_mode(client: WebClient) -> None:
    with pytest.warns(UserWarning):
        data = refusal(client.chat_postMessage, channel="C1", blocks=TEXT_BLOCK)
    assert data["error"] == "no_text"
    assert "strict mode" in data["response_metadata"]["messages"][0]


def test_refuses_invalid_blocks_naming_the_rule(client: WebClient) -> None:
    data = refusal(
        client.chat_postMessage, channel="C1", text="t", blocks=[{"type": "divider"}] * 51
    )
    assert data["error"] == "invalid_blocks"
    assert data["response_metadata"]["messages"] == [
        "[ERROR] must be less than 51 items [json-pointer:/blocks]"
    ]


def test_refuses_unparseable_blocks_with_invalid_blocks_format(client: WebClient) -> None:
    data = refusal(
        client.api_call,
        api_method="chat.postMessage",
        params={"channel": "C1", "text": "t", "blocks": "[{"},
    )
    assert data["error"] == "invalid_blocks_format"


def test_refuses_unknown_channel_with_channel_not_found(client: WebClient) -> None:
    assert refusal(client.chat_postMessage, channel="C404", text="x")["error"] == (
        "channel_not_found"
    )


def test_refuses_private_channel_without_bot_with_channel_not_found(client: WebClient) -> None:
    assert refusal(client.chat_postMessage, channel="G1", text="x")["error"] == (
        "channel_not_found"
    )


def test_refuses_archived_channel_with_is_archived(client: WebClient) -> None:
    assert refusal(client.chat_postMessage, channel="C3", text="x")["error"] == "is_archived"


def test_refuses_public_channel_without_bot_with_not_in_channel(
    client: WebClient, emulator: SlackEmulator
) -> None:
    assert refusal(client.chat_postMessage, channel="C2", text="x")["error"] == "not_in_channel"
    emulator.bot_in_channel("C2")
    client.chat_postMessage(channel="C2", text="x")
    emulator.bot_in_channel("C2", member=False)
    assert refusal(client.chat_postMessage, channel="C2", text="x")["error"] == "not_in_channel"


def test_refuses_dm_to_deactivated_user_with_user_disabled(client: WebClient) -> None:
    assert refusal(client.chat_postMessage, channel="U3", text="x")["error"] == "user_disabled"


def test_refuses_dm_to_bot_with_cannot_dm_bot(client: WebClient) -> None:
    assert refusal(client.chat_postMessage, channel="U4", text="x")["error"] == "cannot_dm_bot"


def test_refuses_dm_to_unknown_user_with_channel_not_found(client: WebClient) -> None:
    assert refusal(client.chat_postMessage, channel="U404", text="x")["error"] == (
        "channel_not_found"
    )


def test_refuses_bad_metadata_with_invalid_metadata_format(client: WebClient) -> None:
    data = refusal(client.chat_postMessage, channel="C1", text="x", metadata={"event_payload": {}})
    assert data["error"] == "invalid_metadata_format"


def test_refuses_over_100_attachments_with_too_many_attachments(client: WebClient) -> None:
    attachments = [{"text": "a", "fallback": "a"}] * 101
    data = refusal(client.chat_postMessage, channel="C1", text="x", attachments=attachments)
    assert data["error"] == "too_many_attachments"


def test_post_ephemeral(client: WebClient, emulator: SlackEmulator) -> None:
    response = client.chat_postEphemeral(
        channel="C1", user="U2", text="Only you", blocks=TEXT_BLOCK
    )
    assert response["message_ts"]
    assert emulator.ephemerals == [
        {
            "channel": "C1",
            "user": "U2",
            "text": "Only you",
            "blocks": TEXT_BLOCK,
            "thread_ts": None,
            "message_ts": response["message_ts"],
        }
    ]
    dm = client.conversations_open(users="U1")["channel"]["id"]
    client.chat_postEphemeral(channel=dm, user="U1", text="In the DM")


def test_refuses_ephemeral_to_non_member_with_user_not_in_channel(client: WebClient) -> None:
    assert refusal(client.chat_postEphemeral, channel="C1", user="U3", text="x")["error"] == (
        "user_not_in_channel"
    )


def test_refuses_ephemeral_without_user_with_user_not_in_channel(client: WebClient) -> None:
    data = refusal(
        client.api_call, api_method="chat.postEphemeral", json={"channel": "C1", "text": "x"}
    )
    assert data["error"] == "user_not_in_channel"


def test_update_and_delete(client: WebClient, emulator: SlackEmulator) -> None:
    posted = client.chat_postMessage(channel="C1", text="v1", blocks=TEXT_BLOCK)
    updated = client.chat_update(channel="C1", ts=posted["ts"], text="v2")
    assert updated["ts"] == posted["ts"]
    assert updated["message"]["text"] == "v2"
    assert emulator.messages["C1"][0]["blocks"] == TEXT_BLOCK
    assert "edited" in emulator.messages["C1"][0]
    client.chat_delete(channel="C1", ts=posted["ts"])
    assert emulator.messages["C1"] == []


def test_refuses_update_of_unknown_ts_with_message_not_found(client: WebClient) -> None:
    assert refusal(client.chat_update, channel="C1", ts="1.000001", text="x")["error"] == (
        "message_not_found"
    )


def test_refuses_update_without_ts_with_message_not_found(client: WebClient) -> None:
    data = refusal(client.api_call, api_method="chat.update", json={"channel": "C1", "text": "x"})
    assert data["error"] == "message_not_found"


def test_refuses_update_of_persons_message_with_cant_update_message(
    client: WebClient, emulator: SlackEmulator
) -> None:
    ts = emulator.add_message("C1", user="U1", text="mine")
    assert refusal(client.chat_update, channel="C1", ts=ts, text="x")["error"] == (
        "cant_update_message"
    )


def test_refuses_update_with_blocks_only_in_strict_mode(client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="v1")["ts"]
    with pytest.warns(UserWarning):
        data = refusal(client.chat_update, channel="C1", ts=ts, blocks=TEXT_BLOCK)
    assert data["error"] == "no_text"


def test_refuses_delete_of_persons_message_with_cant_delete_message(
    client: WebClient, emulator: SlackEmulator
) -> None:
    ts = emulator.add_message("C1", user="U1", text="mine")
    assert refusal(client.chat_delete, channel="C1", ts=ts)["error"] == "cant_delete_message"


def test_refuses_delete_of_unknown_ts_with_message_not_found(client: WebClient) -> None:
    assert refusal(client.chat_delete, channel="C1", ts="1.000001")["error"] == (
        "message_not_found"
    )
