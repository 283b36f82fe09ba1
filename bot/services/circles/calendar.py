"""A circle's meeting in people's calendars: one series per circle (UID circle-<id>), in the
mentor's zone (the organiser), at the hour its prompt is planned at (the start of the working
hours the mentor and members share, see rhythm.py), an hour long, on its weekday and cadence.

Who gets a file: everyone when the circle first gets its time (its first member) or the hour
moves (the people's shared hours changed); otherwise the newcomer alone. A leaver gets a
cancel for themselves; a closing cancels the series for everyone. Every file sent raises the
circle's SEQUENCE (`invite_sequence`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlmodel import Session

from bot.clock import local, zone
from bot.services import cadence
from bot.services.calendar.agreement import attendee_of
from bot.services.calendar.invites import Series
from bot.services.circles.rhythm import next_meeting_day, people_of
from storage.models import Circle, Person
from storage.models.deliveries import CIRCLE_PROMPT
from storage.repositories import circle_deliveries as deliveries_repo
from storage.repositories import circles as circles_repo

LENGTH = timedelta(minutes=60)  # a group needs longer than a pair's 30 minutes


@dataclass(frozen=True)
class CircleFile:
    """One file to send: the series (or its cancellation) and whose DMs it goes to."""

    series: Series
    why: Literal["invite", "left", "closed"]
    to: tuple[Person, ...]

    @property
    def cancel(self) -> bool:
        return self.why != "invite"


def uid_for(circle_id: int, team_id: str) -> str:
    """Stable for the circle: every update and the cancellation replace the same series."""
    return f"circle-{circle_id}.{team_id.lower()}@mentorbot"


def conversation_url(circle: Circle) -> str:
    if not circle.channel_id:
        return ""
    return f"https://slack.com/app_redirect?channel={circle.channel_id}&team={circle.team_id}"


def meeting_start(session: Session, circle: Circle, *, now: datetime) -> datetime:
    """The next meeting's start (UTC): the day the scheduler planned or will plan next, at the
    moment its prompt goes (the start of the hours the people share, the mentor's otherwise)."""
    mentor, members = people_of(session, circle)
    today = cadence.local_day(now, mentor.tz)
    last = deliveries_repo.last_occurrence(session, circle_id=circle.id or 0, kind=CIRCLE_PROMPT)
    day = (
        last
        if last is not None and last > today
        else next_meeting_day(circle, last=last, today=today)
    )
    return cadence.first_group_moment_on(day, [mentor.tz, *(m.tz for m in members)])


def _same_time(one: datetime, other: datetime, tz: str | None) -> bool:
    """The same weekday and wall-clock time on the mentor's clock."""
    a, b = local(one, tz), local(other, tz)
    return (a.weekday(), a.time()) == (b.weekday(), b.time())


def series_of(
    circle: Circle, mentor: Person, attendees: list[Person], *, start: datetime
) -> Series:
    """What the circle's invite says, with `attendees` as its ATTENDEEs."""
    tz = mentor.tz or "UTC"
    topic = circle.topic
    lines = [f"Mentoring circle with {attendee_of(mentor).name} (mentor).", f"Topic: {topic}"]
    url = conversation_url(circle)
    if url:
        lines.append(f"The circle's conversation: {url}")
    return Series(
        uid=uid_for(circle.id or 0, circle.team_id),
        sequence=circle.invite_sequence,
        summary=f"Mentoring circle: {topic}",
        description="\n".join(lines),
        start=start.astimezone(zone(tz)),
        tz=tz,
        length=LENGTH,
        cadence=circle.cadence,
        organiser=attendee_of(mentor),
        attendees=tuple(attendee_of(p) for p in attendees),
        url=url,
    )


def _bump(session: Session, circle: Circle, start: datetime | None) -> None:
    circle.invite_sequence += 1
    if start is not None:
        circle.invite_start = start
    session.add(circle)
    session.flush()


def _current(session: Session, circle: Circle, now: datetime) -> tuple[datetime, bool]:
    """The series' start, and whether everyone must be sent it (first time, or a new hour)."""
    start = meeting_start(session, circle, now=now)
    mentor = session.get(Person, circle.mentor_id)
    kept = circle.invite_start
    if kept is not None and mentor is not None and _same_time(start, kept, mentor.tz):
        return kept, False
    return start, True


def after_join(
    session: Session, *, team_id: str, circle_id: int, person_id: int, now: datetime
) -> list[CircleFile]:
    """Someone was seated: the newcomer's invite, or everyone's when the time is new."""
    circle = circles_repo.get_circle(session, team_id=team_id, circle_id=circle_id)
    if circle is None or circle.status != "open":
        return []
    mentor, members = people_of(session, circle)
    start, everyone = _current(session, circle, now)
    _bump(session, circle, start)
    series = series_of(circle, mentor, members, start=start)
    to = (mentor, *members) if everyone else tuple(m for m in members if m.id == person_id)
    return [CircleFile(series, "invite", to)]


def after_leave(
    session: Session, *, team_id: str, circle_id: int, person_id: int, now: datetime
) -> list[CircleFile]:
    """A member left: a cancel for them; the others' update when the hour moved with it."""
    circle = circles_repo.get_circle(session, team_id=team_id, circle_id=circle_id)
    leaver = session.get(Person, person_id)
    if circle is None or circle.invite_start is None or leaver is None:
        return []
    mentor, members = people_of(session, circle)
    _bump(session, circle, None)
    files = [
        CircleFile(
            series_of(circle, mentor, [leaver], start=circle.invite_start), "left", (leaver,)
        )
    ]
    if circle.status != "open" or not members:
        return files
    start, everyone = _current(session, circle, now)
    if everyone:
        _bump(session, circle, start)
        files.append(
            CircleFile(
                series_of(circle, mentor, members, start=start), "invite", (mentor, *members)
            )
        )
    return files


def after_close(
    session: Session, *, team_id: str, circle_id: int, person_ids: list[int]
) -> list[CircleFile]:
    """The circle closed: the series cancelled for everyone who was in it (`person_ids`, read
    before the closing ended the memberships), the deactivated left out."""
    circle = circles_repo.get_circle(session, team_id=team_id, circle_id=circle_id)
    mentor = session.get(Person, circle.mentor_id) if circle is not None else None
    if circle is None or circle.invite_start is None or mentor is None:
        return []
    people = [p for i in person_ids if (p := session.get(Person, i)) is not None]
    _bump(session, circle, None)
    series = series_of(
        circle, mentor, [p for p in people if p.id != mentor.id], start=circle.invite_start
    )
    return [CircleFile(series, "closed", tuple(p for p in people if not p.is_deleted))]


def cancel_for(session: Session, *, circle: Circle, person: Person) -> Series | None:
    """A closed circle's cancellation for one member (the deactivated-mentor path: each
    member's note carries it). None when the circle never had a time."""
    mentor = session.get(Person, circle.mentor_id)
    if circle.invite_start is None or mentor is None:
        return None
    return series_of(circle, mentor, [person], start=circle.invite_start)


def bump_for_closing(session: Session, *, circle: Circle) -> None:
    """The deactivated-mentor closing: the cancellations its notes carry get a new SEQUENCE."""
    if circle.invite_start is not None:
        _bump(session, circle, None)
