"""When the weekly digest is due, and the once-only claim on each week's post."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import weekly_moment
from bot.services import admin_settings
from bot.services.summaries import digests
from storage.engine import Database
from storage.repositories import people as people_repo
from storage.repositories import workspace_settings as settings_repo

# Monday 2026-11-30 is in ISO week 49; the digest is set for Monday 09:00 in New York (UTC-5).
MONDAY_0859_NY = datetime(2026, 11, 30, 13, 59, tzinfo=UTC)


def _configure(db: Database) -> None:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=MONDAY_0859_NY)
        actor = people_repo.add_person(
            session, team_id="T1", slack_user_id="U1", now=MONDAY_0859_NY
        )
        assert actor.id is not None
        admin_settings.set_digest(
            session,
            team_id="T1",
            channel_id="C1",
            weekday=0,
            minute=9 * 60,
            tz_name="America/New_York",
            actor_id=actor.id,
            now=MONDAY_0859_NY,
        )


def _due(db: Database, now: datetime) -> list[digests.DueDigest]:
    with db.begin() as session:
        return digests.due_digests(session, now=now)


def test_weekly_moment_in_the_admins_zone() -> None:
    assert weekly_moment(MONDAY_0859_NY, "America/New_York", weekday=0, minute=540) == datetime(
        2026, 11, 30, 14, 0, tzinfo=UTC
    )
    # On a Thursday, this week's Monday slot is in the past.
    thursday = MONDAY_0859_NY + timedelta(days=3)
    assert weekly_moment(thursday, "America/New_York", weekday=0, minute=540) < thursday


def test_due_at_the_local_time_once_a_week(db: Database) -> None:
    _configure(db)
    assert _due(db, MONDAY_0859_NY) == []
    at_nine = MONDAY_0859_NY + timedelta(minutes=1)
    [due] = _due(db, at_nine)
    assert (due.channel_id, due.post_key) == ("C1", "digest:2026-W49")
    with db.begin() as session:
        post_id = digests.claim(
            session, team_id="T1", channel_id="C1", post_key=due.post_key, now=at_nine
        )
        assert post_id is not None
        # A second process (or pass) cannot claim the same week.
        assert (
            digests.claim(
                session, team_id="T1", channel_id="C1", post_key=due.post_key, now=at_nine
            )
            is None
        )
        digests.mark_sent(session, post_id=post_id, message_ts="1.2", now=at_nine)
    assert _due(db, at_nine + timedelta(hours=3)) == []
    assert _due(db, at_nine + timedelta(days=4)) == []  # later the same week: still sent
    [next_week] = _due(db, at_nine + timedelta(days=7))
    assert next_week.post_key == "digest:2026-W50"


def test_a_late_pass_catches_up_the_same_week(db: Database) -> None:
    _configure(db)
    [due] = _due(db, MONDAY_0859_NY + timedelta(days=2))
    assert due.post_key == "digest:2026-W49"


def test_failures_retry_or_wait_for_next_week(db: Database) -> None:
    _configure(db)
    now = MONDAY_0859_NY + timedelta(minutes=5)
    with db.begin() as session:
        post_id = digests.claim(
            session, team_id="T1", channel_id="C1", post_key="digest:2026-W49", now=now
        )
        assert post_id is not None
        assert (
            digests.settle_failure(session, post_id=post_id, error="ratelimited", now=now) is False
        )
    # Not on every pass: the next try waits RETRY_AFTER, and only one process gets it.
    assert _due(db, now + timedelta(minutes=1)) == []
    retry = now + digests.RETRY_AFTER
    assert len(_due(db, retry)) == 1
    with db.begin() as session:
        post_id = digests.claim(
            session, team_id="T1", channel_id="C1", post_key="digest:2026-W49", now=retry
        )
        assert post_id is not None
        assert (
            digests.claim(
                session, team_id="T1", channel_id="C1", post_key="digest:2026-W49", now=retry
            )
            is None
        )
        assert (
            digests.settle_failure(session, post_id=post_id, error="not_in_channel", now=retry)
            is True
        )
    assert _due(db, retry + timedelta(hours=1)) == []


def test_a_late_digest_waits_for_the_send_window(db: Database) -> None:
    _configure(db)
    # Monday 18:30 and Saturday 03:00 in New York: outside the window, nothing goes.
    assert _due(db, datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == []
    assert _due(db, datetime(2026, 12, 5, 8, 0, tzinfo=UTC)) == []
    # Tuesday 08:00 in New York: the late digest of that week goes.
    [due] = _due(db, datetime(2026, 12, 1, 13, 0, tzinfo=UTC))
    assert due.post_key == "digest:2026-W49"


def test_a_digest_set_for_18_00_is_due_in_that_minute(db: Database) -> None:
    _configure(db)
    with db.begin() as session:
        settings = settings_repo.get_settings(session, team_id="T1")
        assert settings is not None
        settings.digest_minute = 18 * 60
        session.add(settings)
    six_pm = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert len(_due(db, six_pm + timedelta(seconds=30))) == 1
    assert _due(db, six_pm + timedelta(minutes=1)) == []


def test_a_crashed_send_is_taken_over_after_a_while(db: Database) -> None:
    _configure(db)
    now = MONDAY_0859_NY + timedelta(minutes=5)
    with db.begin() as session:
        assert digests.claim(session, team_id="T1", channel_id="C1", post_key="k", now=now)
    with db.begin() as session:
        assert digests.claim(session, team_id="T1", channel_id="C1", post_key="k", now=now) is None
        later = now + digests.STALE_CLAIM + timedelta(seconds=1)
        assert digests.claim(session, team_id="T1", channel_id="C1", post_key="k", now=later)


def test_digest_off_means_nothing_due(db: Database) -> None:
    _configure(db)
    with db.begin() as session:
        admin_settings.turn_digest_off(session, team_id="T1", actor_id=1, now=MONDAY_0859_NY)
    assert _due(db, MONDAY_0859_NY + timedelta(hours=1)) == []
