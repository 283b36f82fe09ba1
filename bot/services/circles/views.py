"""A circle as the handlers show it: plain data, the people named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from storage.models import Circle, CircleMember, Person
from storage.repositories import circles as circles_repo


@dataclass(frozen=True)
class Someone:
    person_id: int
    slack_user_id: str
    name: str


@dataclass(frozen=True)
class CircleView:
    """A circle and its people; `members` are seated members, first to join first."""

    circle_id: int
    team_id: str
    topic: str
    skills: tuple[str, ...]
    seats: int
    seats_left: int
    cadence: str
    meeting_weekday: int
    needs_approval: bool
    status: str
    channel_id: str | None
    channel_is_private: bool
    mentor: Someone
    members: tuple[Someone, ...]

    @property
    def everyone(self) -> tuple[Someone, ...]:
        """The mentor, then the members: who the circle's conversation holds."""
        return (self.mentor, *self.members)


def someone(session: Session, person_id: int) -> Someone:
    person = session.get(Person, person_id)
    if person is None:
        return Someone(person_id, "", "")
    return Someone(person_id, person.slack_user_id, person.name)


def view_of(
    session: Session, circle: Circle, members: Sequence[CircleMember] | None = None
) -> CircleView:
    """`members`: the circle's seated rows when the caller has read them already."""
    assert circle.id is not None
    if members is None:
        members = circles_repo.members_of(session, circle_id=circle.id)
    return CircleView(
        circle_id=circle.id,
        team_id=circle.team_id,
        topic=circle.topic,
        skills=tuple(circle.skills),
        seats=circle.seats,
        seats_left=circle.seats_left,
        cadence=circle.cadence,
        meeting_weekday=circle.meeting_weekday,
        needs_approval=circle.needs_approval,
        status=circle.status,
        channel_id=circle.channel_id,
        channel_is_private=circle.channel_is_private,
        mentor=someone(session, circle.mentor_id),
        members=tuple(someone(session, m.person_id) for m in members),
    )
