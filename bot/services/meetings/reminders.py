"""Snooze and stop: a person quiets one kind of reminder, or all, and turns it back on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services import cadence
from bot.services.meetings.pair_access import delivery_for, mark_answered
from bot.services.refusals import NotYours
from storage.models import Delivery, Person, ReminderPreference
from storage.models.deliveries import KIND_LABELS
from storage.repositories import circle_deliveries
from storage.repositories import circles as circles_repo
from storage.repositories import deliveries as repo


@dataclass(frozen=True)
class Snoozed:
    until: datetime
    circle: bool  # only that circle's messages wait; the person's other circles and pairs go on


def snooze(
    session: Session, *, team_id: str, delivery_id: int, person: Person, now: datetime
) -> Snoozed:
    """Snooze this kind of message for the person for a week (a circle's message: everything
    of that circle for them, as "Pause for me" does for four weeks); returns until when."""
    until = cadence.snooze_until(now, person.tz)
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    member = (
        circles_repo.seat_of(session, circle_id=row.circle_id, person_id=person.id or 0)
        if row.circle_id is not None
        else None
    )
    if member is not None and member.id is not None:
        last_day = cadence.local_day(until, person.tz) - timedelta(days=1)
        if member.paused_until is None or member.paused_until < last_day:  # never shortened
            circle_deliveries.set_paused_until(session, member_id=member.id, until=last_day)
        mark_answered(session, row, now)
        return Snoozed(until, circle=True)
    pref = repo.preference(
        session, team_id=team_id, person_id=person.id or 0, kind=row.kind, now=now
    )
    pref.snoozed_until, pref.updated_at = until, now
    session.add(pref)
    mark_answered(session, row, now)
    return Snoozed(until, circle=False)


def _preference_for(
    session: Session, team_id: str, delivery_id: int, person: Person, now: datetime
) -> tuple[Delivery, ReminderPreference]:
    """The delivery sent to the person, and their preference for its kind."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    pref = repo.preference(
        session, team_id=team_id, person_id=person.id or 0, kind=row.kind, now=now
    )
    return row, pref


@dataclass(frozen=True)
class Stopped:
    """A kind the person turned off: the preference row (its id goes on "Undo") and label."""

    preference_id: int
    label: str


def stop(
    session: Session, *, team_id: str, delivery_id: int, person: Person, now: datetime
) -> Stopped:
    """Turn this kind of message off for the person."""
    row, pref = _preference_for(session, team_id, delivery_id, person, now)
    pref.stopped, pref.reason, pref.updated_at = True, "asked", now
    session.add(pref)
    mark_answered(session, row, now)
    return Stopped(pref.id or 0, label_of(row.kind))


def stop_all(session: Session, *, team_id: str, person: Person, now: datetime) -> int:
    """Turn every kind of reminder off for the person, as they asked; returns the
    preference's id (to turn them back on)."""
    pref = repo.preference(session, team_id=team_id, person_id=person.id or 0, kind="*", now=now)
    pref.stopped, pref.snoozed_until, pref.reason, pref.updated_at = True, None, "asked", now
    session.add(pref)
    session.flush()
    return pref.id or 0


def label_of(kind: str) -> str:
    return "all reminders" if kind == "*" else KIND_LABELS.get(kind, kind)


@dataclass(frozen=True)
class QuietKind:
    """A kind of reminder the person stopped or snoozed, and can turn back on."""

    preference_id: int
    kind: str
    label: str
    stopped: bool
    snoozed_until: datetime | None


def quiet_kinds(session: Session, *, person: Person, now: datetime) -> list[QuietKind]:
    """What the person stopped or snoozed themselves (a stop because Slack refused their DM is
    not theirs to undo here: it lifts when Slack shows them active again)."""
    out = []
    for pref in repo.preferences(session, person_id=person.id or 0).values():
        snoozed = pref.snoozed_until if pref.snoozed_until and pref.snoozed_until > now else None
        stopped = pref.stopped and not pref.reason.startswith(repo.SLACK_STOP)
        if stopped or snoozed:
            out.append(QuietKind(pref.id or 0, pref.kind, label_of(pref.kind), stopped, snoozed))
    return sorted(out, key=lambda q: q.label)


def turn_back_on(
    session: Session, *, team_id: str, preference_id: int, person: Person, now: datetime
) -> str:
    """Undo a stop or snooze of one kind (idempotent); returns the kind's label."""
    pref = session.get(ReminderPreference, preference_id)
    if pref is None or pref.team_id != team_id or pref.person_id != person.id:
        raise NotYours
    if pref.stopped and pref.reason.startswith(repo.SLACK_STOP):
        raise ValueError("Slack told me your DM can't be reached, so I can't turn this on here")
    if pref.stopped or pref.snoozed_until is not None:
        pref.stopped, pref.snoozed_until, pref.reason, pref.updated_at = False, None, "", now
        session.add(pref)
    return label_of(pref.kind)
