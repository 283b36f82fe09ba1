"""Scheduled deliveries: what is planned or queued, what is open, and each person's reminder
preferences. Claims, leases and the per-day ledger are in delivery_claims."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from storage.models import Delivery, Pair, Person, ReminderPreference
from storage.models.deliveries import EVERY_KIND, PREPARE, SKILL_WATCH

OPEN_STATUSES = ("pending", "claimed")
# The reason on a stop Slack caused (the DM cannot be reached); only Slack lifts it.
SLACK_STOP = "slack:"


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


def new_delivery(
    kind: str,
    pair: Pair | None,
    person: Person | None,
    due: datetime,
    key: str,
    now: datetime,
    *,
    occurrence: date | None = None,
    team_id: str | None = None,
    intro_request_id: int | None = None,
) -> Delivery:
    """A delivery row (not added yet) for the person, or with no person for the pair's group DM."""
    return Delivery(
        team_id=team_id or (pair.team_id if pair else person.team_id if person else ""),
        kind=kind,
        pair_id=pair.id if pair else None,
        person_id=person.id if person else None,
        intro_request_id=intro_request_id,
        occurrence=occurrence,
        due_at=due,
        idempotency_key=key,
        created_at=now,
    )


def enqueue(
    session: Session,
    *,
    kind: str,
    person: Person | None,
    pair: Pair | None,
    key: str,
    now: datetime,
) -> bool:
    """A one-off scheduled message (gratitude, adapt_ask), due now under the usual rules; with
    no person it goes to the pair's group DM."""
    return add_delivery(session, new_delivery(kind, pair, person, now, key, now))


def enqueue_skill_watch(session: Session, *, watcher: Person, watch_id: int, now: datetime) -> bool:
    """ "Tell me when a mentor with this skill opts in": one delivery per watcher, sent by the
    pass. The watch row (already marked notified) names the skill and the mentor."""
    key = f"{SKILL_WATCH}:{watch_id}"
    return add_delivery(session, new_delivery(SKILL_WATCH, None, watcher, now, key, now))


def watch_id_of(row: Delivery) -> int:
    """The skill watch a skill_watch delivery tells about (see enqueue_skill_watch)."""
    return int(row.idempotency_key.split(":")[1])


def cancel(session: Session, row: Delivery) -> None:
    """Cancel one open delivery; its idempotency key is freed for a new plan."""
    row.status = "cancelled"
    row.idempotency_key = f"{row.idempotency_key}:x{row.id}"[:128]
    session.add(row)


def cancel_open(session: Session, *, pair_id: int) -> int:
    """Cancel the pair's open deliveries, e.g. on a pause or an end; returns how many."""
    rows = open_for_pair(session, pair_id=pair_id)
    for row in rows:
        cancel(session, row)
    return len(rows)


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


def open_for_pair(session: Session, *, pair_id: int) -> list[Delivery]:
    statement = select(Delivery).where(
        Delivery.pair_id == pair_id, col(Delivery.status).in_(OPEN_STATUSES)
    )
    return list(session.exec(statement))


def recent_sent(
    session: Session,
    *,
    person_id: int,
    kind: str,
    count: int,
    since: datetime | None = None,
    circle_id: int | None = None,
) -> list[Delivery]:
    """The person's last `count` sent deliveries of `kind` (sent after `since`; of that circle
    only, when one is named), newest first."""
    statement = select(Delivery).where(
        Delivery.person_id == person_id, Delivery.kind == kind, Delivery.status == "sent"
    )
    if circle_id is not None:
        statement = statement.where(Delivery.circle_id == circle_id)
    if since is not None:
        statement = statement.where(col(Delivery.sent_at) > since)
    statement = statement.order_by(col(Delivery.sent_at).desc()).limit(count)
    return list(session.exec(statement))


def open_prepare_nudge(session: Session, *, person_id: int, since: datetime) -> Delivery | None:
    statement = (
        select(Delivery)
        .where(
            Delivery.person_id == person_id,
            Delivery.kind == PREPARE,
            Delivery.status == "sent",
            col(Delivery.answered_at).is_(None),
            col(Delivery.sent_at) >= since,
        )
        .order_by(col(Delivery.sent_at).desc())
    )
    return session.exec(statement).first()


def preferences(session: Session, *, person_id: int) -> dict[str, ReminderPreference]:
    return preferences_of(session, person_ids=[person_id]).get(person_id, {})


def preferences_of(
    session: Session, *, person_ids: Sequence[int]
) -> dict[int, dict[str, ReminderPreference]]:
    """Each person's preferences by kind (people without any are absent)."""
    statement = select(ReminderPreference).where(
        col(ReminderPreference.person_id).in_(list(person_ids))
    )
    found: dict[int, dict[str, ReminderPreference]] = {}
    for pref in session.exec(statement):
        found.setdefault(pref.person_id, {})[pref.kind] = pref
    return found


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


def lift_holds(session: Session, *, person_id: int, now: datetime) -> None:
    """The person answered "pause or change the cadence?": no kind is held for them any more."""
    for pref in preferences(session, person_id=person_id).values():
        if pref.held:
            pref.held, pref.updated_at = False, now
            session.add(pref)


def lift_slack_stop(session: Session, *, person: Person, now: datetime) -> bool:
    """Slack shows the person active again: lift the stop a failed DM put on them."""
    pref = preferences(session, person_id=person.id or 0).get(EVERY_KIND)
    if pref is None or not pref.stopped or not pref.reason.startswith(SLACK_STOP):
        return False
    pref.stopped, pref.reason, pref.updated_at = False, "", now
    session.add(pref)
    # The DM Slack refused may be gone for good: open a fresh one on the next message.
    person.dm_channel_id = None
    session.add(person)
    return True
