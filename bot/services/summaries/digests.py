"""The weekly digest: which channels are due, and the once-only claim on each week's post.

The digest time is read in the zone of the admin who set it (stored with the setting as
`digest_tz`), so "monday 09:00" means what that admin meant. A pass that runs late (or after
downtime) still sends that week's digest, later the same ISO week but only inside the send
window (a weekday, 08:00-18:00 in that zone), never one for a past week. A send that failed for
a passing reason is tried again RETRY_AFTER later, not on every pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.clock import iso_week_key, local, weekly_moment
from bot.services import cadence
from storage.repositories import summary_posts as posts_repo
from storage.repositories import workspace_settings as settings_repo

DIGEST_PERIOD = "7d"
# A claim not marked sent after this long is a crashed send; the next pass takes it over.
STALE_CLAIM = timedelta(minutes=10)
# A send that failed for a passing reason (rate limit, Slack down) waits this long before the next.
RETRY_AFTER = timedelta(minutes=15)
# The admin may pick 18:00 itself, the window's last minute: that slot is due for one minute.
LAST_SLOT_GRACE = timedelta(minutes=1)
# Slack errors that will not go away by retrying this week: record them and wait for next week.
PERMANENT_ERRORS = frozenset(
    {"channel_not_found", "not_in_channel", "is_archived", "channel_is_archived", "not_member"}
)


@dataclass(frozen=True)
class DueDigest:
    team_id: str
    channel_id: str
    post_key: str
    tz_name: str


def digest_key(moment: datetime, tz_name: str) -> str:
    return "digest:" + iso_week_key(local(moment, tz_name).date())


def click_key(token: str) -> str:
    return "click:" + token[:48]


def due_digests(session: Session, *, now: datetime) -> list[DueDigest]:
    """Digests whose time this week has come and that were not sent (or given up) this week."""
    due: list[DueDigest] = []
    for settings in settings_repo.settings_with_digest(session):
        assert settings.digest_channel_id is not None
        slot = weekly_moment(
            now, settings.digest_tz, weekday=settings.digest_weekday, minute=settings.digest_minute
        )
        if not in_send_window(now, slot, settings.digest_tz):
            continue
        key = digest_key(now, settings.digest_tz)
        if _settled(session, settings.team_id, settings.digest_channel_id, key, now):
            continue
        due.append(DueDigest(settings.team_id, settings.digest_channel_id, key, settings.digest_tz))
    return due


def in_send_window(now: datetime, slot: datetime, tz_name: str) -> bool:
    """At or after this week's slot, and inside working hours in the digest's zone."""
    if now < slot:
        return False
    return cadence.is_send_moment(now, tz_name) or now < slot + LAST_SLOT_GRACE


def _settled(session: Session, team_id: str, channel_id: str, key: str, now: datetime) -> bool:
    post = posts_repo.post_by_key(session, team_id=team_id, channel_id=channel_id, post_key=key)
    if post is None:
        return False
    if post.state == "retry":
        return now - post.claimed_at < RETRY_AFTER
    return post.state != "claimed" or now - post.claimed_at < STALE_CLAIM


def claim(
    session: Session, *, team_id: str, channel_id: str, post_key: str, now: datetime
) -> int | None:
    """The id of our claim on this post, or None when it is (being) sent by someone else."""
    post = posts_repo.claim_post(
        session,
        team_id=team_id,
        channel_id=channel_id,
        post_key=post_key,
        now=now,
        stale_before=now - STALE_CLAIM,
        retry_before=now - RETRY_AFTER,
    )
    return post.id if post is not None else None


def mark_sent(session: Session, *, post_id: int, message_ts: str | None, now: datetime) -> None:
    post = posts_repo.get_post(session, post_id=post_id)
    if post is not None:
        post.state, post.sent_at, post.message_ts = "sent", now, message_ts
        session.add(post)


def release(session: Session, *, post_id: int) -> None:
    """Give a claim back (the send failed) so the next attempt can make it."""
    posts_repo.release_post(session, post_id=post_id)


def settle_failure(session: Session, *, post_id: int, error: str, now: datetime) -> bool:
    """Record a failed send. A permanent error closes this week (True); another one marks the
    post for a retry RETRY_AFTER from now (False), still claimed only once."""
    post = posts_repo.get_post(session, post_id=post_id)
    if post is None:
        return False
    final = error in PERMANENT_ERRORS
    post.state, post.error = ("failed" if final else "retry"), error[:255]
    post.claimed_at = now if not final else post.claimed_at
    session.add(post)
    return final
