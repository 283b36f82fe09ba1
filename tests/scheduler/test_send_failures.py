"""When Slack fails a send: the person or group DM that cannot be reached is stopped, a 429
or 5xx is retried, and a send whose lease was lost is found by its metadata, not doubled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.scheduler import bookkeeping, claims
from playground.harness import Harness
from storage.models import (
    Delivery,
    Pair,
    ReminderPreference,
)
from tests.scheduler.helpers import (
    FRI,
    THU,
    WED,
    WEEK,
    harness_pair,
    kinds,
    posted,
)


@pytest.mark.parametrize(
    "error",
    ["user_not_found", "account_inactive", "channel_not_found", "cannot_dm_bot", "is_archived"],
)
def test_undeliverable_person_is_stopped_and_the_pass_goes_on(
    harness: Harness, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    harness_pair(harness)
    harness_pair(harness, mentor="UMENTOR2", mentee="UMENTEE2")
    harness.emulator.fail_next(1, method="chat.postMessage", status=200, error=error)
    report = harness.tick(WED)  # two nudges due; the first post fails
    assert report.failed == 0 and report.skipped == 1 and len(report.sent) == 1
    assert "stopping their deliveries" in caplog.text
    with harness.db.begin() as session:
        stopped = session.exec(
            select(ReminderPreference).where(ReminderPreference.kind == "*")
        ).one()
        assert stopped.stopped and stopped.reason == f"slack:{error}"
    gone = stopped.person_id
    for at in (WED + WEEK, FRI + WEEK):
        harness.tick(at)
    with harness.db.begin() as session:
        to_gone = session.exec(
            select(Delivery).where(Delivery.person_id == gone, Delivery.status == "sent")
        ).all()
    assert to_gone == []


def test_rate_limit_then_server_error_then_success_sends_once(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.fail_next(1, method="chat.postMessage", status=429, retry_after=1)
    harness.emulator.fail_next(1, method="chat.postMessage", status=500)
    report = harness.tick(WED)
    assert len(report.sent) == 1 and report.failed == 0
    attempts = harness.emulator.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 500, 200]
    assert len(posted(harness)) == 1


@pytest.mark.parametrize(("status", "tries"), [(500, 3), (429, 4)])
def test_exhausted_retries_leave_it_for_a_later_pass(
    harness: Harness, status: int, tries: int
) -> None:
    harness_pair(harness)
    harness_pair(harness, mentor="UMENTOR2", mentee="UMENTEE2")
    # The client tries each post `tries` times (429: three retries, 5xx: two): exhaust both.
    harness.emulator.fail_next(2 * tries, method="chat.postMessage", status=status, retry_after=0)
    report = harness.tick(WED)
    assert report.failed == 2 and report.sent == []  # both were tried; the pass finished
    assert harness.tick(WED + timedelta(minutes=5)).sent == []  # not before the retry time
    later = harness.tick(WED + timedelta(minutes=20))
    assert len(later.sent) == 2
    assert sorted(d for _, _, d in posted(harness)) == [2, 6]
    with harness.db.begin() as session:
        rows = session.exec(select(Delivery).where(Delivery.kind == "prepare")).all()
    assert [(r.status, r.attempts) for r in rows] == [("sent", 2), ("sent", 2)]


def test_a_lost_lease_is_resent_without_a_duplicate(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness_pair(harness)
    real_finish = bookkeeping.finish_sent

    def crash(*_a: Any, **_k: Any) -> bool:
        raise RuntimeError("process died after posting")

    monkeypatch.setattr(bookkeeping, "finish_sent", crash)
    harness.tick(WED)
    assert len(posted(harness)) == 1
    monkeypatch.setattr(bookkeeping, "finish_sent", real_finish)
    assert harness.tick(WED + timedelta(minutes=5)).sent == []  # the lease still holds
    report = harness.tick(WED + claims.LEASE + timedelta(minutes=1))
    assert len(report.sent) == 1
    assert len(posted(harness)) == 1  # found by its metadata, not posted again
    history = harness.emulator.calls_to("conversations.history")
    assert history and history[-1].args.get("include_all_metadata") in (True, "true", "1", 1)
    with harness.db.begin() as session:
        row = session.exec(select(Delivery).where(Delivery.kind == "prepare")).one()
        assert row.status == "sent" and row.attempts == 2


def test_an_archived_group_dm_skips_the_prompt_and_the_pass_goes_on(harness: Harness) -> None:
    pair = harness_pair(harness)
    harness.emulator.add_channel(
        "GOLD", name="mpdm-old", members=["UMENTOR", "UMENTEE", "U0BOT"], is_archived=True
    )
    with harness.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.group_channel_id = "GOLD"
        session.add(stored)
    for at in (datetime(2026, 12, 1, 9, tzinfo=UTC), WED):
        harness.tick(at)
    report = harness.tick(THU)
    assert report.skipped == 1 and report.failed == 0
    with harness.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.group_channel_id is None  # reopened next time
    before = len(posted(harness))
    for days in range(1, 8):  # passes run all the time; here, once a day
        harness.tick(THU + timedelta(days=days))
    prompts = [c for c, k in kinds(harness, before) if k == "meeting_prompt"]
    assert len(prompts) == 1 and prompts[0] != "GOLD"  # a fresh group DM
