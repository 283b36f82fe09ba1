"""What a member answers to their circle's private messages: a question for the meeting, the
check-in after it, a thank-you to the mentor, the pulse, and the "still want these?" question.

Every answer names the delivery it answers, which must have been sent to the one answering
(NotYours for anyone else); each is stored once (a double click or a second submit changes
nothing but a question's wording, which its author may correct until the list goes out).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.services import cadence
from bot.services.circles.views import Someone, someone
from bot.services.meetings.pair_access import mark_answered
from bot.services.refusals import NotYours
from storage.models import Circle, CircleAnswer, Delivery, Person
from storage.models.deliveries import (
    CHECKIN,
    CIRCLE_ASK,
    CIRCLE_CHECKIN,
    CIRCLE_PREPARE,
    CIRCLE_PULSE,
    PULSE,
)
from storage.repositories import circle_deliveries as repo
from storage.repositories import circles as circles_repo

PAUSE_FOR = timedelta(weeks=4)  # "Pause for me": a month of the circle's meetings


@dataclass(frozen=True)
class Question:
    text: str
    asker: str  # their Slack id, when they chose to share their name; else ""


def delivery_of(
    session: Session, *, person: Person, delivery_id: int, kinds: tuple[str, ...]
) -> Delivery:
    """The circle delivery, if it was sent to `person` and is of one of `kinds`."""
    row = session.get(Delivery, delivery_id)
    if (
        row is None
        or row.team_id != person.team_id
        or row.person_id != person.id
        or row.circle_id is None
        or row.kind not in kinds
    ):
        raise NotYours
    return row


def _answer(row: Delivery, kind: str, now: datetime, **values: object) -> CircleAnswer:
    assert row.circle_id is not None and row.person_id is not None and row.id is not None
    return CircleAnswer(
        team_id=row.team_id,
        circle_id=row.circle_id,
        person_id=row.person_id,
        delivery_id=row.id,
        kind=kind,
        occurrence=row.occurrence,
        created_at=now,
        **values,  # type: ignore[arg-type]
    )


def save_question(
    session: Session, *, person: Person, delivery_id: int, text: str, share_name: bool,
    now: datetime,
) -> None:  # fmt: skip
    """The member's question for the meeting (a second submit rewrites it)."""
    if not text.strip():
        raise ValueError("write your question first")
    row = delivery_of(session, person=person, delivery_id=delivery_id, kinds=(CIRCLE_PREPARE,))
    existing = repo.answer_to(session, delivery_id=delivery_id, kind="question")
    if existing is not None:
        existing.text, existing.share_name = text, share_name
        session.add(existing)
    else:
        repo.add_answer(session, _answer(row, "question", now, text=text, share_name=share_name))
    mark_answered(session, row, now)


def save_checkin(
    session: Session, *, person: Person, delivery_id: int, usefulness: int, takeaway: str,
    now: datetime,
) -> bool:  # fmt: skip
    """How useful the meeting was (1-5) and one takeaway, private; True the first time."""
    if not 1 <= usefulness <= 5:
        raise ValueError("usefulness is 1 to 5")
    row = delivery_of(session, person=person, delivery_id=delivery_id, kinds=(CIRCLE_CHECKIN,))
    mark_answered(session, row, now)
    answer = _answer(row, CHECKIN, now, score=usefulness, text=takeaway)
    return repo.add_answer(session, answer)


def thank(session: Session, *, person: Person, delivery_id: int, now: datetime) -> Someone | None:
    """The member thanks the circle's mentor; the mentor to tell, or None when already thanked."""
    row = delivery_of(session, person=person, delivery_id=delivery_id, kinds=(CIRCLE_CHECKIN,))
    circle = session.get(Circle, row.circle_id)
    if circle is None or not repo.add_answer(session, _answer(row, "thanks", now)):
        return None
    return someone(session, circle.mentor_id)


def save_pulse(
    session: Session, *, person: Person, delivery_id: int, score: int, now: datetime
) -> bool:
    """How the circle is going for the member, 1-5, private; True the first time."""
    if not 1 <= score <= 5:
        raise ValueError("the pulse is 1 to 5")
    row = delivery_of(session, person=person, delivery_id=delivery_id, kinds=(CIRCLE_PULSE,))
    mark_answered(session, row, now)
    return repo.add_answer(session, _answer(row, PULSE, now, score=score))


def keep(session: Session, *, person: Person, delivery_id: int, now: datetime) -> int:
    """ "Keep them coming": the check-ins come again; returns the circle's id."""
    row = delivery_of(session, person=person, delivery_id=delivery_id, kinds=(CIRCLE_ASK,))
    mark_answered(session, row, now)
    member = circles_repo.seat_of(session, circle_id=row.circle_id or 0, person_id=person.id or 0)
    if member is not None and member.id is not None:
        repo.release_checkins(session, member_id=member.id, now=now)
    return row.circle_id or 0


def pause_me(session: Session, *, person: Person, delivery_id: int, now: datetime) -> date:
    """ "Pause for me": the member's own circle messages wait four weeks (the circle's prompts
    go on for everyone); returns the last day of the pause."""
    row = delivery_of(session, person=person, delivery_id=delivery_id, kinds=(CIRCLE_ASK,))
    member = circles_repo.seat_of(session, circle_id=row.circle_id or 0, person_id=person.id or 0)
    if member is None or member.id is None:
        raise ValueError("you're no longer in this circle")
    until = cadence.local_day(now, person.tz) + PAUSE_FOR
    repo.set_paused_until(session, member_id=member.id, until=until)
    mark_answered(session, row, now)
    repo.release_checkins(session, member_id=member.id, now=now)
    return until


def questions_for(session: Session, *, circle_id: int, occurrence: date) -> tuple[Question, ...]:
    """The questions brought for the meeting, named only where their author chose so."""
    found = []
    for answer in repo.questions_for(session, circle_id=circle_id, occurrence=occurrence):
        asker = someone(session, answer.person_id).slack_user_id if answer.share_name else ""
        found.append(Question(answer.text, asker))
    return tuple(found)
