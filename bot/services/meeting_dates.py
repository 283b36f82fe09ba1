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
from bot.services.calendar import schedule
from bot.services.programs import activity
from storage.models import Delivery, Pair, Person
from storage.models.deliveries import CHECKIN, MEETING_PROMPT, PREPARE, PULSE
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import meeting_prompts as prompts_repo
from storage.repositories import pairs as pairs_repo

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
    agreed = schedule.agreed_time(session, pair_id=pair.id) is not None
    # With an agreed time the days follow its occurrences, whatever weekday they fall on.
    weekday = None if agreed else pair.meeting_weekday
    planned = prompts_repo.next_planned_day(
        session, pair_id=pair.id, weekday=weekday, from_day=today
    )
    if planned is not None:
        return planned
    if agreed:
        coming = schedule.next_agreed(session, pair_id=pair.id, mentee_tz=tz, last=None, now=now)
        if coming is not None:
            return coming.day
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
    """Create the next meeting's nudge, prompt and check-ins; returns the meeting day. With an
    agreed time they follow its next occurrence (bot/services/calendar/schedule.py)."""
    people = _people(session, pair)
    tz = people.mentee.tz
    today = cadence.local_day(now, tz)
    last = deliveries_repo.last_occurrence(session, pair_id=pair.id or 0, kind=MEETING_PROMPT)
    agreed = schedule.next_agreed(session, pair_id=pair.id or 0, mentee_tz=tz, last=last, now=now)
    if agreed is not None:
        due = _agreed_due(agreed, people)
        day = agreed.day
    else:
        day = following_meeting(pair, last=last, today=today, tz=tz)
        due = _weekday_due(day, people)
    base = f"{pair.id}:{day.isoformat()}"

    def row(kind: str, person: Person | None, due: datetime, key: str) -> Delivery:
        return deliveries_repo.new_delivery(kind, pair, person, due, key, now, occurrence=day)

    rows = [row(MEETING_PROMPT, None, due.prompt, f"{MEETING_PROMPT}:{base}")]
    if cadence.local_day(due.prepare, tz) >= today:
        rows.append(row(PREPARE, people.mentee, due.prepare, f"{PREPARE}:{base}"))
        if pair.kind == "peer":  # each brings questions: both get the nudge
            key = f"{PREPARE}:{base}:{people.mentor.id}"
            rows.append(row(PREPARE, people.mentor, due.prepare_other, key))
    for person in (people.mentor, people.mentee):
        key = f"{CHECKIN}:{base}:{person.id}"
        rows.append(row(CHECKIN, person, due.checkin[person.id or 0], key))
    deliveries_repo.add_deliveries(session, rows)
    return day


@dataclass(frozen=True)
class _Due:
    prompt: datetime
    prepare: datetime
    prepare_other: datetime  # a peer pair: the other's nudge, on their own clock
    checkin: dict[int, datetime]  # by person id


def _weekday_due(day: date, people: PairPeople) -> _Due:
    """Without an agreed time: the nudge the working day before, the prompt at the start of
    the hours the two share on the day, the check-ins the working day after."""
    tz = people.mentee.tz
    checkin_day = cadence.next_workday(day)
    return _Due(
        prompt=cadence.first_send_on(day, tz, people.mentor.tz),
        prepare=cadence.first_send_on(cadence.previous_workday(day), tz),
        prepare_other=cadence.first_send_on(cadence.previous_workday(day), people.mentor.tz),
        checkin={
            p.id or 0: cadence.first_send_on(checkin_day, p.tz)
            for p in (people.mentor, people.mentee)
        },
    )


def _agreed_due(meeting: schedule.AgreedMeeting, people: PairPeople) -> _Due:
    return _Due(
        prompt=schedule.prompt_due(meeting, people.mentee.tz, people.mentor.tz),
        prepare=schedule.prepare_due(meeting, people.mentee.tz),
        prepare_other=schedule.prepare_due(meeting, people.mentor.tz),
        checkin={
            p.id or 0: schedule.checkin_due(meeting, p.tz) for p in (people.mentor, people.mentee)
        },
    )


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


def zone_changed(session: Session, *, person: Person) -> int:
    """A person's zone changed: the meetings of their pairs with an agreed time are planned
    again, on the days and hours the series' occurrences now fall on for them (the series
    itself stays in its organiser's zone). Returns how many rows were dropped for it."""
    pairs = pairs_repo.live_pairs_of(session, team_id=person.team_id, person_id=person.id or 0)
    return sum(
        replan_meetings(session, pair_id=pair.id)
        for pair in pairs
        if pair.id is not None and schedule.agreed_time(session, pair_id=pair.id) is not None
    )


def resume_pair(session: Session, pair: Pair, now: datetime | None = None) -> None:
    """The pair is active again (its pause ended or was lifted); plan it next. With `now`, its
    silence clock starts again: the days of a pause are not silence."""
    pair.status, pair.paused_until = "active", None
    session.add(pair)
    if now is not None and pair.id is not None:
        activity.showed_life(session, pair_id=pair.id, now=now)
