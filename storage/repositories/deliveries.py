"""Scheduled deliveries: planning inserts, lease-based claims, and the per-day ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, or_, select

from storage.models import Delivery, DeliveryDay, Pair, ReminderPreference

OPEN_STATUSES = ("pending", "claimed")


def add_deliveries(session: Session, deliveries: Sequence[Delivery]) -> int:
    """Insert the rows whose idempotency key is new; returns how many were inserted.

    One INSERT ... ON CONFLICT DO NOTHING for the lot, so two processes planning the same pair
    at once end with one row each and no failed transaction.
    """
    if not deliveries:
        return 0
    table = Delivery.__table__  # type: ignore[attr-defined]
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    statement = insert(table).on_conflict_do_nothing(index_elements=["idempotency_key"])
    rows = [d.model_dump(exclude={"id"}) for d in deliveries]
    result = session.execute(statement, rows)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def add_delivery(session: Session, delivery: Delivery) -> bool:
    """Insert one delivery unless its idempotency key exists; True when inserted."""
    return add_deliveries(session, [delivery]) == 1


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


def recent_sent(
    session: Session, *, person_id: int, kind: str, count: int, since: datetime | None = None
) -> list[Delivery]:
    """The person's last `count` sent deliveries of `kind` (sent after `since`), newest first."""
    statement = select(Delivery).where(
        Delivery.person_id == person_id, Delivery.kind == kind, Delivery.status == "sent"
    )
    if since is not None:
        statement = statement.where(col(Delivery.sent_at) > since)
    statement = statement.order_by(col(Delivery.sent_at).desc()).limit(count)
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
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    statement = insert(DeliveryDay).values(
        team_id=team_id, person_id=person_id, day=day, delivery_id=delivery_id
    )
    session.execute(statement.on_conflict_do_nothing(index_elements=["person_id", "day"]))
    holder = session.exec(
        select(DeliveryDay.delivery_id).where(
            DeliveryDay.person_id == person_id, DeliveryDay.day == day
        )
    ).first()
    return holder == delivery_id


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
