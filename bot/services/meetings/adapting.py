"""The "three unanswered" question: any answer to it lifts the holds and starts the count of
unanswered prompts afresh."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.services import prompt_answers
from bot.services.meetings.pair_access import delivery_for
from storage.models import Person
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import delivery_answers as answers_repo


def answer_adapt(
    session: Session, person: Person, now: datetime, *, pair_id: int | None = None
) -> None:
    """Any answer to "pause or change the cadence?" lifts the person's holds, and for a pair
    starts the count of its unanswered meeting prompts afresh."""
    deliveries_repo.lift_holds(session, person_id=person.id or 0, now=now)
    if pair_id is not None:
        prompt_answers.pair_spoke(session, pair_id=pair_id, now=now)
    for row in answers_repo.unanswered_adapt_asks(session, person_id=person.id, pair_id=pair_id):
        row.answered_at = now
        session.add(row)


def keep_reminders(
    session: Session, *, team_id: str, delivery_id: int, person: Person, now: datetime
) -> None:
    """The person wants the reminders as they are."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    answer_adapt(session, person, now, pair_id=row.pair_id)
