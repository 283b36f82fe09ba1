"""What is kept only for a while: old searches, once-only keys, deactivated accounts, and
the deliveries of a workspace whose token was revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.services import scheduling
from storage.models import (
    Delivery,
    MentorSearch,
    Person,
    ProcessedEvent,
)
from storage.repositories import deliveries as deliveries_repo

# How long what is kept only to make buttons and retries work stays (see README, retention).
SEARCH_RETENTION = timedelta(days=30)
ONCE_KEY_RETENTION = timedelta(days=2)
# A deactivated account gets nothing at once (the scheduler skips them); its data goes after
# this long, unless Slack reactivates it first.
DEACTIVATED_GRACE = timedelta(days=30)


OPEN_DELIVERIES = deliveries_repo.OPEN_STATUSES


@dataclass(frozen=True)
class Purge:
    searches: int
    once_keys: int


def purge_expired(session: Session, *, now: datetime) -> Purge:
    """Drop what is past its retention: old searches (what people typed) and once-only keys."""
    searches = session.execute(
        delete(MentorSearch).where(col(MentorSearch.created_at) < now - SEARCH_RETENTION)
    )
    keys = session.execute(
        delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < now - ONCE_KEY_RETENTION)
    )
    return Purge(
        searches=int(getattr(searches, "rowcount", 0) or 0),
        once_keys=int(getattr(keys, "rowcount", 0) or 0),
    )


def stop_workspace_deliveries(session: Session, *, team_id: str) -> int:
    """The bot token was revoked: cancel everything still to be sent in the workspace."""
    open_ids = select(Delivery.id).where(
        col(Delivery.team_id) == team_id, col(Delivery.status).in_(OPEN_DELIVERIES)
    )
    pair_ids = {
        pair_id
        for pair_id in session.exec(select(Delivery.pair_id).where(col(Delivery.id).in_(open_ids)))
        if pair_id is not None
    }
    cancelled = sum(scheduling.cancel_open(session, pair_id=p) for p in pair_ids)
    rest = session.execute(
        update(Delivery)
        .where(
            col(Delivery.team_id) == team_id,
            col(Delivery.status).in_(OPEN_DELIVERIES),
            col(Delivery.pair_id).is_(None),
        )
        .values(status="cancelled")
    )
    return cancelled + int(getattr(rest, "rowcount", 0) or 0)


def departed_to_erase(session: Session, *, now: datetime) -> list[tuple[str, int]]:
    """(team, person) of accounts deactivated in Slack for longer than the grace period."""
    statement = select(Person.team_id, Person.id).where(
        col(Person.is_deleted) == True,  # noqa: E712
        col(Person.slack_user_id).not_like("erased-%"),
        col(Person.profile_synced_at) < now - DEACTIVATED_GRACE,
    )
    return [(team, pid) for team, pid in session.exec(statement) if pid is not None]
