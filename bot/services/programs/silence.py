"""The silence rule of a program's term: a pair with no meeting and no message for 60 days gets
a kind private nudge (a program_quiet delivery to each of them); 7 days after it reached them,
still silent, the pair is ended gracefully. Any sign of life (activity.showed_life) starts
the clock again, so it cancels the ending. Only pairs of a running program are watched: once
the term is over, a pair that goes on does so outside the program."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services import cadence
from bot.services.meetings.endings import close_pair
from bot.services.meetings.pair_access import PairView, delivery_for, mark_answered
from bot.services.programs import activity
from bot.services.refusals import NotYours
from storage.models import Delivery, Pair, Person
from storage.models.deliveries import PROGRAM_QUIET
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import program_checkpoints as repo

QUIET_FOR = timedelta(days=60)
THEN_END_AFTER = timedelta(days=7)
OPEN = ("pending", "claimed")


@dataclass
class Tended:
    """What one look at the silent pairs did: nudges planned, and the pairs it ended (whose
    people are told by the caller)."""

    nudged: int = 0
    ended: list[PairView] = field(default_factory=list)


def silence_start(pair: Pair) -> datetime:
    """When the pair last showed life: its start, or its last activity after that."""
    last = pair.last_activity_at
    return max(pair.started_at, last) if last is not None else pair.started_at


def tend_quiet_pairs(session: Session, *, now: datetime) -> Tended:
    """Nudge each running program's pairs silent for 60 days; end those whose nudge reached
    them 7 days ago with no sign of life since (in the mentee's working hours, so the kind
    goodbye arrives in the day)."""
    tended = Tended()
    for program in repo.running_programs(session):
        for pair in repo.silent_pairs(session, program_id=program.id or 0, since=now - QUIET_FOR):
            _tend(session, pair, now, tended)
    return tended


def _tend(session: Session, pair: Pair, now: datetime, tended: Tended) -> None:
    start = silence_start(pair)
    nudges = repo.deliveries_of(session, pair_id=pair.id or 0, kind=PROGRAM_QUIET, since=start)
    mentor, mentee = session.get(Person, pair.mentor_id), session.get(Person, pair.mentee_id)
    assert mentor is not None and mentee is not None
    if not nudges:
        tended.nudged += _nudge(session, pair, (mentor, mentee), start, now)
        return
    if any(row.status in OPEN for row in nudges):
        return  # not out yet (a snooze, the one-a-day rule): the 7 days start when it lands
    told_at = max(row.sent_at or row.due_at for row in nudges)
    if now < told_at + THEN_END_AFTER or not cadence.is_send_moment(now, mentee.tz, mentor.tz):
        return
    if close_pair(session, pair, by_id=None, now=now):
        tended.ended.append(PairView(pair, mentor, mentee))


def _nudge(
    session: Session, pair: Pair, people: tuple[Person, Person], start: datetime, now: datetime
) -> int:
    rows: list[Delivery] = []
    for person in people:
        key = f"{PROGRAM_QUIET}:{pair.id}:{start.strftime('%Y%m%dT%H%M%S')}:{person.id}"
        row = deliveries_repo.new_delivery(PROGRAM_QUIET, pair, person, now, key, now)
        row.program_id = pair.program_id
        rows.append(row)
    deliveries_repo.add_deliveries(session, rows)  # its keys keep a retried pass from doubling
    return len(rows)


def all_is_well(
    session: Session, *, team_id: str, delivery_id: int, person: Person, now: datetime
) -> PairView:
    """ "We're fine" on the nudge: the pair showed life, so nothing ends."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    if row.kind != PROGRAM_QUIET or row.pair_id is None:
        raise NotYours
    pair = session.get(Pair, row.pair_id)
    mentor = session.get(Person, pair.mentor_id) if pair else None
    mentee = session.get(Person, pair.mentee_id) if pair else None
    if pair is None or mentor is None or mentee is None:
        raise NotYours
    mark_answered(session, row, now)
    if pair.status != "ended":
        activity.showed_life(session, pair_id=row.pair_id, now=now)
    return PairView(pair, mentor, mentee)
