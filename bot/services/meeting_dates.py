"""When a pair's next meeting is: one answer for the scheduler, App Home, the group DM and
the /mentor answers. Days are in the mentee's calendar, as the scheduler plans them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.services import cadence
from storage.models import Pair, Person
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import meeting_prompts as prompts_repo


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
    last = deliveries_repo.last_occurrence(session, pair_id=pair.id, kind="meeting_prompt")
    return following_meeting(pair, last=last, today=today, tz=tz)
