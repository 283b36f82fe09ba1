"""Failures and limits on demand: fail_next, fail_randomly, set_rate_limit."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.webhook import WebhookClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import FakeClock, refusal


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
