"""A program's term: it runs from term_starts_on and closes the day after term_ends_on (days in
UTC), and while it runs each active pair's two people get the midpoint survey on its middle
day and the close-out on its last day, each in their own working hours. Both are deliveries
like any other, so working hours, one message a day and snoozes hold for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from bot.services import cadence
from storage.models import Delivery, Pair, Person, Program
from storage.models.deliveries import PROGRAM_CLOSEOUT, PROGRAM_MIDPOINT
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import program_checkpoints as repo


@dataclass
class TermChanges:
    opened: list[int] = field(default_factory=list)  # program ids now running
    closed: list[int] = field(default_factory=list)


def midpoint_of(program: Program) -> date:
    """The middle day of the term (the earlier of two middle days)."""
    length = (program.term_ends_on - program.term_starts_on).days
    return program.term_starts_on + timedelta(days=length // 2)


def advance_terms(session: Session, *, now: datetime) -> TermChanges:
    """Programs whose term started become running; those past their last day, closed."""
    today = now.astimezone(UTC).date()
    changes = TermChanges()
    for program in repo.programs_to_open(session, today=today):
        if program.term_ends_on >= today:
            program.status, program.updated_at = repo.RUNNING, now
            session.add(program)
            changes.opened.append(program.id or 0)
    for program in repo.programs_to_close(session, today=today):
        program.status, program.updated_at = repo.CLOSED, now
        session.add(program)
        changes.closed.append(program.id or 0)
    return changes


def plan_checkpoints(session: Session, *, now: datetime) -> int:
    """Plan the midpoint survey and the close-out for the running programs' active pairs that
    have none yet; returns how many deliveries were planned (the idempotency keys keep two
    passes at once from planning one twice)."""
    added = 0
    for program in repo.running_programs(session):
        added += _plan_midpoints(session, program, now)
        added += _plan_closeouts(session, program, now)
    return added


def _plan_midpoints(session: Session, program: Program, now: datetime) -> int:
    middle = midpoint_of(program)
    if now.astimezone(UTC).date() > middle + timedelta(days=1):
        return 0  # past the middle day everywhere on Earth
    # A pair that started after the middle day (in the recipient's calendar) is not asked.
    before = datetime.combine(middle + timedelta(days=2), time(0), tzinfo=UTC)
    pairs = repo.pairs_without(
        session, program_id=program.id or 0, kind=PROGRAM_MIDPOINT, started_before=before
    )
    rows = [
        _row(PROGRAM_MIDPOINT, program, pair, person, middle, now)
        for pair in pairs
        for person in _people(session, pair)
        if cadence.local_day(pair.started_at, person.tz) <= middle
        and cadence.local_day(now, person.tz) <= middle
    ]
    deliveries_repo.add_deliveries(session, rows)
    return len(rows)


def _plan_closeouts(session: Session, program: Program, now: datetime) -> int:
    last = program.term_ends_on
    pairs = repo.pairs_without(session, program_id=program.id or 0, kind=PROGRAM_CLOSEOUT)
    rows = [
        _row(PROGRAM_CLOSEOUT, program, pair, person, last, now)
        for pair in pairs
        for person in _people(session, pair)
    ]
    deliveries_repo.add_deliveries(session, rows)
    return len(rows)


def _people(session: Session, pair: Pair) -> list[Person]:
    found = [session.get(Person, pair.mentor_id), session.get(Person, pair.mentee_id)]
    return [person for person in found if person is not None]


def _row(
    kind: str, program: Program, pair: Pair, person: Person, day: date, now: datetime
) -> Delivery:
    """One person's checkpoint, due when their working day `day` starts (or the next one)."""
    key = f"{kind}:{pair.id}:{person.id}"
    due = cadence.first_send_on(day, person.tz)
    row = deliveries_repo.new_delivery(kind, pair, person, due, key, now, occurrence=day)
    row.program_id = program.id
    return row


def program_name(session: Session, *, program_id: int | None) -> str:
    """The program's name as its admin wrote it ("" when it is gone)."""
    program = session.get(Program, program_id) if program_id is not None else None
    return program.name if program is not None else ""
