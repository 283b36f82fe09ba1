"""Claiming due deliveries with a lease, and deciding each: a SendPlan, or a Verdict.

A pass claims due rows with a lease (so two processes never send one row), splits them into
rounds so nobody gets two at once, and asks `begin_send` whether each may go now: every rule
(bot/scheduler/rules.py) is kept, and the recipients' day reserved, in one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.scheduler import bookkeeping, circle_claims, rules
from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan, Verdict
from bot.scheduler.registry import KINDS
from bot.services import cadence, meeting_dates
from bot.services.calendar import schedule
from storage.models import Delivery, IntroRequest, Pair, Person
from storage.repositories import delivery_claims as claims_repo
from storage.repositories.delivery_claims import ClaimedWithPeople

LEASE = timedelta(minutes=10)


def claim_due(
    session: Session, *, now: datetime, lease_start: datetime, token: str, limit: int
) -> list[int]:
    return claims_repo.claim_due(
        session,
        now=now,
        lease_start=lease_start,
        lease_until=lease_start + LEASE,
        token=token,
        limit=limit,
    )


def waves(session: Session, *, ids: list[int]) -> list[list[int]]:
    """Split claimed ids into rounds in which nobody gets two messages at once: a mentor's
    several meeting prompts of one day then go out one after another, in id order."""
    people_of = claims_repo.people_of(session, ids=ids)
    rounds: list[tuple[set[int], list[int]]] = []
    for delivery_id in sorted(ids):
        people = people_of.get(delivery_id, set())
        for taken, members in rounds:
            if not taken & people:
                taken.update(people)
                members.append(delivery_id)
                break
        else:
            rounds.append((set(people), [delivery_id]))
    return [members for _, members in rounds]


def begin_send(
    session: Session, *, delivery_id: int, token: str, now: datetime
) -> SendPlan | Verdict:
    """Apply every delivery rule to a claimed row; reserve the recipients' day if it goes."""
    loaded = claims_repo.claimed_with_people(session, delivery_id=delivery_id, token=token)
    if loaded is None:
        return Verdict("lost", "claim lost")
    row, pair = loaded.delivery, loaded.pair
    kind = KINDS.get(row.kind)
    if kind is None:  # a row no declaration speaks for (tests/scheduler/test_kinds.py)
        return _decided(session, row, Verdict("skip", f"no such kind: {row.kind}"[:255]))
    gone = kind.stale(session, row) if kind.stale is not None else None
    if gone is not None:
        return _decided(session, row, Verdict("skip", gone[:255]))
    if row.circle_id is not None:  # a circle's: its people, not a pair's
        return circle_claims.begin_circle_send(session, kind, loaded, now)
    recipients = _recipients(loaded)
    if pair is not None and _planned_for_another_day(session, kind, row, pair):
        meeting_dates.replan_meetings(session, pair_id=pair.id or 0)
        return Verdict("skip", "meeting day changed")
    verdict = rules.verdict(session, kind, row, pair, recipients, now)
    if verdict is None:
        verdict = rules.reserve_days(session, kind, row, recipients, now)
    if verdict is not None:
        return _decided(session, row, verdict)
    plan = _plan(session, loaded, recipients[0], now)
    return kind.details(session, row, plan) if kind.details is not None else plan


def _recipients(loaded: ClaimedWithPeople) -> list[Person]:
    """Whom the row goes to: its person, or (the pair's group DM) the mentee and the mentor."""
    if loaded.recipient is not None:
        return [loaded.recipient]
    if loaded.pair is not None:
        assert loaded.mentor is not None and loaded.mentee is not None
        return [loaded.mentee, loaded.mentor]
    return []


def _planned_for_another_day(
    session: Session, kind: DeliveryKind, row: Delivery, pair: Pair
) -> bool:
    """A meeting message planned before the pair picked another weekday (a safety net for
    writers of Pair.meeting_weekday that do not call replan_meetings). Check-ins are about a
    meeting that happened on the old day, so they stay. An agreed time's occurrences may fall
    on another weekday in the mentee's calendar (a zone changed): their rows stand."""
    return (
        kind.expires is not None
        and row.occurrence is not None
        and row.occurrence.weekday() != pair.meeting_weekday
        and schedule.agreed_time(session, pair_id=pair.id or 0) is None
    )


def _decided(session: Session, row: Delivery, verdict: Verdict) -> Verdict:
    bookkeeping.apply_verdict(session, row, verdict)
    return verdict


def _plan(session: Session, loaded: ClaimedWithPeople, first: Person, now: datetime) -> SendPlan:
    row, pair, recipient = loaded.delivery, loaded.pair, loaded.recipient
    request = session.get(IntroRequest, row.intro_request_id) if row.intro_request_id else None
    mentor, mentee = (loaded.mentor, loaded.mentee) if pair is not None else (None, None)
    if request is not None:
        mentor = session.get(Person, request.mentor_id)
        mentee = session.get(Person, request.mentee_id)
    channel = row.channel_id or (
        pair.group_channel_id
        if pair and recipient is None
        else recipient.dm_channel_id
        if recipient
        else None
    )
    return SendPlan(
        delivery_id=row.id or 0,
        kind=row.kind,
        team_id=row.team_id,
        attempts=row.attempts,
        recipient=recipient,
        pair=pair,
        mentor=mentor,
        mentee=mentee,
        occurrence=row.occurrence,
        intro_request=request,
        known_channel=channel,
        today=cadence.local_day(now, first.tz),
    )
