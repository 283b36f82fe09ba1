"""Gratitude: after good meetings the mentee is reminded they can say thanks, and does."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.services.meetings.pair_access import PairView, mark_answered, pair_view
from bot.services.programs import activity
from bot.services.refusals import NotYours
from storage.models import Meeting, Person
from storage.models.deliveries import GRATITUDE
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import delivery_answers as answers_repo
from storage.repositories import meetings as meetings_repo

GRATITUDE_EVERY = 3  # met meetings between gratitude suggestions


def queue_gratitude(
    session: Session, view: PairView, meeting: Meeting, usefulness: int | None, now: datetime
) -> bool:
    """After a good meeting (or every few), remind the mentee they can say thanks."""
    if meeting.person_id != view.mentee.id or meeting.outcome != "met":
        return False
    if not _gratitude_due(session, view, usefulness):
        return False
    return deliveries_repo.enqueue(
        session,
        kind=GRATITUDE,
        person=view.mentee,
        pair=view.pair,
        key=f"{GRATITUDE}:{view.pair.id}:{meeting.id}",
        now=now,
    )


def _gratitude_due(session: Session, view: PairView, usefulness: int | None) -> bool:
    if usefulness is not None and usefulness >= 4:
        return True
    met = meetings_repo.met_count(session, pair_id=view.pair.id, person_id=view.mentee.id)
    return met % GRATITUDE_EVERY == 0


def thanks_sent(
    session: Session, *, team_id: str, pair_id: int, person: Person, now: datetime
) -> PairView:
    """The mentee sends thanks: answers any open gratitude reminder. Only the mentee may."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if person.id != view.mentee.id:
        raise NotYours
    for row in answers_repo.unanswered_gratitude(session, pair_id=pair_id):
        mark_answered(session, row, now)
    view.pair.thanked_at = now
    session.add(view.pair)
    activity.showed_life(session, pair_id=pair_id, now=now)
    return view


def thanks_done(session: Session, view: PairView) -> bool:
    """The mentee thanked since the last invitation to (a gratitude reminder or the ending)."""
    thanked = view.pair.thanked_at
    if thanked is None or (view.pair.ended_at is not None and view.pair.ended_at > thanked):
        return False
    return answers_repo.gratitude_sent_since(session, pair_id=view.pair.id or 0, since=thanked) == 0
