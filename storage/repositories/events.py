"""Event ids already handled, so a redelivered event is handled once.

The same table keeps other once-only keys ("view:<id>:<hash>" for modal submissions,
"share:..." for one-click shares): anything Slack or a person can deliver twice.

An Events API event is claimed with its payload (claim_event_work) before its ack and finished
(finish_event_work) when its work is done; a claim left unfinished past its lease is taken over
(by Slack's retry, or by the scheduler pass with take_unfinished_event) to do the work again.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from storage.models import ProcessedEvent
from storage.repositories.savepoints import add_if_new


def claim_event(session: Session, *, team_id: str, event_id: str, now: datetime) -> bool:
    """Record the event id; False when it was already recorded (by us or another process)."""
    if session.get(ProcessedEvent, (team_id, event_id)) is not None:
        return False
    return add_if_new(session, ProcessedEvent(team_id=team_id, event_id=event_id, received_at=now))


CLAIMED, DONE = "claimed", "done"


def claim_event_work(
    session: Session,
    *,
    team_id: str,
    event_id: str,
    payload: str,
    now: datetime,
    stale_before: datetime,
    most_attempts: int,
) -> bool:
    """Claim an event and keep its payload until finish_event_work. True when the caller is to
    do the work: the event is new, or its claim was left unfinished since before `stale_before`
    (the process that took it died, or its work failed) and it has attempts left."""
    claim = ProcessedEvent(
        team_id=team_id,
        event_id=event_id,
        received_at=now,
        state=CLAIMED,
        payload=payload,
        claimed_at=now,
        attempts=1,
    )
    # When another process claimed it a moment ago, it is not stale: _take_over says no.
    if session.get(ProcessedEvent, (team_id, event_id)) is None and add_if_new(session, claim):
        return True
    return _take_over(
        session,
        team_id=team_id,
        event_id=event_id,
        now=now,
        stale_before=stale_before,
        most_attempts=most_attempts,
    )


def finish_event_work(session: Session, *, team_id: str, event_id: str) -> None:
    """The event's work is done: it is never done again, and its payload is dropped."""
    session.execute(
        update(ProcessedEvent)
        .where(col(ProcessedEvent.team_id) == team_id, col(ProcessedEvent.event_id) == event_id)
        .values(state=DONE, payload=None)
    )


def unfinished_events(
    session: Session, *, stale_before: datetime, limit: int
) -> list[tuple[str, str]]:
    """(team_id, event_id) of claims left unfinished since before `stale_before`, oldest first."""
    rows = session.execute(
        select(ProcessedEvent.team_id, ProcessedEvent.event_id)  # type: ignore[call-overload]
        .where(col(ProcessedEvent.state) == CLAIMED)
        .where(col(ProcessedEvent.claimed_at) < stale_before)
        .order_by(col(ProcessedEvent.claimed_at))
        .limit(limit)
    ).all()
    return [(str(team_id), str(event_id)) for team_id, event_id in rows]


def take_unfinished_event(
    session: Session,
    *,
    team_id: str,
    event_id: str,
    now: datetime,
    stale_before: datetime,
    most_attempts: int,
) -> str | None:
    """Take over an unfinished claim; its stored payload, or None when another process took
    it first, it was finished meanwhile, or it has no attempts left (then it is given up:
    finished, its payload dropped)."""
    if _take_over(
        session,
        team_id=team_id,
        event_id=event_id,
        now=now,
        stale_before=stale_before,
        most_attempts=most_attempts,
    ):
        found = session.get(ProcessedEvent, (team_id, event_id), populate_existing=True)
        return found.payload if found is not None else None
    session.execute(
        update(ProcessedEvent)
        .where(col(ProcessedEvent.team_id) == team_id, col(ProcessedEvent.event_id) == event_id)
        .where(col(ProcessedEvent.state) == CLAIMED)
        .where(col(ProcessedEvent.claimed_at) < stale_before)
        .where(col(ProcessedEvent.attempts) >= most_attempts)
        .values(state=DONE, payload=None)
    )
    return None


def _take_over(
    session: Session,
    *,
    team_id: str,
    event_id: str,
    now: datetime,
    stale_before: datetime,
    most_attempts: int,
) -> bool:
    # One conditional UPDATE: of two processes taking over the same claim, one wins.
    result = session.execute(
        update(ProcessedEvent)
        .where(col(ProcessedEvent.team_id) == team_id, col(ProcessedEvent.event_id) == event_id)
        .where(col(ProcessedEvent.state) == CLAIMED)
        .where(col(ProcessedEvent.claimed_at) < stale_before)
        .where(col(ProcessedEvent.attempts) < most_attempts)
        .values(claimed_at=now, attempts=col(ProcessedEvent.attempts) + 1)
    )
    return int(result.rowcount or 0) == 1  # type: ignore[attr-defined]


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
