"""A program's term: which programs open or close, the pairs a checkpoint or the silence rule
is about, and the participants' checkpoint answers (one per person, pair and kind)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from storage.models import Delivery, Pair, Program, ProgramCheckpoint

RUNNING, CLOSED = "running", "closed"


def programs_to_open(session: Session, *, today: date) -> list[Program]:
    """Programs still enrolling whose term has started."""
    statement = select(Program).where(
        col(Program.status) == "enrolling", col(Program.term_starts_on) <= today
    )
    return list(session.exec(statement.order_by(col(Program.id))))


def programs_to_close(session: Session, *, today: date) -> list[Program]:
    """Programs not closed whose term's last day is before `today`."""
    statement = select(Program).where(
        col(Program.status) != CLOSED, col(Program.term_ends_on) < today
    )
    return list(session.exec(statement.order_by(col(Program.id))))


def running_programs(session: Session) -> list[Program]:
    return list(session.exec(select(Program).where(col(Program.status) == RUNNING)))


def pairs_without(
    session: Session, *, program_id: int, kind: str, started_before: datetime | None = None
) -> list[Pair]:
    """The program's active pairs with no delivery of `kind` but cancelled ones (those planned
    before a pause or an end); with `started_before`, only pairs started before it."""
    planned = select(Delivery.id).where(
        Delivery.pair_id == Pair.id, Delivery.kind == kind, Delivery.status != "cancelled"
    )
    statement = select(Pair).where(
        col(Pair.program_id) == program_id, col(Pair.status) == "active", ~planned.exists()
    )
    if started_before is not None:
        statement = statement.where(col(Pair.started_at) < started_before)
    return list(session.exec(statement.order_by(col(Pair.id))))


def silent_pairs(session: Session, *, program_id: int, since: datetime) -> list[Pair]:
    """The program's active pairs with no sign of life since `since` (their start counts)."""
    last = func.coalesce(col(Pair.last_activity_at), col(Pair.started_at))
    statement = select(Pair).where(
        col(Pair.program_id) == program_id,
        col(Pair.status) == "active",
        col(Pair.started_at) <= since,
        last <= since,
    )
    return list(session.exec(statement.order_by(col(Pair.id))))


def deliveries_of(session: Session, *, pair_id: int, kind: str, since: datetime) -> list[Delivery]:
    """The pair's deliveries of `kind` due at or after `since`, cancelled ones left out."""
    statement = select(Delivery).where(
        Delivery.pair_id == pair_id,
        Delivery.kind == kind,
        Delivery.status != "cancelled",
        col(Delivery.due_at) >= since,
    )
    return list(session.exec(statement.order_by(col(Delivery.id))))


def checkpoint_of(
    session: Session, *, program_id: int, person_id: int, pair_id: int, kind: str
) -> ProgramCheckpoint | None:
    statement = select(ProgramCheckpoint).where(
        ProgramCheckpoint.program_id == program_id,
        ProgramCheckpoint.person_id == person_id,
        ProgramCheckpoint.pair_id == pair_id,
        ProgramCheckpoint.kind == kind,
    )
    return session.exec(statement).first()


KEY = ("program_id", "person_id", "pair_id", "kind")


def save_checkpoint(session: Session, *, values: dict[str, Any]) -> ProgramCheckpoint:
    """Insert the answer, or update the one this person gave for this pair and kind: one
    INSERT ... ON CONFLICT DO UPDATE, so two submissions at once still leave one row."""
    table = ProgramCheckpoint.__table__  # type: ignore[attr-defined]
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    row = ProgramCheckpoint(**values).model_dump(exclude={"id"})  # every column, defaults too
    changed = {k: row[k] for k in values if k not in (*KEY, "team_id", "created_at")}
    statement = insert(table).values(**row).on_conflict_do_update(index_elements=KEY, set_=changed)
    session.execute(statement)
    found = select(ProgramCheckpoint).where(
        *(getattr(ProgramCheckpoint, name) == values[name] for name in KEY)
    )
    # The row as stored now, not a copy this session loaded before the update.
    return session.exec(found.execution_options(populate_existing=True)).one()
