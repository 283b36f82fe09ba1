"""The sent messages still waiting for an answer that a person's reply settles."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, or_, select

from storage.models import Delivery
from storage.models.deliveries import ADAPT_ASK, GRATITUDE


def unanswered_adapt_asks(
    session: Session, *, person_id: int | None, pair_id: int | None
) -> list[Delivery]:
    """The "pause or change the cadence?" questions sent to the person, and to the pair (to
    nobody in particular) when `pair_id` is given, not yet answered."""
    asked_me = col(Delivery.person_id) == person_id
    if pair_id is not None:
        asked_me = or_(
            asked_me, (col(Delivery.pair_id) == pair_id) & col(Delivery.person_id).is_(None)
        )
    return list(
        session.exec(
            select(Delivery).where(
                asked_me,
                Delivery.kind == ADAPT_ASK,
                col(Delivery.answered_at).is_(None),
                Delivery.status == "sent",
            )
        )
    )


def unanswered_gratitude(session: Session, *, pair_id: int) -> list[Delivery]:
    """The pair's sent gratitude reminders no thanks answered yet."""
    return list(
        session.exec(
            select(Delivery).where(
                Delivery.pair_id == pair_id,
                Delivery.kind == GRATITUDE,
                Delivery.status == "sent",
                col(Delivery.answered_at).is_(None),
            )
        )
    )


def gratitude_of(session: Session, *, pair_id: int, person_id: int | None) -> list[Delivery]:
    """The gratitude reminders the pair's person was sent."""
    return list(
        session.exec(
            select(Delivery).where(
                Delivery.pair_id == pair_id,
                Delivery.person_id == person_id,
                Delivery.kind == GRATITUDE,
                Delivery.status == "sent",
            )
        )
    )


def gratitude_sent_since(session: Session, *, pair_id: int, since: datetime) -> int:
    """Gratitude reminders the pair was sent after `since`."""
    later = select(func.count()).where(
        Delivery.pair_id == pair_id,
        Delivery.kind == GRATITUDE,
        col(Delivery.sent_at) > since,
    )
    return int(session.exec(later).one())
