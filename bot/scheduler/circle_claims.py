"""Deciding a claimed circle delivery: the same rules as a pair's (bot/scheduler/rules.py),
with the circle's people as its recipients.

The circle's prompt goes to its conversation: its recipients are the mentor and the seated
members (the deactivated left out), its hours those they share (the mentor's when they share
none), and only the mentor's snooze or stop holds it. A member's own message goes while they
are seated and not paused. A circle whose mentor Slack deactivated is closed here, and its
members told kindly (bot/services/circles/closing.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.scheduler import bookkeeping, rules
from bot.scheduler.kind import DeliveryKind
from bot.scheduler.plans import SendPlan, Verdict
from bot.services import cadence
from bot.services.circles import closing
from bot.services.circles.views import view_of
from storage.models import Circle, Delivery, Person
from storage.models.deliveries import CIRCLE_CHECKIN, CIRCLE_CLOSED
from storage.repositories import circles as circles_repo
from storage.repositories.delivery_claims import ClaimedWithPeople


def begin_circle_send(
    session: Session, kind: DeliveryKind, loaded: ClaimedWithPeople, now: datetime
) -> SendPlan | Verdict:
    row = loaded.delivery
    circle = session.get(Circle, row.circle_id, populate_existing=True)
    found = _recipients(session, row, circle, loaded.recipient, now)
    if isinstance(found, Verdict):
        return _decided(session, row, found)
    assert circle is not None
    group = row.person_id is None
    verdict = rules.verdict(session, kind, row, None, found, now, group=group)
    if verdict is None:
        verdict = rules.reserve_days(session, kind, row, found, now)
    if verdict is not None:
        return _decided(session, row, verdict)
    recipient = loaded.recipient
    channel = (
        circle.channel_id
        if group
        else row.channel_id or (recipient.dm_channel_id if recipient else None)
    )
    plan = SendPlan(
        delivery_id=row.id or 0,
        kind=row.kind,
        team_id=row.team_id,
        attempts=row.attempts,
        recipient=recipient,
        pair=None,
        mentor=None,
        mentee=None,
        occurrence=row.occurrence,
        intro_request=None,
        known_channel=channel,
        today=cadence.local_day(now, found[0].tz),
        circle=view_of(session, circle),
    )
    return kind.details(session, row, plan) if kind.details is not None else plan


def _recipients(
    session: Session, row: Delivery, circle: Circle | None, recipient: Person | None, now: datetime
) -> list[Person] | Verdict:
    if circle is None or circle.id is None:
        return Verdict("skip", "circle gone")
    if row.kind == CIRCLE_CLOSED:  # the note about the closing: to a member who was in it
        return [recipient] if recipient is not None else Verdict("skip", "no recipient")
    if circle.status != "open":
        return Verdict("skip", "circle closed")
    mentor = session.get(Person, circle.mentor_id)
    if mentor is None or mentor.is_deleted:
        closing.close_for_gone_mentor(session, circle=circle, now=now)
        return Verdict("skip", "the circle's mentor was deactivated in Slack")
    if row.person_id is None:
        members = [
            p
            for m in circles_repo.members_of(session, circle_id=circle.id)
            if (p := session.get(Person, m.person_id)) is not None and not p.is_deleted
        ]
        return [mentor, *members] if members else Verdict("skip", "no members")
    if recipient is None:
        return Verdict("skip", "no recipient")
    if recipient.id == mentor.id:
        return [mentor]
    member = circles_repo.seat_of(session, circle_id=circle.id, person_id=recipient.id or 0)
    if member is None:
        return Verdict("skip", "no longer in the circle")
    if member.paused_until is not None and member.paused_until >= cadence.local_day(
        now, recipient.tz
    ):
        return Verdict("skip", "paused for them")
    if member.checkins_held and row.kind == CIRCLE_CHECKIN:
        return Verdict("skip", "held until answered")
    return [recipient]


def _decided(session: Session, row: Delivery, verdict: Verdict) -> Verdict:
    bookkeeping.apply_verdict(session, row, verdict)
    return verdict
