"""users.info and users.list."""

from __future__ import annotations

from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import refusal


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
