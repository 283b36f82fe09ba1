"""A pair's meeting-day prompts: the next planned day, and whether anyone answered them."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, func, select

from storage.models import Delivery, Pair
from storage.models.deliveries import MEETING_PROMPT

PROMPT = MEETING_PROMPT


def next_planned_day(
    session: Session, *, pair_id: int, weekday: int | None, from_day: date
) -> date | None:
    """The earliest prompt day on or after `from_day` still standing (not cancelled, and on the
    pair's weekday unless `weekday` is None: a row of an old weekday is dropped when it comes
    due)."""
    statement = select(Delivery).where(
        Delivery.pair_id == pair_id,
        Delivery.kind == PROMPT,
        Delivery.status != "cancelled",
        col(Delivery.occurrence) >= from_day,
    )
    days = [row.occurrence for row in session.exec(statement) if row.occurrence is not None]
    return min((day for day in days if weekday in (None, day.weekday())), default=None)


def last_sent(session: Session, *, pair_id: int, count: int) -> list[Delivery]:
    """The pair's last `count` sent prompts, newest first."""
    statement = (
        select(Delivery)
        .where(Delivery.pair_id == pair_id, Delivery.kind == PROMPT, Delivery.status == "sent")
        .order_by(col(Delivery.sent_at).desc(), col(Delivery.id).desc())
        .limit(count)
    )
    return list(session.exec(statement))


def sent_count(session: Session, *, pair_id: int) -> int:
    statement = select(func.count()).where(
        Delivery.pair_id == pair_id, Delivery.kind == PROMPT, Delivery.status == "sent"
    )
    return int(session.exec(statement).one())


def mark_latest_answered(session: Session, *, pair_id: int, now: datetime) -> bool:
    """The pair said something: their latest sent prompt counts as answered (once)."""
    latest = last_sent(session, pair_id=pair_id, count=1)
    if not latest or latest[0].answered_at is not None:
        return False
    latest[0].answered_at = now
    session.add(latest[0])
    return True


def live_pair_in_channel(session: Session, *, team_id: str, channel_id: str) -> Pair | None:
    """The live pair whose group DM this is, if any."""
    statement = select(Pair).where(
        Pair.team_id == team_id,
        Pair.group_channel_id == channel_id,
        col(Pair.status).in_(("active", "paused")),
    )
    return session.exec(statement).first()
