"""What became of a claimed delivery, recorded on its row: sent, deferred, skipped, failed (to
be retried later), or undeliverable (the person, or the pair's group DM, cannot get messages)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.scheduler.plans import Verdict
from storage.models import Delivery, Pair, Person
from storage.models.deliveries import EVERY_KIND
from storage.repositories import deliveries as repo
from storage.repositories import delivery_claims as claims_repo

RETRY_AFTER_FAILURE = timedelta(minutes=15)
MAX_ATTEMPTS = 5
# Errors after which a person cannot get messages: stop their deliveries.
UNDELIVERABLE = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "channel_not_found",
        "cannot_dm_bot",
        "is_archived",
        "user_disabled",
        "not_in_channel",
    }
)


def apply_verdict(session: Session, row: Delivery, verdict: Verdict) -> None:
    """A claimed row that does not go now: pending again until `until`, or skipped for good."""
    if verdict.action == "defer" and verdict.until is not None:
        row.status, row.due_at = "pending", verdict.until
        row.attempts = max(0, row.attempts - 1)  # a deferral is not a failed try
    else:
        row.status = "skipped"
    row.claimed_until, row.claim_token, row.note = None, None, verdict.reason[:255]
    session.add(row)


def finish_sent(
    session: Session,
    *,
    delivery_id: int,
    token: str,
    channel_id: str,
    message_ts: str,
    now: datetime,
) -> bool:
    """Mark the delivery sent; False if another pass took it over meanwhile."""
    return claims_repo.finish_sent(
        session,
        delivery_id=delivery_id,
        token=token,
        sent_at=now,
        channel_id=channel_id,
        message_ts=message_ts,
    )


def finish_failed(
    session: Session,
    *,
    delivery_id: int,
    token: str,
    error: str,
    now: datetime,
    recipients: list[int],
) -> str:
    """A send failed: retry later, or give up after MAX_ATTEMPTS. Returns the new status."""
    row = claims_repo.claimed(session, delivery_id=delivery_id, token=token)
    if row is None:
        return "lost"
    claims_repo.release_day(session, person_ids=recipients, delivery_id=delivery_id)
    row.note = error[:255]
    row.claimed_until, row.claim_token = None, None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    else:
        row.status, row.due_at = "pending", now + RETRY_AFTER_FAILURE
    session.add(row)
    return row.status


def stop_person(
    session: Session, *, delivery_id: int, token: str, person: Person, error: str, now: datetime
) -> None:
    """Slack says the person cannot get messages: stop all their deliveries, keep history."""
    pref = repo.preference(
        session, team_id=person.team_id, person_id=person.id or 0, kind=EVERY_KIND, now=now
    )
    pref.stopped, pref.reason, pref.updated_at = True, f"{repo.SLACK_STOP}{error}"[:64], now
    session.add(pref)
    _skip_undeliverable(session, delivery_id=delivery_id, token=token, error=error)


def stop_pair_channel(session: Session, *, delivery_id: int, token: str, error: str) -> None:
    """The pair's group DM is gone: skip this one and open a fresh group DM next time."""
    row = _skip_undeliverable(session, delivery_id=delivery_id, token=token, error=error)
    pair = session.get(Pair, row.pair_id) if row is not None and row.pair_id else None
    if pair is not None:
        pair.group_channel_id = None
        session.add(pair)


def _skip_undeliverable(
    session: Session, *, delivery_id: int, token: str, error: str
) -> Delivery | None:
    return _skip(session, delivery_id=delivery_id, token=token, note=f"undeliverable: {error}")


def skip_claimed(session: Session, *, delivery_id: int, token: str, reason: str) -> None:
    """Give up on a claimed delivery for good (e.g. the workspace uninstalled the app)."""
    _skip(session, delivery_id=delivery_id, token=token, note=reason)


def _skip(session: Session, *, delivery_id: int, token: str, note: str) -> Delivery | None:
    row = claims_repo.claimed(session, delivery_id=delivery_id, token=token)
    if row is not None:
        row.status, row.note = "skipped", note[:255]
        row.claimed_until, row.claim_token = None, None
        session.add(row)
    return row
