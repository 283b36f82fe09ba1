"""Event ids already handled, so a redelivered event is handled once.

The same table keeps other once-only keys ("view:<id>:<hash>" for modal submissions,
"share:..." for one-click shares): anything Slack or a person can deliver twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from storage.models import ProcessedEvent


def claim_event(session: Session, *, team_id: str, event_id: str, now: datetime) -> bool:
    """Record the event id; False when it was already recorded (by us or another process)."""
    if session.get(ProcessedEvent, (team_id, event_id)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(team_id=team_id, event_id=event_id, received_at=now))
    except IntegrityError:
        return False
    return True


def release_event(session: Session, *, team_id: str, event_id: str) -> None:
    """Forget a claim whose work did not happen (a refused form may be submitted again)."""
    session.execute(
        delete(ProcessedEvent).where(
            col(ProcessedEvent.team_id) == team_id, col(ProcessedEvent.event_id) == event_id
        )
    )


def forget_events_before(session: Session, *, cutoff: datetime) -> int:
    """Drop ids older than Slack's retry window; returns how many."""
    result = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
