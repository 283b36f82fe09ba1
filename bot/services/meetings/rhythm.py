"""A pair's rhythm: its cadence and weekday, a pause (at most six months) and resuming."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from bot.services import cadence, meeting_dates
from bot.services.calendar import changes
from bot.services.meetings.adapting import answer_adapt
from bot.services.meetings.pair_access import pair_view
from storage.models import Pair, Person
from storage.repositories import deliveries as deliveries_repo


def change_cadence(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    person: Person,
    cadence_name: str | None = None,
    weekday: int | None = None,
    now: datetime,
) -> Pair:
    """Set the pair's cadence and/or weekday and re-plan from today."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if cadence_name is not None and cadence_name not in cadence.CADENCES:
        raise ValueError(f"unknown cadence {cadence_name!r}")
    if weekday is not None and not 0 <= weekday < len(cadence.WEEKDAYS):
        raise ValueError("weekday is Monday-Friday")
    pair = view.pair
    if pair.status == "ended":
        raise ValueError("this mentoring has ended")
    changed = (cadence_name or pair.cadence, pair.meeting_weekday if weekday is None else weekday)
    if changed != (pair.cadence, pair.meeting_weekday):
        pair.cadence, pair.meeting_weekday = changed
        session.add(pair)
        meeting_dates.replan_meetings(session, pair_id=pair_id)
    answer_adapt(session, person, now, pair_id=pair_id)
    return pair


class PauseTooLong(ValueError):
    """A pause past six months: the person may mean to end the mentoring instead."""

    def __init__(self, latest: date) -> None:
        super().__init__(f"a pause is at most six months, until {latest.isoformat()}")
        self.latest = latest


@dataclass(frozen=True)
class Paused:
    pair: Pair
    calendar_changed: bool  # the agreed series ends before the pause: send the invites


def pause(
    session: Session, *, team_id: str, pair_id: int, person: Person, until: date, now: datetime
) -> Paused:
    """Stop all prompts for the pair until `until`, after today and at most six months on;
    its agreed series ends at the last meeting before the pause."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    today = cadence.local_day(now, person.tz)
    if until <= today:
        raise ValueError("choose a date after today")
    if until > cadence.latest_pause_end(today):
        raise PauseTooLong(cadence.latest_pause_end(today))
    if view.pair.status == "ended":
        raise ValueError("this mentoring has ended")
    view.pair.status, view.pair.paused_until = "paused", until
    session.add(view.pair)
    deliveries_repo.cancel_open(session, pair_id=pair_id)
    answer_adapt(session, person, now, pair_id=pair_id)
    paused = changes.pause_series(session, pair_id=pair_id, now=now)
    return Paused(view.pair, paused is not None)


@dataclass(frozen=True)
class Resumed:
    pair: Pair
    resumed_now: bool
    next_meeting: date | None
    calendar_changed: bool = False  # the agreed series starts again: send the invites


def resume(
    session: Session, *, team_id: str, pair_id: int, person: Person, now: datetime
) -> Resumed:
    """End a pause early (either person; idempotent) and plan the next meeting at once; the
    agreed series starts again on that day."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    pair = view.pair
    if pair.status != "paused":
        if pair.status == "ended":
            raise ValueError("this mentoring has ended")
        return Resumed(pair, False, None)
    meeting_dates.resume_pair(session, pair, now)
    day = meeting_dates.plan_meeting(session, pair, now)
    meeting_dates.plan_pulse(session, pair, now)
    answer_adapt(session, person, now, pair_id=pair_id)
    restarted = changes.resume_series(session, view, now=now, next_day=day)
    return Resumed(pair, True, day, restarted is not None)
