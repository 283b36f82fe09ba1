"""When a pair's next meeting is: one answer for the scheduler, App Home, the group DM and
the /mentor answers. Days are in the mentee's calendar, as the scheduler plans them.

Also what a meeting brings, planned ahead: the come-prepared nudge, the prompt and the two
check-ins, and every five weeks the pulse. The scheduler's pass plans pairs with nothing open
(bot/scheduler/kinds names these planners); a resumed pair is planned at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.services import cadence
from bot.services.programs import activity
from storage.models import Delivery, Pair, Person
from storage.models.deliveries import CHECKIN, MEETING_PROMPT, PREPARE, PULSE
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import meeting_prompts as prompts_repo

# The messages one meeting brings, all tied to its day (replan_meetings drops them together).
MEETING_MESSAGES = (MEETING_PROMPT, PREPARE, CHECKIN)
OPEN_NUDGE_FOR = timedelta(days=3)  # a come-prepared nudge takes the mentee's answer this long


def first_meeting(pair: Pair, *, today: date, tz: str | None = None) -> date:
    """The first meeting weekday after the pair started (what the introduction proposed),
    today included: accepted late on Monday, Tuesday's meeting still holds after midnight.
    Once that day is past, the first one after today."""
    started = min(cadence.local_day(pair.started_at, tz), today)  # a pass may run behind
    day = cadence.first_meeting_on(weekday=pair.meeting_weekday, after=started)
    if day >= today:
        return day
    return cadence.first_meeting_on(weekday=pair.meeting_weekday, after=today)


def following_meeting(pair: Pair, *, last: date | None, today: date, tz: str | None = None) -> date:
    """The meeting day the scheduler plans next: strictly after today, one cadence period
    after the last planned one (never replaying periods missed while the app was down)."""
    if last is None:
        return first_meeting(pair, today=today, tz=tz)
    after = max(today, last) + timedelta(days=1)
    return cadence.next_meeting_on(
        cadence=pair.cadence, weekday=pair.meeting_weekday, anchor=last, today=after
    )


def next_meeting(session: Session, pair: Pair, *, now: datetime) -> date | None:
    """The pair's next meeting day (today's included); None unless the pair is active."""
    if pair.status != "active" or pair.id is None:
        return None
    mentee = session.get(Person, pair.mentee_id)
    tz = mentee.tz if mentee else None
    today = cadence.local_day(now, tz)
    planned = prompts_repo.next_planned_day(
        session, pair_id=pair.id, weekday=pair.meeting_weekday, from_day=today
    )
    if planned is not None:
        return planned
    last = deliveries_repo.last_occurrence(session, pair_id=pair.id, kind=MEETING_PROMPT)
    return following_meeting(pair, last=last, today=today, tz=tz)


# --- planning a pair's messages -----------------------------------------------------------------


@dataclass(frozen=True)
class PairPeople:
    pair: Pair
    mentor: Person
    mentee: Person


def _people(session: Session, pair: Pair) -> PairPeople:
    mentor = session.get(Person, pair.mentor_id)
    mentee = session.get(Person, pair.mentee_id)
    assert mentor is not None and mentee is not None
    return PairPeople(pair, mentor, mentee)


def plan_meeting(session: Session, pair: Pair, now: datetime) -> date:
    """Create the next meeting's nudge, prompt and check-ins; returns the meeting day."""
    people = _people(session, pair)
    tz = people.mentee.tz
    today = cadence.local_day(now, tz)
    last = deliveries_repo.last_occurrence(session, pair_id=pair.id or 0, kind=MEETING_PROMPT)
    day = following_meeting(pair, last=last, today=today, tz=tz)
    base = f"{pair.id}:{day.isoformat()}"

    def row(kind: str, person: Person | None, due: datetime, key: str) -> Delivery:
        return deliveries_repo.new_delivery(kind, pair, person, due, key, now, occurrence=day)

    prompt_due = cadence.first_send_on(day, tz, people.mentor.tz)
    rows = [row(MEETING_PROMPT, None, prompt_due, f"{MEETING_PROMPT}:{base}")]
    prepare_day = cadence.previous_workday(day)
    if prepare_day >= today:
        due = cadence.first_send_on(prepare_day, tz)
        rows.append(row(PREPARE, people.mentee, due, f"{PREPARE}:{base}"))
        if pair.kind == "peer":  # each brings questions: both get the nudge
            due = cadence.first_send_on(prepare_day, people.mentor.tz)
            key = f"{PREPARE}:{base}:{people.mentor.id}"
            rows.append(row(PREPARE, people.mentor, due, key))
    checkin_day = cadence.next_workday(day)
    for person in (people.mentor, people.mentee):
        due = cadence.first_send_on(checkin_day, person.tz)
        rows.append(row(CHECKIN, person, due, f"{CHECKIN}:{base}:{person.id}"))
    deliveries_repo.add_deliveries(session, rows)
    return day


def plan_pulse(session: Session, pair: Pair, now: datetime) -> date:
    """Create the next private pulse for both people (every five weeks)."""
    people = _people(session, pair)
    today = cadence.local_day(now, people.mentee.tz)
    last = deliveries_repo.last_occurrence(session, pair_id=pair.id or 0, kind=PULSE)
    start = last or cadence.local_day(pair.started_at, people.mentee.tz)
    day = max(start + cadence.PULSE_EVERY, today)
    rows = [
        deliveries_repo.new_delivery(
            PULSE,
            pair,
            person,
            cadence.first_send_on(day, person.tz),
            f"{PULSE}:{pair.id}:{day.isoformat()}:{person.id}",
            now,
            occurrence=day,
        )
        for person in (people.mentor, people.mentee)
    ]
    deliveries_repo.add_deliveries(session, rows)
    return day


def replan_meetings(session: Session, *, pair_id: int) -> int:
    """The pair's rhythm changed: drop the messages of meetings still to come (their prompt is
    not out yet); the next pass plans anew. Check-ins for a meeting that already happened stay.
    """
    rows = deliveries_repo.open_for_pair(session, pair_id=pair_id)
    upcoming = {r.occurrence for r in rows if r.kind == MEETING_PROMPT}
    count = 0
    for row in rows:
        if row.kind in MEETING_MESSAGES and row.occurrence in upcoming:
            deliveries_repo.cancel(session, row)
            count += 1
    return count


def resume_pair(session: Session, pair: Pair, now: datetime | None = None) -> None:
    """The pair is active again (its pause ended or was lifted); plan it next. With `now`, its
    silence clock starts again: the days of a pause are not silence."""
    pair.status, pair.paused_until = "active", None
    session.add(pair)
    if now is not None and pair.id is not None:
        activity.showed_life(session, pair_id=pair.id, now=now)
