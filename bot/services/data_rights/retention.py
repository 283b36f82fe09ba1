"""What is kept only for a while: old searches, once-only keys, deactivated accounts, and
the deliveries of a workspace whose token was revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from storage.repositories import data_rights as data_rights_repo
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import events as events_repo
from storage.repositories import searches as searches_repo

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
    return Purge(
        searches=searches_repo.delete_searches_before(session, cutoff=now - SEARCH_RETENTION),
        once_keys=events_repo.forget_events_before(session, cutoff=now - ONCE_KEY_RETENTION),
    )


def stop_workspace_deliveries(session: Session, *, team_id: str) -> int:
    """The bot token was revoked: cancel everything still to be sent in the workspace."""
    pair_ids = data_rights_repo.open_delivery_pairs(
        session, team_id=team_id, open_statuses=OPEN_DELIVERIES
    )
    cancelled = sum(deliveries_repo.cancel_open(session, pair_id=p) for p in pair_ids)
    return cancelled + data_rights_repo.cancel_open_without_pair(
        session, team_id=team_id, open_statuses=OPEN_DELIVERIES
    )


def departed_to_erase(session: Session, *, now: datetime) -> list[tuple[str, int]]:
    """(team, person) of accounts deactivated in Slack for longer than the grace period."""
    return data_rights_repo.departed_before(session, cutoff=now - DEACTIVATED_GRACE)
