"""Check-ins: one person's record of a meeting, answered once (a correction of "we didn't
meet" aside)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from bot.services import cadence, prompt_answers
from bot.services.meetings.gratitude import queue_gratitude
from bot.services.meetings.pair_access import PairView, delivery_for, mark_answered, pair_view
from bot.services.refusals import NotYours
from storage.models import Delivery, Meeting, Person
from storage.repositories import meetings as meetings_repo
from storage.repositories import pairs as pairs_repo

OUTCOMES = ("met", "missed", "rescheduled")


@dataclass(frozen=True)
class CheckinResult:
    meeting: Meeting
    created: bool
    gratitude_queued: bool
    corrected: bool = False  # an earlier "we didn't meet" became "we met" with these answers
    repeat: bool = False  # the same modal submitted again: nothing new to say


def record_checkin(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    person: Person,
    outcome: str,
    now: datetime,
    usefulness: int | None = None,
    takeaway: str = "",
    next_steps: str = "",
    delivery_id: int | None = None,
    held_on: date | None = None,
    token: str | None = None,
) -> CheckinResult:
    """Store one person's meeting record; a check-in answered twice keeps the first, and so
    does a check-in modal submitted twice (same `token`)."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    prompt_answers.pair_spoke(session, pair_id=pair_id, now=now)
    repeat = _repeat(session, token, person)
    if repeat is not None:
        return repeat
    answers = _Answers(outcome, usefulness, takeaway, next_steps, token)
    _check(answers)
    row = None
    if delivery_id is not None:
        row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
        earlier = _answered_before(session, view, row, person, answers, now)
        if earlier is not None:
            return earlier
        mark_answered(session, row, now)
    day = held_on or (
        row.occurrence if row and row.occurrence else cadence.local_day(now, person.tz)
    )
    meeting = _add_meeting(session, view, person, answers, day, row is not None, now)
    return CheckinResult(meeting, True, queue_gratitude(session, view, meeting, usefulness, now))


@dataclass(frozen=True)
class _Answers:
    outcome: str
    usefulness: int | None
    takeaway: str
    next_steps: str
    token: str | None


def _repeat(session: Session, token: str | None, person: Person) -> CheckinResult | None:
    """The record this modal submission (by its token) already made, if any."""
    same = meetings_repo.meeting_by_token(session, token=token) if token else None
    if same is None:
        return None
    if same.person_id != person.id:
        raise NotYours
    return CheckinResult(same, False, False, repeat=True)


def _check(answers: _Answers) -> None:
    if answers.outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {answers.outcome!r}")
    if answers.usefulness is not None and not 1 <= answers.usefulness <= 5:
        raise ValueError("usefulness is 1-5")


def _answered_before(
    session: Session,
    view: PairView,
    row: Delivery,
    person: Person,
    answers: _Answers,
    now: datetime,
) -> CheckinResult | None:
    """The record an earlier answer to this check-in made; None when there is none."""
    existing = _meeting_for(session, view.pair.id or 0, person.id or 0, row.occurrence)
    if row.answered_at is None or existing is None:
        return None
    if answers.outcome != "met" or existing.outcome == "met":
        return CheckinResult(existing, False, False)
    # They said "we didn't meet", then filled in "we met": the later answer is the
    # correction, so keep it rather than drop what they wrote.
    existing.outcome, existing.usefulness = answers.outcome, answers.usefulness
    existing.takeaway, existing.next_steps = answers.takeaway, answers.next_steps
    existing.submission_token = answers.token or existing.submission_token
    session.add(existing)
    session.flush()
    queued = queue_gratitude(session, view, existing, answers.usefulness, now)
    return CheckinResult(existing, False, queued, corrected=True)


def _add_meeting(
    session: Session,
    view: PairView,
    person: Person,
    answers: _Answers,
    day: date,
    from_checkin: bool,
    now: datetime,
) -> Meeting:
    meeting = Meeting(
        team_id=view.pair.team_id,
        pair_id=view.pair.id or 0,
        person_id=person.id or 0,
        held_on=day,
        outcome=answers.outcome,
        usefulness=answers.usefulness,
        takeaway=answers.takeaway,
        next_steps=answers.next_steps,
        source="checkin" if from_checkin else "manual",
        created_at=now,
        submission_token=answers.token or None,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _meeting_for(
    session: Session, pair_id: int, person_id: int, day: date | None
) -> Meeting | None:
    if day is None:
        return None
    return pairs_repo.checkin_record(session, pair_id=pair_id, person_id=person_id, held_on=day)
