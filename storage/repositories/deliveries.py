"""Scheduled deliveries: planning inserts, lease-based claims, and the per-day ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select

from storage.models import Delivery, DeliveryDay, Pair, ReminderPreference

OPEN_STATUSES = ("pending", "claimed")


def add_delivery(session: Session, delivery: Delivery) -> Delivery | None:
    """Insert unless a delivery with the same idempotency key exists (then None)."""
    exists = session.exec(
        select(Delivery.id).where(Delivery.idempotency_key == delivery.idempotency_key)
    ).first()
    if exists is not None:
        return None
    try:
        with session.begin_nested():
            session.add(delivery)
    except IntegrityError:  # another process planned it first
        return None
    return delivery


def pairs_needing(session: Session, *, kind: str, limit: int) -> list[Pair]:
    """Active pairs with no open delivery of `kind` (row-locked, skip-locked on PostgreSQL)."""
    open_rows = select(Delivery.id).where(
        Delivery.pair_id == Pair.id,
        Delivery.kind == kind,
        col(Delivery.status).in_(OPEN_STATUSES),
    )
    statement = (
        select(Pair)
        .where(Pair.status == "active", ~open_rows.exists())
        .order_by(col(Pair.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True, of=Pair)
    return list(session.exec(statement))


def last_occurrence(session: Session, *, pair_id: int, kind: str) -> date | None:
    statement = select(func.max(Delivery.occurrence)).where(
        Delivery.pair_id == pair_id, Delivery.kind == kind, Delivery.status != "cancelled"
    )
    value = session.exec(statement).one()
    return value if isinstance(value, date) else None


def claim_due(
    session: Session,
    *,
    now: datetime,
    lease_start: datetime,
    lease_until: datetime,
    token: str,
    limit: int,
) -> list[int]:
    """Claim up to `limit` due rows (pending, or claimed with an expired lease)."""
    statement = (
        select(Delivery.id)
        .where(
            col(Delivery.status).in_(OPEN_STATUSES),
            col(Delivery.due_at) <= now,
            or_(Delivery.status == "pending", col(Delivery.claimed_until) < lease_start),
        )
        .order_by(col(Delivery.due_at), col(Delivery.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    ids = [int(i) for i in session.exec(statement) if i is not None]
    if ids:
        session.execute(
            update(Delivery)
            .where(col(Delivery.id).in_(ids))
            .values(
                status="claimed",
                claimed_until=lease_until,
                claim_token=token,
                attempts=Delivery.attempts + 1,
            )
        )
    return ids


def claimed(session: Session, *, delivery_id: int, token: str) -> Delivery | None:
    """The delivery if this pass still holds its claim."""
    delivery = session.get(Delivery, delivery_id)
    if delivery is None or delivery.status != "claimed" or delivery.claim_token != token:
        return None
    return delivery


def open_for_pair(session: Session, *, pair_id: int) -> list[Delivery]:
    statement = select(Delivery).where(
        Delivery.pair_id == pair_id, col(Delivery.status).in_(OPEN_STATUSES)
    )
    return list(session.exec(statement))


def recent_sent(session: Session, *, person_id: int, kind: str, count: int) -> list[Delivery]:
    statement = (
        select(Delivery)
        .where(Delivery.person_id == person_id, Delivery.kind == kind, Delivery.status == "sent")
        .order_by(col(Delivery.sent_at).desc())
        .limit(count)
    )
    return list(session.exec(statement))


def open_prepare_nudge(session: Session, *, person_id: int, since: datetime) -> Delivery | None:
    statement = (
        select(Delivery)
        .where(
            Delivery.person_id == person_id,
            Delivery.kind == "prepare",
            Delivery.status == "sent",
            col(Delivery.answered_at).is_(None),
            col(Delivery.sent_at) >= since,
        )
        .order_by(col(Delivery.sent_at).desc())
    )
    return session.exec(statement).first()


def reserve_day(
    session: Session, *, team_id: str, person_id: int, day: date, delivery_id: int
) -> bool:
    """Take the person's one scheduled message of that day; True if it is (now) ours."""
    held = session.get(DeliveryDay, (person_id, day))
    if held is not None:
        return held.delivery_id == delivery_id
    try:
        with session.begin_nested():
            session.add(
                DeliveryDay(team_id=team_id, person_id=person_id, day=day, delivery_id=delivery_id)
            )
    except IntegrityError:
        return False
    return True


def release_day(session: Session, *, person_ids: Sequence[int], delivery_id: int) -> None:
    for row in session.exec(
        select(DeliveryDay).where(
            col(DeliveryDay.person_id).in_(list(person_ids)),
            DeliveryDay.delivery_id == delivery_id,
        )
    ):
        session.delete(row)


def preferences(session: Session, *, person_id: int) -> dict[str, ReminderPreference]:
    statement = select(ReminderPreference).where(ReminderPreference.person_id == person_id)
    return {pref.kind: pref for pref in session.exec(statement)}


def preference(
    session: Session, *, team_id: str, person_id: int, kind: str, now: datetime
) -> ReminderPreference:
    """The person's preference row for `kind`, created on first use."""
    statement = select(ReminderPreference).where(
        ReminderPreference.person_id == person_id, ReminderPreference.kind == kind
    )
    pref = session.exec(statement).first()
    if pref is None:
        pref = ReminderPreference(team_id=team_id, person_id=person_id, kind=kind, updated_at=now)
        session.add(pref)
        session.flush()
    return pref


def fixed_due_before(
    session: Session, *, person_id: int, kinds: Sequence[str], before: datetime, exclude_id: int
) -> bool:
    """True when an open delivery of `kinds` for the person (or their pair) is due before then."""
    pair_ids = select(Pair.id).where(
        or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id),
        col(Pair.status).in_(("active", "paused")),
    )
    statement = select(Delivery.id).where(
        col(Delivery.status).in_(OPEN_STATUSES),
        col(Delivery.kind).in_(list(kinds)),
        col(Delivery.due_at) < before,
        Delivery.id != exclude_id,
        or_(
            Delivery.person_id == person_id,
            col(Delivery.person_id).is_(None) & col(Delivery.pair_id).in_(pair_ids),
        ),
    )
    return session.exec(statement.limit(1)).first() is not None
