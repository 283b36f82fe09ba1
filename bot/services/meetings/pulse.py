"""The pulse: a private 1-5 of how the mentoring goes, once per pulse message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.meetings.pair_access import delivery_for, mark_answered
from bot.services.programs import activity
from bot.services.refusals import NotYours
from storage.models import Person, PulseAnswer
from storage.models.deliveries import PULSE
from storage.repositories import pulse_answers as pulse_repo

LOW_PULSE = 2  # answers at or below this get the private offers


@dataclass(frozen=True)
class PulseResult:
    answer: PulseAnswer
    low: bool


def record_pulse(
    session: Session,
    *,
    team_id: str,
    delivery_id: int,
    person: Person,
    score: int,
    note: str,
    now: datetime,
) -> PulseResult:
    """Store a private pulse answer (once per pulse message)."""
    if not 1 <= score <= 5:
        raise ValueError("score is 1-5")
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    if row.kind != PULSE or row.pair_id is None:
        raise NotYours
    existing = pulse_repo.answer_to(session, delivery_id=row.id)
    if existing is not None:
        return PulseResult(existing, existing.score <= LOW_PULSE)
    answer = PulseAnswer(
        team_id=team_id,
        pair_id=row.pair_id,
        person_id=person.id or 0,
        delivery_id=row.id,
        score=score,
        note=note,
        created_at=now,
    )
    session.add(answer)
    mark_answered(session, row, now)
    activity.showed_life(session, pair_id=row.pair_id, now=now)
    session.flush()
    return PulseResult(answer, score <= LOW_PULSE)
