"""A channel summary's circle figures, about the channel's members (see channel.py).

- open circles: circles open at the end of the period with a member of the channel as their
  mentor or in a seat, about the members in them (mentor and seats);
- people in circles: members who lead a circle open at the end of the period or hold a seat in
  one, about themselves;
- circle meetings held: distinct (circle, meeting day) in the period for which a member answered
  the check-in (it asks how useful the meeting was; circles keep no "met" record), of the
  circles counted, about the members among their mentors and the members who answered.

Each is a summaries Figure, shown about five people or more (the one rule, figures.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.services.summaries.figures import Figure
from bot.services.summaries.periods import Window
from storage.repositories import circle_summaries as repo


@dataclass
class CircleRows:
    circles: dict[int, tuple[int, datetime, datetime | None]] = field(default_factory=dict)
    seats: list[Any] = field(default_factory=list)  # (circle_id, person_id, joined, left)
    checkins: list[Any] = field(default_factory=list)  # (circle_id, person_id, occurrence)


@dataclass(frozen=True)
class CircleFigures:
    open_circles: Figure
    people_in_circles: Figure
    circle_meetings: Figure


def load_circles(
    session: Session, *, team_id: str, members: set[int], since: Window, last_day: date
) -> CircleRows:
    """The circles of the channel's members from the start of `since` to `last_day`."""
    found = repo.circles_of(
        session, team_id=team_id, person_ids=sorted(members), ended_after=since.start_at
    )
    rows = CircleRows(circles={int(r[0]): (int(r[1]), r[2], r[3]) for r in found})
    if rows.circles:
        ids = sorted(rows.circles)
        rows.seats = repo.seats_of(session, circle_ids=ids)
        rows.checkins = repo.checkins_of(
            session, circle_ids=ids, first_day=since.first_day, last_day=last_day
        )
    return rows


def _live(start: datetime | None, end: datetime | None, moment: datetime) -> bool:
    return start is not None and start < moment and (end is None or end >= moment)


def circle_figures(rows: CircleRows, members: set[int], window: Window) -> CircleFigures:
    moment = window.end_at
    people_of: dict[int, set[int]] = {}
    for circle_id, (mentor_id, created, closed) in rows.circles.items():
        if _live(created, closed, moment):
            people_of[circle_id] = {mentor_id} & members
    for circle_id, person_id, joined, left in rows.seats:
        if circle_id in people_of and person_id in members and _live(joined, left, moment):
            people_of[circle_id].add(person_id)
    counted = {c: p for c, p in people_of.items() if p}
    in_circles = set().union(*counted.values())
    meetings: set[tuple[int, date]] = set()
    met: set[int] = set()
    for circle_id, person_id, occurrence in rows.checkins:
        if circle_id in rows.circles and window.first_day <= occurrence <= window.last_day:
            meetings.add((circle_id, occurrence))
            met.update({person_id, rows.circles[circle_id][0]} & members)
    return CircleFigures(
        open_circles=Figure(len(counted), len(in_circles)),
        people_in_circles=Figure(len(in_circles), len(in_circles)),
        circle_meetings=Figure(len(meetings), len(met)),
    )
