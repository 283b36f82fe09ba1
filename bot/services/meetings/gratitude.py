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
    """After a good meeting (or every few), remind the mentee (either of a peer pair, by their
    own check-in) they can say thanks."""
    if not view.may_thank(meeting.person_id) or meeting.outcome != "met":
        return False
    thanker = view.mentee if meeting.person_id == view.mentee.id else view.mentor
    if not _gratitude_due(session, view, thanker, usefulness):
        return False
    return deliveries_repo.enqueue(
        session,
        kind=GRATITUDE,
        person=thanker,
        pair=view.pair,
        key=f"{GRATITUDE}:{view.pair.id}:{meeting.id}",
        now=now,
    )


def _gratitude_due(
    session: Session, view: PairView, thanker: Person, usefulness: int | None
) -> bool:
    if usefulness is not None and usefulness >= 4:
        return True
    met = meetings_repo.met_count(session, pair_id=view.pair.id, person_id=thanker.id)
    return met % GRATITUDE_EVERY == 0


def thanks_sent(
    session: Session, *, team_id: str, pair_id: int, person: Person, now: datetime
) -> PairView:
    """The mentee sends thanks: answers any open gratitude reminder. Only the mentee may, or
    either of a peer pair (answering only their own reminders)."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if not view.may_thank(person.id):
        raise NotYours
    for row in answers_repo.unanswered_gratitude(session, pair_id=pair_id):
        if not view.peer or row.person_id == person.id:
            mark_answered(session, row, now)
    view.pair.thanked_at = now
    session.add(view.pair)
    activity.showed_life(session, pair_id=pair_id, now=now)
    return view


def thanks_done(session: Session, view: PairView, person: Person | None = None) -> bool:
    """The mentee thanked since the last invitation to (a gratitude reminder or the ending).
    In a peer pair each thanks the other: `person` has answered every reminder they got."""
    if view.peer and person is not None:
        mine = answers_repo.gratitude_of(session, pair_id=view.pair.id or 0, person_id=person.id)
        return bool(mine) and all(row.answered_at is not None for row in mine)
    thanked = view.pair.thanked_at
    if thanked is None or (view.pair.ended_at is not None and view.pair.ended_at > thanked):
        return False
    return answers_repo.gratitude_sent_since(session, pair_id=view.pair.id or 0, since=thanked) == 0
