"""How a pass sends: a 429 or 5xx sends its delivery to an in-pass retry queue instead of putting
a sender to sleep, a run of 429s pauses every sender, and a resend after a 5xx looks first."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.web import SlackResponse

from bot.scheduler import retries
from bot.scheduler.gate import GATE_AFTER_429S, SendGate
from handlers.slack.team_clients import without_sleeping_retries
from playground.harness import Harness
from tests.scheduler.helpers import harness_pair, posted

WED = datetime(2026, 12, 2, 9, tzinfo=UTC)


def slack_error(status: int, headers: dict[str, Any] | None = None) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="https://slack.com/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": "ratelimited" if status == 429 else "internal_error"},
        headers=headers or {},
        status_code=status,
    )
    return SlackApiError("injected", response)


def three_pairs(harness: Harness) -> None:
    for n in range(3):
        harness_pair(harness, mentor=f"UMENTOR{n}", mentee=f"UMENTEE{n}")


def test_a_rate_limited_send_does_not_hold_up_the_others(harness: Harness) -> None:
    three_pairs(harness)
    harness.emulator.fail_next(1, method="chat.postMessage", status=429, retry_after=1)
    report = harness.tick(WED)
    calls = harness.emulator.calls_to("chat.postMessage")
    first, *others, last = calls
    assert first.status == 429 and last.status == 200
    assert [c.status for c in others] == [200] * len(others) and others
    # The rate-limited delivery went again last, after its Retry-After, while the rest went on.
    assert last.args["metadata"] == first.args["metadata"]
    assert len(report.sent) == len(posted(harness)) == len({d for _, _, d in posted(harness)})


def test_a_resend_after_a_server_error_looks_in_the_channel_first(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.fail_next(1, method="chat.postMessage", status=500)
    report = harness.tick(WED)
    assert [c.status for c in harness.emulator.calls_to("chat.postMessage")] == [500, 200]
    assert len(harness.emulator.calls_to("conversations.history")) == 1
    assert len(report.sent) == 1 and report.failed == 0


def test_a_resend_after_a_rate_limit_does_not_look(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.fail_next(1, method="chat.postMessage", status=429, retry_after=0)
    harness.tick(WED)
    assert [c.status for c in harness.emulator.calls_to("chat.postMessage")] == [429, 200]
    assert harness.emulator.calls_to("conversations.history") == []


def test_a_post_that_went_through_despite_a_5xx_is_not_sent_again(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness_pair(harness)
    real_post = harness.app.client.chat_postMessage

    def posts_then_fails(**kwargs: Any) -> Any:
        real_post(**kwargs)
        raise slack_error(503)

    monkeypatch.setattr(harness.app.client, "chat_postMessage", posts_then_fails)
    report = harness.tick(WED)
    assert len(posted(harness)) == 1  # called once: the look found the first post
    assert len(report.sent) == 1 and report.failed == 0


def test_the_pass_client_keeps_only_the_retries_that_do_not_sleep_on_slack() -> None:
    client = WebClient(
        token="xoxb-test",
        retry_handlers=[
            RateLimitErrorRetryHandler(),
            ConnectionErrorRetryHandler(),
            ServerErrorRetryHandler(),
        ],
    )
    quick = without_sleeping_retries(client)
    assert [type(h) for h in quick.retry_handlers] == [ConnectionErrorRetryHandler]
    assert len(client.retry_handlers) == 3 and quick.token == client.token


def attempt(**kw: Any) -> retries.Attempt:
    return retries.Attempt(delivery_id=7, claimed_at=time.monotonic(), **kw)


def test_a_429_waits_its_retry_after_and_counts_against_its_own_budget() -> None:
    before = time.monotonic()
    retry = retries.retry_later(attempt(), slack_error(429, {"Retry-After": ["2"]}), None)
    assert retry is not None and retry.rate_limited == 1 and retry.server_errors == 0
    assert before + 2 <= retry.not_before <= time.monotonic() + 2 + retries.RETRY_JITTER
    used_up = attempt(rate_limited=retries.RATE_LIMIT_RETRIES)
    assert retries.retry_later(used_up, slack_error(429), None) is None


def test_a_5xx_backs_off_briefly_and_doubles() -> None:
    first = retries.retry_later(attempt(), slack_error(500), None)
    second = retries.retry_later(attempt(server_errors=1), slack_error(502), None)
    assert first is not None and second is not None and second.server_errors == 2
    assert first.may_have_posted and second.may_have_posted
    now = time.monotonic()
    assert first.not_before - now <= retries.SERVER_ERROR_BACKOFF + retries.RETRY_JITTER
    assert second.not_before - now >= 2 * retries.SERVER_ERROR_BACKOFF - 0.05
    used_up = attempt(server_errors=retries.SERVER_ERROR_RETRIES)
    assert retries.retry_later(used_up, slack_error(500), None) is None


def test_other_errors_and_waits_past_the_lease_are_not_retried_in_the_pass() -> None:
    assert retries.retry_later(attempt(), slack_error(400), None) is None
    long_wait = slack_error(429, {"Retry-After": str(retries.IN_PASS_RETRY_WINDOW.total_seconds())})
    assert retries.retry_later(attempt(), long_wait, None) is None


def test_the_gate_closes_for_everyone_only_after_429s_in_a_row() -> None:
    gate = SendGate()
    for _ in range(GATE_AFTER_429S - 1):
        gate.rate_limited(0.3)
    gate.passed()  # a success in between: that was a busy moment, not the limit
    gate.rate_limited(0.3)
    started = time.monotonic()
    gate.wait()
    assert time.monotonic() - started < 0.1
    for _ in range(GATE_AFTER_429S - 1):
        gate.rate_limited(0.3)
    started = time.monotonic()
    gate.wait()
    assert 0.25 <= time.monotonic() - started < 1.0


def test_a_busy_look_before_a_resend_is_retried_not_skipped(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.fail_next(1, method="chat.postMessage", status=500)
    harness.emulator.fail_next(1, method="conversations.history", status=429, retry_after=0)
    report = harness.tick(WED)
    history = [c.status for c in harness.emulator.calls_to("conversations.history")]
    assert history == [429, 200]  # looked again before resending, not blind
    assert [c.status for c in harness.emulator.calls_to("chat.postMessage")] == [500, 200]
    assert len(report.sent) == 1 and len(posted(harness)) == 1


def test_a_retried_message_keeps_its_place_before_the_same_persons_next(
    harness: Harness,
) -> None:
    from tests.scheduler.test_review_fixes import MON, TUE, two_mentees

    two_mentees(harness)
    harness.tick(MON)
    before = len(harness.emulator.calls_to("chat.postMessage"))
    # The first prompt of the mentor's two is rate limited: the second waits for its resend.
    harness.emulator.fail_next(1, method="chat.postMessage", status=429, retry_after=1)
    harness.tick(TUE)
    calls = harness.emulator.calls_to("chat.postMessage")[before:]
    prompts = [
        (c.status, c.args["metadata"]["event_payload"]["delivery_id"])
        for c in calls
        if (c.args.get("metadata") or {}).get("event_payload", {}).get("kind") == "meeting_prompt"
    ]
    first, second = sorted({d for _, d in prompts})
    assert prompts == [(429, first), (200, first), (200, second)]
