"""The Slack emulator, driven through slack_sdk's real WebClient (and raw HTTP where needed)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from playground.slack_emulator import SlackEmulator
from playground.web_api_methods import WEB_API_METHODS

TEXT_BLOCK = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# Scopes beyond the manifest's, for emulator behaviours the app itself never calls on
# (public channel history, group DM members, team.info); tests/playground/test_emulator_scopes.py
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


@pytest.fixture
def emulator() -> Iterator[SlackEmulator]:
    with seed(SlackEmulator()) as emu:
        yield emu


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timed(clock: FakeClock) -> Iterator[SlackEmulator]:
    """An emulator on a fake monotonic clock."""
    with seed(SlackEmulator(clock=clock)) as emu:
        yield emu


@pytest.fixture
def client(emulator: SlackEmulator) -> WebClient:
    return WebClient(token=emulator.token, base_url=emulator.api_url)


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


# --- plumbing ---------------------------------------------------------------------------------


def test_api_url_and_lifecycle() -> None:
    emu = SlackEmulator()
    with pytest.raises(RuntimeError):
        _ = emu.api_url
    with emu:
        assert emu.api_url.startswith("http://127.0.0.1:")
        assert emu.api_url.endswith("/api/")
    with pytest.raises(RuntimeError):
        _ = emu.api_url


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


def test_form_json_and_query_args_are_all_decoded(emulator: SlackEmulator) -> None:
    auth = {"Authorization": f"Bearer {emulator.token}"}
    form = urlencode({"channel": "C1", "text": "form", "blocks": json.dumps(TEXT_BLOCK)})
    status, body, _ = raw(
        emulator.api_url + "chat.postMessage",
        form.encode(),
        {**auth, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and body["ok"], body
    call = emulator.calls_to("chat.postMessage")[-1]
    assert call.args["blocks"] == TEXT_BLOCK
    assert call.raw_args["blocks"] == json.dumps(TEXT_BLOCK)
    status, body, _ = raw(
        emulator.api_url + "chat.postMessage?channel=C1",
        json.dumps({"text": "json", "token": emulator.token}).encode(),
        {"Content-Type": "application/json"},
    )
    assert body["ok"], body
    assert [m["text"] for m in emulator.messages["C1"]] == ["form", "json"]


def test_every_known_method_answers(emulator: SlackEmulator) -> None:
    for name in WEB_API_METHODS:
        if name == "apps.uninstall":
            continue
        status, body, _ = raw(
            emulator.api_url + name, b"", {"Authorization": f"Bearer {emulator.token}"}
        )
        assert status == 200, name
        assert "ok" in body, name


# --- refusals: transport and auth ---------------------------------------------------------


def test_refuses_unknown_method_with_404(emulator: SlackEmulator) -> None:
    status, body, _ = raw(emulator.api_url + "chat.postMessageX", b"")
    assert (status, body) == (404, {"ok": False, "error": "unknown_method"})
    assert emulator.calls[-1].method == "chat.postMessageX"
    assert not emulator.calls[-1].ok


def test_refuses_missing_token_with_not_authed(emulator: SlackEmulator) -> None:
    status, body, _ = raw(emulator.api_url + "auth.test", b"")
    assert status == 200
    assert body["error"] == "not_authed"


def test_refuses_wrong_token_with_invalid_auth(emulator: SlackEmulator) -> None:
    wrong = WebClient(token="xoxb-wrong", base_url=emulator.api_url)
    assert refusal(wrong.auth_test)["error"] == "invalid_auth"


def test_refuses_after_uninstall_with_token_revoked(client: WebClient) -> None:
    client.api_call("apps.uninstall")
    assert refusal(client.auth_test)["error"] == "token_revoked"


def test_refuses_broken_json_body_with_invalid_json(emulator: SlackEmulator) -> None:
    headers = {"Authorization": f"Bearer {emulator.token}", "Content-Type": "application/json"}
    _, body, _ = raw(emulator.api_url + "auth.test", b"{nope", headers)
    assert body["error"] == "invalid_json"


def test_refuses_json_array_body_with_json_not_object(emulator: SlackEmulator) -> None:
    headers = {"Authorization": f"Bearer {emulator.token}", "Content-Type": "application/json"}
    _, body, _ = raw(emulator.api_url + "auth.test", b"[1]", headers)
    assert body["error"] == "json_not_object"


# --- chat.postMessage ---------------------------------------------------------------------


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


# --- chat.postEphemeral / update / delete -------------------------------------------------


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


# --- conversations ------------------------------------------------------------------------


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


# --- users and team -----------------------------------------------------------------------


def test_users_info(client: WebClient, emulator: SlackEmulator) -> None:
    ada = client.users_info(user="U1")["user"]
    assert ada["real_name"] == "Ada Lovelace"
    assert ada["tz"] == "America/New_York"
    assert ada["tz_offset"] in (-18000, -14400)
    assert ada["profile"]["email"] == "ada@example.com"
    gone = client.users_info(user="U3")["user"]
    assert gone["deleted"] is True
    emulator.set_user("U1", tz="Asia/Kolkata", title="Staff Engineer")
    changed = client.users_info(user="U1")["user"]
    assert changed["tz_offset"] == 19800
    assert changed["profile"]["title"] == "Staff Engineer"


def test_refuses_unknown_user_with_user_not_found(client: WebClient) -> None:
    assert refusal(client.users_info, user="U404")["error"] == "user_not_found"


def test_refuses_users_info_without_user_with_user_not_found(client: WebClient) -> None:
    assert refusal(client.api_call, api_method="users.info")["error"] == "user_not_found"


def test_users_list_pages(client: WebClient) -> None:
    ids: list[str] = []
    cursor = ""
    while True:
        page = client.users_list(limit=2, cursor=cursor)
        ids += [m["id"] for m in page["members"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert ids == ["U0BOT", "U1", "U2", "U3", "U4"]


def test_team_info(client: WebClient) -> None:
    team = client.team_info()["team"]
    assert team["id"] == "T0EMULATOR"
    assert team["domain"]


def test_refuses_other_team_with_team_not_found(client: WebClient) -> None:
    assert refusal(client.team_info, team="T999")["error"] == "team_not_found"


# --- views --------------------------------------------------------------------------------


def test_views_open_push_update(client: WebClient, emulator: SlackEmulator) -> None:
    opened = client.views_open(
        trigger_id=emulator.new_trigger_id(), view=modal(external_id="goal-1", callback_id="goal")
    )["view"]
    assert opened["id"].startswith("V")
    assert opened["hash"]
    assert opened["callback_id"] == "goal"
    assert emulator.views[opened["id"]]["title"]["text"] == "Set a goal"
    pushed = client.views_push(trigger_id=emulator.new_trigger_id(), view=modal("Step 2"))["view"]
    assert pushed["id"] != opened["id"]
    updated = client.views_update(
        view_id=opened["id"], hash=opened["hash"], view=modal("Saved", external_id="goal-1")
    )
    assert updated["view"]["id"] == opened["id"]
    assert updated["view"]["hash"] != opened["hash"]
    by_external = client.views_update(
        external_id="goal-1", view=modal("Again", external_id="goal-1")
    )
    assert by_external["view"]["id"] == opened["id"]
    assert emulator.views[opened["id"]]["title"]["text"] == "Again"


def test_a_view_belongs_to_the_workspace_whose_token_opened_it(emulator: SlackEmulator) -> None:
    emulator.add_workspace("TB", token="xoxb-team-b")
    other = WebClient(token="xoxb-team-b", base_url=emulator.api_url)
    opened = other.views_open(trigger_id=emulator.new_trigger_id(), view=modal())["view"]
    assert (opened["team_id"], opened["app_installed_team_id"]) == ("TB", "TB")
    assert emulator.calls_to("views.open")[-1].team_id == "TB"


def test_views_publish(client: WebClient, emulator: SlackEmulator) -> None:
    first = client.views_publish(user_id="U1", view=HOME)["view"]
    second = client.views_publish(user_id="U1", view=HOME, hash=first["hash"])["view"]
    assert first["id"] == second["id"]
    assert emulator.home_views["U1"]["blocks"] == TEXT_BLOCK
    assert emulator.views == {}


def test_refuses_views_open_without_view_with_invalid_arguments(
    client: WebClient, emulator: SlackEmulator
) -> None:
    data = refusal(
        client.api_call,
        api_method="views.open",
        json={"trigger_id": emulator.new_trigger_id()},
    )
    assert data["error"] == "invalid_arguments"
    assert "missing required field: view" in data["response_metadata"]["messages"][0]


def test_refuses_invalid_modal_with_invalid_arguments(
    client: WebClient, emulator: SlackEmulator
) -> None:
    trigger = emulator.new_trigger_id()
    data = refusal(client.views_open, trigger_id=trigger, view=modal("x" * 25))
    assert data["error"] == "invalid_arguments"
    assert data["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]
    client.views_open(trigger_id=trigger, view=modal())  # the refusal did not spend the trigger


def test_refuses_unknown_trigger_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.views_open, trigger_id="123.456.abc", view=modal())
    assert data["error"] == "invalid_arguments"
    assert "trigger_id" in data["response_metadata"]["messages"][0]


def test_refuses_expired_trigger_with_expired_trigger_id(
    timed: SlackEmulator, clock: FakeClock
) -> None:
    client = WebClient(token=timed.token, base_url=timed.api_url)
    fresh, stale = timed.new_trigger_id(), timed.new_trigger_id()
    clock.now += 2.9
    client.views_open(trigger_id=fresh, view=modal())
    clock.now += 0.2
    assert refusal(client.views_open, trigger_id=stale, view=modal())["error"] == (
        "expired_trigger_id"
    )


def test_refuses_reused_trigger_with_exchanged_trigger_id(
    client: WebClient, emulator: SlackEmulator
) -> None:
    trigger = emulator.new_trigger_id()
    client.views_open(trigger_id=trigger, view=modal())
    assert refusal(client.views_push, trigger_id=trigger, view=modal())["error"] == (
        "exchanged_trigger_id"
    )


def test_refuses_duplicate_external_id_with_duplicate_external_id(
    client: WebClient, emulator: SlackEmulator
) -> None:
    client.views_open(trigger_id=emulator.new_trigger_id(), view=modal(external_id="x"))
    data = refusal(
        client.views_open, trigger_id=emulator.new_trigger_id(), view=modal(external_id="x")
    )
    assert data["error"] == "duplicate_external_id"


def test_refuses_update_with_stale_hash_with_hash_conflict(
    client: WebClient, emulator: SlackEmulator
) -> None:
    opened = client.views_open(trigger_id=emulator.new_trigger_id(), view=modal())["view"]
    client.views_update(view_id=opened["id"], view=modal("Newer"))
    data = refusal(client.views_update, view_id=opened["id"], hash=opened["hash"], view=modal())
    assert data["error"] == "hash_conflict"


def test_refuses_update_of_unknown_view_with_not_found(client: WebClient) -> None:
    assert refusal(client.views_update, view_id="V404", view=modal())["error"] == "not_found"


def test_refuses_update_without_view_reference_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.api_call, api_method="views.update", json={"view": modal()})
    assert data["error"] == "invalid_arguments"


def test_refuses_publish_for_unknown_user_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.views_publish, user_id="U404", view=HOME)
    assert data["error"] == "invalid_arguments"
    assert "user_id" in data["response_metadata"]["messages"][0]


def test_refuses_publish_of_a_modal_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.views_publish, user_id="U1", view=modal())
    assert data["error"] == "invalid_arguments"
    assert "must be one of home" in data["response_metadata"]["messages"][0]


def test_refuses_publish_with_stale_hash_with_hash_conflict(client: WebClient) -> None:
    first = client.views_publish(user_id="U1", view=HOME)["view"]
    client.views_publish(user_id="U1", view=HOME)
    assert (
        refusal(client.views_publish, user_id="U1", view=HOME, hash=first["hash"])["error"]
        == "hash_conflict"
    )


# --- files --------------------------------------------------------------------------------


def test_files_upload_v2_round_trip(client: WebClient, emulator: SlackEmulator) -> None:
    response = client.files_upload_v2(
        channel="C1",
        content="week,goal\n1,ship\n",
        filename="goals.csv",
        title="Goals",
        initial_comment="Your export",
    )
    file_id = response["file"]["id"]
    assert file_id.startswith("F")
    assert emulator.files == [
        {
            "id": file_id,
            "channel_id": "C1",
            "title": "Goals",
            "filename": "goals.csv",
            "content": b"week,goal\n1,ship\n",
            "initial_comment": "Your export",
        }
    ]
    assert emulator.messages["C1"][-1]["subtype"] == "file_share"
    methods = [c.method for c in emulator.calls]
    assert methods == ["files.getUploadURLExternal", "upload_url", "files.completeUploadExternal"]


def test_upload_url_accepts_multipart(client: WebClient, emulator: SlackEmulator) -> None:
    got = client.files_getUploadURLExternal(filename="a.txt", length=5)
    boundary = "XyZ"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    request = Request(
        got["upload_url"],
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with urlopen(request, timeout=5) as response:
        assert response.status == 200
    client.files_completeUploadExternal(files=[{"id": got["file_id"], "title": "A"}])
    assert emulator.files[0]["content"] == b"hello"
    assert emulator.files[0]["channel_id"] is None


def test_refuses_upload_url_without_length_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(
        client.api_call, api_method="files.getUploadURLExternal", params={"filename": "a.txt"}
    )
    assert data["error"] == "invalid_arguments"


def test_refuses_non_numeric_length_with_invalid_arguments(client: WebClient) -> None:
    data = refusal(client.files_getUploadURLExternal, filename="a.txt", length="many")
    assert data["error"] == "invalid_arguments"


def test_refuses_completing_unuploaded_file_with_file_not_found(client: WebClient) -> None:
    got = client.files_getUploadURLExternal(filename="a.txt", length=5)
    data = refusal(client.files_completeUploadExternal, files=[{"id": got["file_id"]}])
    assert data["error"] == "file_not_found"


def test_refuses_sharing_file_where_bot_is_absent_with_not_in_channel(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as caught:
        client.files_upload_v2(channel="C2", content="x", filename="x.txt")
    assert caught.value.response["error"] == "not_in_channel"


# --- response_url -------------------------------------------------------------------------


def test_response_url_records_respond_posts(emulator: SlackEmulator) -> None:
    url = emulator.response_url("cmd-1")
    webhook = WebhookClient(url)
    response = webhook.send(
        text="Saved", blocks=TEXT_BLOCK, response_type="ephemeral", replace_original=True
    )
    assert response.status_code == 200
    assert webhook.send_dict({"delete_original": True}).status_code == 200
    calls = emulator.calls_to("response_url")
    assert [c.ok for c in calls] == [True, True]
    assert calls[0].args["key"] == "cmd-1"
    assert calls[0].args["blocks"] == TEXT_BLOCK
    assert calls[0].args["replace_original"] is True
    assert emulator.response_url() != emulator.response_url()


def test_refuses_response_url_blocks_without_text_with_no_text(emulator: SlackEmulator) -> None:
    status, body, _ = raw(
        emulator.response_url(),
        json.dumps({"blocks": TEXT_BLOCK}).encode(),
        {"Content-Type": "application/json"},
    )
    assert (status, body["error"]) == (200, "no_text")


def test_refuses_response_url_invalid_blocks_with_invalid_blocks(emulator: SlackEmulator) -> None:
    _, body, _ = raw(
        emulator.response_url(),
        json.dumps({"text": "t", "blocks": [{"type": "nope"}]}).encode(),
        {"Content-Type": "application/json"},
    )
    assert body["error"] == "invalid_blocks"


def test_refuses_response_url_bad_response_type_with_invalid_arguments(
    emulator: SlackEmulator,
) -> None:
    _, body, _ = raw(
        emulator.response_url(),
        json.dumps({"text": "t", "response_type": "loud"}).encode(),
        {"Content-Type": "application/json"},
    )
    assert body["error"] == "invalid_arguments"


# --- failure injection and rate limits ----------------------------------------------------


def test_fail_next_429_is_retried_by_slack_sdk(emulator: SlackEmulator) -> None:
    client = WebClient(
        token=emulator.token,
        base_url=emulator.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    emulator.fail_next(method="chat.postMessage", retry_after=0)
    client.chat_postMessage(channel="C1", text="eventually")
    statuses = [c.status for c in emulator.calls_to("chat.postMessage")]
    assert statuses == [429, 200]
    assert len(emulator.messages["C1"]) == 1


def test_fail_next_429_carries_retry_after(client: WebClient, emulator: SlackEmulator) -> None:
    emulator.fail_next(retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        client.auth_test()
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "7"
    assert caught.value.response["error"] == "ratelimited"
    client.auth_test()


def test_fail_next_5xx(client: WebClient, emulator: SlackEmulator) -> None:
    emulator.fail_next(2, status=503)
    for _ in range(2):
        with pytest.raises(SlackApiError) as caught:
            client.users_info(user="U1")
        assert caught.value.response.status_code == 503
    assert client.users_info(user="U1")["ok"]


def test_fail_next_after_some_calls_succeed(client: WebClient, emulator: SlackEmulator) -> None:
    emulator.add_channel("CBIG", name="big", members=[f"U{i:05d}" for i in range(250)])
    emulator.fail_next(
        method="conversations.members", status=200, error="fetch_members_failed", after=1
    )
    first = client.conversations_members(channel="CBIG", limit=100)
    assert len(first["members"]) == 100
    cursor = first["response_metadata"]["next_cursor"]
    assert refusal(client.conversations_members, channel="CBIG", cursor=cursor)["error"] == (
        "fetch_members_failed"
    )
    assert client.conversations_members(channel="CBIG", cursor=cursor)["ok"]


def test_fail_next_with_error_code(client: WebClient, emulator: SlackEmulator) -> None:
    emulator.fail_next(method="chat.postMessage", status=200, error="channel_not_found")
    client.auth_test()  # other methods are untouched
    assert refusal(client.chat_postMessage, channel="C1", text="x")["error"] == (
        "channel_not_found"
    )
    client.chat_postMessage(channel="C1", text="x")


def test_fail_next_response_url(emulator: SlackEmulator) -> None:
    emulator.fail_next(method="response_url", status=500)
    assert WebhookClient(emulator.response_url()).send(text="x").status_code == 500


def test_set_rate_limit(timed: SlackEmulator, clock: FakeClock) -> None:
    client = WebClient(token=timed.token, base_url=timed.api_url)
    timed.set_rate_limit("users.info", per_second=2)
    client.users_info(user="U1")
    client.users_info(user="U1")
    with pytest.raises(SlackApiError) as caught:
        client.users_info(user="U1")
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "1"
    client.auth_test()  # other methods are not limited
    clock.now += 0.5
    client.users_info(user="U1")
    timed.set_rate_limit("users.list", per_second=0.1)
    client.users_list()
    with pytest.raises(SlackApiError) as slow:
        client.users_list()
    assert slow.value.response.headers["Retry-After"] == "10"


def test_calls_can_be_reset(client: WebClient, emulator: SlackEmulator) -> None:
    client.auth_test()
    emulator.reset_calls()
    assert emulator.calls == []


def test_concurrent_calls_are_all_recorded(emulator: SlackEmulator) -> None:
    emulator.set_rate_tiers(False)  # 20 posts into one channel at once: Slack's limit would bite
    client = WebClient(token=emulator.token, base_url=emulator.api_url)
    threads = [
        threading.Thread(target=client.chat_postMessage, kwargs={"channel": "C1", "text": str(i)})
        for i in range(20)
    ]
    started = time.monotonic()  # wall-clock-ok: a loose bound on the test's own duration
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started < 5
    assert len(emulator.ok_calls_to("chat.postMessage")) == 20
    assert len({m["ts"] for m in emulator.messages["C1"]}) == 20


def test_fail_randomly_answers_a_seeded_share_with_429_and_500(emulator: SlackEmulator) -> None:
    raw = WebClient(token=emulator.token, base_url=emulator.api_url)  # no retry handlers
    emulator.set_rate_tiers(False)  # only the injected failures, not the per-channel limit
    emulator.fail_randomly("chat.postMessage", rate_429=0.2, rate_500=0.1, seed=3)

    def statuses() -> list[int]:
        emulator.reset_calls()
        for _ in range(400):
            try:
                raw.chat_postMessage(channel="C1", text="hi")
            except SlackApiError:
                pass
        return [call.status for call in emulator.calls_to("chat.postMessage")]

    first = statuses()
    assert 50 <= first.count(429) <= 110 and 20 <= first.count(500) <= 60
    assert first.count(200) == 400 - first.count(429) - first.count(500)
    limited = next(c for c in emulator.calls_to("chat.postMessage") if c.status == 429)
    assert limited.response["error"] == "ratelimited"
    emulator.fail_randomly("chat.postMessage", rate_429=0.2, rate_500=0.1, seed=3)
    assert statuses() == first  # the same seed fails the same calls
    raw.users_info(user="U1")  # other methods are untouched
    emulator.fail_randomly("chat.postMessage")
    assert set(statuses()) == {200}
    with pytest.raises(ValueError, match="add up"):
        emulator.fail_randomly("chat.postMessage", rate_429=0.7, rate_500=0.5)
