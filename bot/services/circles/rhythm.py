"""A circle's rhythm: what one meeting brings, planned ahead as a pair's is (see
bot/services/meeting_dates.py), and the pulse every five weeks.

One prompt per circle in its conversation, on the meeting day, inside the working hours the
mentor and members share (the mentor's when they share none); the day before, each member's
private come-prepared nudge; on the day, the mentor's list of the questions brought; the
working day after, each member's private check-in. Days are in the mentor's calendar.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.services import cadence
from storage.models import Circle, Delivery, Person
from storage.models.deliveries import (
    CIRCLE_CHECKIN,
    CIRCLE_PREPARE,
    CIRCLE_PROMPT,
    CIRCLE_PULSE,
    CIRCLE_QUESTIONS,
)
from storage.repositories import circle_deliveries as repo
from storage.repositories import circles as circles_repo
from storage.repositories import deliveries as deliveries_repo

# The messages one circle meeting brings, all tied to its day.
CIRCLE_MEETING_MESSAGES = (CIRCLE_PROMPT, CIRCLE_PREPARE, CIRCLE_QUESTIONS, CIRCLE_CHECKIN)


def people_of(session: Session, circle: Circle) -> tuple[Person, list[Person]]:
    """The mentor and the seated members (the deactivated left out), first to join first."""
    mentor = session.get(Person, circle.mentor_id)
    assert mentor is not None and circle.id is not None
    members = []
    for row in circles_repo.members_of(session, circle_id=circle.id):
        person = session.get(Person, row.person_id)
        if person is not None and not person.is_deleted:
            members.append(person)
    return mentor, members


def next_meeting_day(circle: Circle, *, last: date | None, today: date) -> date:
    """Strictly after today: the first meeting weekday, then one cadence period after the last
    planned one (never replaying periods missed while the app was down)."""
    if last is None:
        return cadence.first_meeting_on(weekday=circle.meeting_weekday, after=today)
    return cadence.next_meeting_on(
        cadence=circle.cadence,
        weekday=circle.meeting_weekday,
        anchor=last,
        today=max(today, last) + timedelta(days=1),
    )


def _row(
    kind: str,
    circle: Circle,
    person: Person | None,
    due: datetime,
    key: str,
    now: datetime,
    day: date,
) -> Delivery:
    row = deliveries_repo.new_delivery(
        kind, None, person, due, key, now, occurrence=day, team_id=circle.team_id
    )
    row.circle_id = circle.id
    return row


def plan_circle_meeting(session: Session, circle: Circle, now: datetime) -> date:
    """Create the next meeting's prompt, nudges, question list and check-ins; returns its day."""
    mentor, members = people_of(session, circle)
    today = cadence.local_day(now, mentor.tz)
    last = repo.last_occurrence(session, circle_id=circle.id or 0, kind=CIRCLE_PROMPT)
    day = next_meeting_day(circle, last=last, today=today)
    base = f"{circle.id}:{day.isoformat()}"
    zones = [mentor.tz, *(m.tz for m in members)]
    due = cadence.first_group_moment_on(day, zones)
    rows = [_row(CIRCLE_PROMPT, circle, None, due, f"{CIRCLE_PROMPT}:{base}", now, day)]
    for member in members:
        rows.extend(_members_rows(circle, member, day, today, now))
    due = cadence.first_send_on(day, mentor.tz)
    rows.append(_row(CIRCLE_QUESTIONS, circle, mentor, due, f"{CIRCLE_QUESTIONS}:{base}", now, day))
    deliveries_repo.add_deliveries(session, rows)
    return day


def _members_rows(
    circle: Circle, member: Person, day: date, today: date, now: datetime
) -> list[Delivery]:
    """A member's own messages about the meeting on `day`: the nudge the working day before
    (while that is not past) and the check-in the working day after. The keys name the
    circle, the day and the member, so the same rows are never made twice."""
    own = f"{circle.id}:{day.isoformat()}:{member.id}"
    rows = []
    prepare_day = cadence.previous_workday(day)
    if prepare_day >= today:
        due = cadence.first_send_on(prepare_day, member.tz)
        rows.append(_row(CIRCLE_PREPARE, circle, member, due, f"{CIRCLE_PREPARE}:{own}", now, day))
    due = cadence.first_send_on(cadence.next_workday(day), member.tz)
    rows.append(_row(CIRCLE_CHECKIN, circle, member, due, f"{CIRCLE_CHECKIN}:{own}", now, day))
    return rows


def plan_for_newcomer(session: Session, circle: Circle, person_id: int, now: datetime) -> int:
    """Someone seated after the circle's next meeting was planned: their nudge and check-in
    for each meeting planned after today, once (a leaver seated again gets no second pair);
    how many rows were made. A meeting today is left out: its prompt may be out already."""
    mentor, person = session.get(Person, circle.mentor_id), session.get(Person, person_id)
    if mentor is None or person is None or person.is_deleted:
        return 0
    today = cadence.local_day(now, mentor.tz)
    days = repo.planned_days(session, circle_id=circle.id or 0, kind=CIRCLE_PROMPT, after=today)
    rows = [row for day in days for row in _members_rows(circle, person, day, today, now)]
    return deliveries_repo.add_deliveries(session, rows)


def plan_circle_pulse(session: Session, circle: Circle, now: datetime) -> date:
    """Create the next private pulse for each member (every five weeks)."""
    mentor, members = people_of(session, circle)
    today = cadence.local_day(now, mentor.tz)
    last = repo.last_occurrence(session, circle_id=circle.id or 0, kind=CIRCLE_PULSE)
    start = last or cadence.local_day(circle.created_at, mentor.tz)
    day = max(start + cadence.PULSE_EVERY, today)
    rows = [
        _row(
            CIRCLE_PULSE,
            circle,
            member,
            cadence.first_send_on(day, member.tz),
            f"{CIRCLE_PULSE}:{circle.id}:{day.isoformat()}:{member.id}",
            now,
            day,
        )
        for member in members
    ]
    deliveries_repo.add_deliveries(session, rows)
    return day
