"""The weekly digest: posted by the scheduler pass at the admin's local time, once a week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.scheduler import PassReport
from playground.harness import Harness
from storage.models import SummaryPost
from tests.services.summary_data import CHANNEL, DIVORCE, MEMBERS, build_workspace

OWNER = "UOWNER01"
# Tuesday 2026-12-01 (ISO week 49). The owner is in Europe/Paris (UTC+1 in winter).
TUESDAY_0929_PARIS = datetime(2026, 12, 1, 8, 29, tzinfo=UTC)


@pytest.fixture
def digest(harness: Harness) -> Harness:
    emulator = harness.emulator
    emulator.add_user(OWNER, name="olga", tz="Europe/Paris", is_owner=True)
    for uid in MEMBERS:
        emulator.add_user(uid, name=uid.lower(), tz="UTC")
    emulator.add_channel(CHANNEL, name="team", members=[*MEMBERS, OWNER, emulator.bot_user_id])
    with harness.db.begin() as session:
        build_workspace(session, emulator.team_id)
    harness.command(OWNER, "/mentor", "admin digest <#C1|team> tuesday 09:30")
    assert "Every Tuesday at 09:30" in harness.emulator.calls_to("response_url")[-1].args["text"]
    return harness


def posts(harness: Harness) -> list[str]:
    """Channel posts only: the same pass sends the sample pairs their scheduled (group) DMs."""
    return [
        c.args["channel"]
        for c in harness.emulator.ok_calls_to("chat.postMessage")
        if str(c.args["channel"])[:1] not in ("D", "G")
    ]


def digests(report: PassReport) -> list[str]:
    return [line for line in report.sent if line.startswith("weekly digest")]


def test_once_a_week_at_the_local_time(digest: Harness) -> None:
    assert digests(digest.tick(TUESDAY_0929_PARIS)) == []
    report = digest.tick(TUESDAY_0929_PARIS + timedelta(minutes=1))
    assert digests(report) == ["weekly digest to C1 (digest:2026-W49)"]
    assert posts(digest) == [CHANNEL]
    [post] = [
        c for c in digest.emulator.ok_calls_to("chat.postMessage") if c.args["channel"] == CHANNEL
    ]
    blocks = str(post.args["blocks"])
    assert "last 7 days" in blocks and "Weekly mentoring digest" in blocks
    assert "PRIVATE" not in str(post.args)
    assert DIVORCE not in str(post.args) and "SQL" not in blocks and "*Python*" in blocks
    # A second pass the same minute, later that day and later that week: nothing more.
    for later in (timedelta(minutes=1), timedelta(hours=5), timedelta(days=3)):
        assert digests(digest.tick(TUESDAY_0929_PARIS + later)) == []
    assert posts(digest) == [CHANNEL]
    # The next week: one more.
    next_week = TUESDAY_0929_PARIS + timedelta(days=7, minutes=1)
    assert digests(digest.tick(next_week)) == ["weekly digest to C1 (digest:2026-W50)"]
    digest.tick(next_week + timedelta(minutes=1))
    assert posts(digest) == [CHANNEL, CHANNEL]


def test_a_bot_removed_from_the_channel_waits_for_next_week(digest: Harness) -> None:
    digest.emulator.bot_in_channel(CHANNEL, member=False)
    report = digest.tick(TUESDAY_0929_PARIS + timedelta(minutes=5))
    assert digests(report) == [] and report.failed == 1
    assert digest.tick(TUESDAY_0929_PARIS + timedelta(minutes=6)).failed == 0  # not retried
    with digest.db.begin() as session:
        [record] = session.exec(select(SummaryPost)).all()
        assert (record.state, record.error) == ("failed", "not_in_channel")
    assert posts(digest) == []


def test_a_passing_failure_is_retried_after_a_backoff(digest: Harness) -> None:
    digest.emulator.fail_next(
        method="conversations.members", status=200, error="fetch_members_failed"
    )
    at = TUESDAY_0929_PARIS + timedelta(minutes=5)
    assert digest.tick(at).failed == 1
    assert posts(digest) == []
    assert digests(digest.tick(at + timedelta(minutes=1))) == []  # not every minute
    assert digests(digest.tick(at + timedelta(minutes=15))) == [
        "weekly digest to C1 (digest:2026-W49)"
    ]
    assert posts(digest) == [CHANNEL]
