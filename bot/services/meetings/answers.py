"""What a person already answered to a scheduled message: a button whose work is done says so
instead of opening its form again."""

from __future__ import annotations

from sqlmodel import Session

from bot.services.meetings.pair_access import delivery_for
from storage.models import Meeting, Person, PulseAnswer
from storage.repositories import pairs as pairs_repo
from storage.repositories import pulse_answers as pulse_repo


def checkin_answer(
    session: Session, *, team_id: str, delivery_id: int, person: Person
) -> Meeting | None:
    """The person's record for the meeting this check-in asks about, if any (NotYours when the
    check-in was not sent to them)."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    if row.pair_id is None or row.occurrence is None:
        return None
    return pairs_repo.checkin_record(
        session, pair_id=row.pair_id, person_id=person.id or 0, held_on=row.occurrence
    )


def pulse_answer(
    session: Session, *, team_id: str, delivery_id: int, person: Person
) -> PulseAnswer | None:
    """The person's answer to this pulse, if any (NotYours when it was not sent to them)."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    return pulse_repo.answer_to(session, delivery_id=row.id)
