"""Deliveries on their way: lease-based claims, whom a claimed row goes to, the per-day ledger
(one scheduled message per person per day), and the sent mark."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, or_, select

from storage.models import Circle, CircleMember, Delivery, DeliveryDay, Pair, Person
from storage.repositories.deliveries import OPEN_STATUSES


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


@dataclass(frozen=True)
class ClaimedWithPeople:
    delivery: Delivery
    pair: Pair | None
    mentor: Person | None
    mentee: Person | None
    recipient: Person | None


_MENTOR, _MENTEE, _RECIPIENT = aliased(Person), aliased(Person), aliased(Person)
# Built once: aliases made per call would give the statement a new cache key every time.
_CLAIMED_WITH_PEOPLE = (
    sa_select(Delivery, Pair, _MENTOR, _MENTEE, _RECIPIENT)
    .outerjoin(Pair, col(Pair.id) == Delivery.pair_id)
    .outerjoin(_MENTOR, col(_MENTOR.id) == Pair.mentor_id)
    .outerjoin(_MENTEE, col(_MENTEE.id) == Pair.mentee_id)
    .outerjoin(_RECIPIENT, col(_RECIPIENT.id) == Delivery.person_id)
    .where(col(Delivery.id) == bindparam("delivery_id"))
)


def claimed_with_people(
    session: Session, *, delivery_id: int, token: str
) -> ClaimedWithPeople | None:
    """`claimed`, with its pair and everyone it names, in one query."""
    found = session.execute(_CLAIMED_WITH_PEOPLE, {"delivery_id": delivery_id}).first()
    if found is None:
        return None
    delivery, pair, mentor_row, mentee_row, recipient_row = found
    if delivery.status != "claimed" or delivery.claim_token != token:
        return None
    return ClaimedWithPeople(delivery, pair, mentor_row, mentee_row, recipient_row)


_DELIVERY = Delivery.__table__  # type: ignore[attr-defined]
# A Core statement built once: the ORM's bulk-update path costs more than the UPDATE itself.
_FINISH_SENT = (
    update(_DELIVERY)
    .where(
        _DELIVERY.c.id == bindparam("delivery_id"),
        _DELIVERY.c.status == "claimed",
        _DELIVERY.c.claim_token == bindparam("token"),
    )
    .values(
        status="sent",
        sent_at=bindparam("sent_at"),
        channel_id=bindparam("channel_id"),
        message_ts=bindparam("message_ts"),
        note="",
        claimed_until=None,
        claim_token=None,
    )
)


def finish_sent(
    session: Session,
    *,
    delivery_id: int,
    token: str,
    sent_at: datetime,
    channel_id: str,
    message_ts: str,
) -> bool:
    """Mark the delivery sent if this pass still holds its claim (one UPDATE, no load)."""
    result = session.connection().execute(
        _FINISH_SENT,
        {
            "delivery_id": delivery_id,
            "token": token,
            "sent_at": sent_at,
            "channel_id": channel_id,
            "message_ts": message_ts,
        },
    )
    return result.rowcount == 1


def people_of(session: Session, *, ids: Sequence[int]) -> dict[int, set[int]]:
    """Whom each delivery goes to: its person, else both people of its pair, else everyone in
    its circle's conversation (the mentor and the seated members)."""
    if not ids:
        return {}
    statement = (
        sa_select(
            col(Delivery.id),
            col(Delivery.person_id),
            col(Pair.mentor_id),
            col(Pair.mentee_id),
            col(Circle.id),
            col(Circle.mentor_id),
        )
        .outerjoin(Pair, col(Pair.id) == Delivery.pair_id)
        .outerjoin(Circle, col(Circle.id) == Delivery.circle_id)
        .where(col(Delivery.id).in_(list(ids)))
    )
    people: dict[int, set[int]] = {}
    in_circle: dict[int, list[int]] = {}  # circle id -> its conversation's deliveries
    for delivery_id, person_id, mentor_id, mentee_id, circle_id, leader_id in session.execute(
        statement
    ).all():
        if person_id is not None:
            people[delivery_id or 0] = {person_id}
        elif mentor_id is not None and mentee_id is not None:
            people[delivery_id or 0] = {mentor_id, mentee_id}
        elif circle_id is not None and leader_id is not None:
            people[delivery_id or 0] = {leader_id}
            in_circle.setdefault(circle_id, []).append(delivery_id or 0)
        else:
            people[delivery_id or 0] = set()
    if in_circle:
        seated = select(CircleMember.circle_id, CircleMember.person_id).where(
            col(CircleMember.circle_id).in_(list(in_circle)), CircleMember.status == "member"
        )
        for circle_id, person_id in session.exec(seated):
            for delivery_id in in_circle[circle_id]:
                people[delivery_id].add(person_id)
    return people


def reserve_day(
    session: Session, *, team_id: str, person_id: int, day: date, delivery_id: int
) -> bool:
    """Take the person's one scheduled message of that day; True if it is (now) ours."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    statement = insert(DeliveryDay).values(
        team_id=team_id, person_id=person_id, day=day, delivery_id=delivery_id
    )
    statement = statement.on_conflict_do_nothing(index_elements=["person_id", "day"])
    if session.get_bind().dialect.insert_returning:  # SQLite before 3.35 has no RETURNING
        if session.execute(statement.returning(col(DeliveryDay.delivery_id))).first():
            return True
    else:
        session.execute(statement)
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


def fixed_due_before(
    session: Session, *, person_id: int, kinds: Sequence[str], before: datetime, exclude_id: int
) -> bool:
    """True when an open delivery of `kinds` for the person (or their pair, or a circle they
    are in) is due before then."""
    pair_ids = select(Pair.id).where(
        or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id),
        col(Pair.status).in_(("active", "paused")),
    )
    circle_ids = (
        select(col(CircleMember.circle_id))
        .where(col(CircleMember.person_id) == person_id, col(CircleMember.status) == "member")
        .union(select(col(Circle.id)).where(col(Circle.mentor_id) == person_id))
    )
    statement = select(Delivery.id).where(
        col(Delivery.status).in_(OPEN_STATUSES),
        col(Delivery.kind).in_(list(kinds)),
        col(Delivery.due_at) < before,
        Delivery.id != exclude_id,
        or_(
            Delivery.person_id == person_id,
            col(Delivery.person_id).is_(None) & col(Delivery.pair_id).in_(pair_ids),
            col(Delivery.person_id).is_(None) & col(Delivery.circle_id).in_(circle_ids),
        ),
    )
    return session.exec(statement.limit(1)).first() is not None
