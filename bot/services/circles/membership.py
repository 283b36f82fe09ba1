"""Joining, waiting for the mentor's approval, leaving and closing a circle.

Seats never exceed the limit: a seat is taken by one conditional update (see
storage/repositories/circles.py) before the member row says "member", so of two people
pressing Join for the last seat at once, one gets it and the other a plain "it's full". A join
locks the joiner's row first, so one person pressing Join on two circles of the same mentor at
once ends up in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlmodel import Session

from bot.services.circles import closing, rhythm
from bot.services.circles.views import CircleView, Someone, someone, view_of
from bot.services.refusals import NotYours
from storage.models import Circle, CircleMember, Person
from storage.repositories import circles as circles_repo
from storage.repositories import people as people_repo

Kind = Literal[
    "joined",  # seated now
    "waiting",  # asked; the mentor approves or declines
    "approved",
    "declined",
    "left",
    "withdrawn",  # left while still waiting
    "closed_now",
    "already",  # the same click a moment ago: nothing changes
    "full",
    "closed",
    "own_circle",
    "same_mentor",  # already in another circle of this mentor
    "gone",  # no such circle in the workspace
]


@dataclass(frozen=True)
class Outcome:
    """What became of a join, an answer, a leave or a close, and whom to tell."""

    kind: Kind
    circle: CircleView | None = None
    person: Someone | None = None  # who joined, waits, was answered or left
    member_id: int | None = None
    next_waiting: Someone | None = None  # told that a seat came free
    was_member: bool = False


def join(session: Session, *, person: Person, circle_id: int, now: datetime) -> Outcome:
    """Seat the person at once, or (when the mentor approves joining) put them on the list.
    Their row is locked first: two Joins for two circles of one mentor at once seat one."""
    assert person.id is not None
    people_repo.lock_person(session, person_id=person.id)
    circle = circles_repo.get_circle(session, team_id=person.team_id, circle_id=circle_id)
    if circle is None or circle.program_id is not None:  # a program's round fills its circles
        return Outcome("gone")
    refusal = _refusal(session, circle=circle, person_id=person.id)
    if refusal is not None:
        return Outcome(refusal, view_of(session, circle))
    if circle.needs_approval:
        row = _row_in(session, circle=circle, person_id=person.id, status="waiting", now=now)
        if row is None:
            return Outcome("already", view_of(session, circle))
        return _outcome(session, "waiting", circle_id, row)
    if not circles_repo.take_seat(session, circle_id=circle_id):
        return _no_seat(session, circle_id)
    row = _row_in(session, circle=circle, person_id=person.id, status="member", now=now)
    if row is None:  # a double click seated them a moment ago: give this seat back
        circles_repo.free_seat(session, circle_id=circle_id)
        return Outcome("already", view_of(session, circle))
    rhythm.plan_for_newcomer(session, circle, person.id, now)
    return _outcome(session, "joined", circle_id, row)


def seat(session: Session, *, circle: Circle, person_id: int, now: datetime) -> CircleMember | None:
    """Seat someone a program's round matched into the circle; None when it is full or they
    are in it already."""
    assert circle.id is not None
    if not circles_repo.take_seat(session, circle_id=circle.id):
        return None
    row = _row_in(session, circle=circle, person_id=person_id, status="member", now=now)
    if row is None:
        circles_repo.free_seat(session, circle_id=circle.id)
    else:
        rhythm.plan_for_newcomer(session, circle, person_id, now)
    return row


def _refusal(session: Session, *, circle: Circle, person_id: int) -> Kind | None:
    assert circle.id is not None
    if circle.status != "open":
        return "closed"
    if circle.mentor_id == person_id:
        return "own_circle"
    row = circles_repo.member_row(session, circle_id=circle.id, person_id=person_id)
    if row is not None and row.status in circles_repo.ACTIVE:
        return "already"
    if circles_repo.in_other_circle_of_mentor(
        session,
        team_id=circle.team_id,
        mentor_id=circle.mentor_id,
        person_id=person_id,
        circle_id=circle.id,
    ):
        return "same_mentor"
    if circle.seats_left == 0:
        return "full"
    return None


def _row_in(
    session: Session, *, circle: Circle, person_id: int, status: str, now: datetime
) -> CircleMember | None:
    """The person's row in this status (a new one, or their old one after leaving or a
    decline); None when another click put it there first."""
    assert circle.id is not None
    values = {"status": status, "asked_at": now, "left_at": None}
    values["joined_at"] = now if status == "member" else None
    row = circles_repo.member_row(session, circle_id=circle.id, person_id=person_id)
    if row is None:
        row = circles_repo.add_member(
            session, team_id=circle.team_id, circle_id=circle.id, person_id=person_id, now=now
        )
        if row is None or row.id is None:
            return None
    elif row.id is None or not circles_repo.move_member(
        session, member_id=row.id, from_statuses=("left", "declined"), values=values
    ):
        return None
    if status == "member":
        assert row.id is not None
        circles_repo.move_member(
            session, member_id=row.id, from_statuses=("waiting",), values=values
        )
    return circles_repo.get_member(session, team_id=circle.team_id, member_id=int(row.id))


def _no_seat(session: Session, circle_id: int) -> Outcome:
    circle = session.get(Circle, circle_id, populate_existing=True)
    assert circle is not None
    return Outcome("closed" if circle.status != "open" else "full", view_of(session, circle))


def _outcome(
    session: Session, kind: Kind, circle_id: int, row: CircleMember, **extra: object
) -> Outcome:
    circle = session.get(Circle, circle_id, populate_existing=True)
    assert circle is not None
    return Outcome(
        kind,
        view_of(session, circle),
        someone(session, row.person_id),
        row.id,
        **extra,  # type: ignore[arg-type]
    )


def _mentors_waiting_row(
    session: Session, *, mentor: Person, member_id: int
) -> tuple[Circle, CircleMember]:
    """The waiting row and its circle, when the clicker is that circle's mentor."""
    member = circles_repo.get_member(session, team_id=mentor.team_id, member_id=member_id)
    if member is None:
        raise NotYours
    circle = circles_repo.get_circle(session, team_id=mentor.team_id, circle_id=member.circle_id)
    if circle is None or circle.mentor_id != mentor.id:
        raise NotYours
    return circle, member


def approve(session: Session, *, mentor: Person, member_id: int, now: datetime) -> Outcome:
    """The mentor seats someone waiting, if a seat is free; NotYours for anyone else."""
    circle, member = _mentors_waiting_row(session, mentor=mentor, member_id=member_id)
    assert circle.id is not None
    if member.status != "waiting":
        return _outcome(session, "already", circle.id, member)
    if not circles_repo.take_seat(session, circle_id=circle.id):
        return _no_seat(session, circle.id)
    moved = circles_repo.move_member(
        session,
        member_id=member_id,
        from_statuses=("waiting",),
        values={"status": "member", "joined_at": now},
    )
    if not moved:  # answered by another click a moment ago
        circles_repo.free_seat(session, circle_id=circle.id)
        return _outcome(session, "already", circle.id, member)
    rhythm.plan_for_newcomer(session, circle, member.person_id, now)
    return _outcome(session, "approved", circle.id, member)


def decline(session: Session, *, mentor: Person, member_id: int, now: datetime) -> Outcome:
    """The mentor says no to someone waiting; NotYours for anyone else."""
    circle, member = _mentors_waiting_row(session, mentor=mentor, member_id=member_id)
    assert circle.id is not None
    moved = circles_repo.move_member(
        session,
        member_id=member_id,
        from_statuses=("waiting",),
        values={"status": "declined", "left_at": now},
    )
    return _outcome(session, "declined" if moved else "already", circle.id, member)


def leave(session: Session, *, person: Person, circle_id: int, now: datetime) -> Outcome:
    """The person leaves (or stops waiting); a seat frees and the next person waiting is
    named, to be told. NotYours when they were never in the circle."""
    assert person.id is not None
    circle = circles_repo.get_circle(session, team_id=person.team_id, circle_id=circle_id)
    row = circles_repo.member_row(session, circle_id=circle_id, person_id=person.id)
    if circle is None or row is None or row.id is None:
        raise NotYours
    was_member = row.status == "member"
    if row.status not in circles_repo.ACTIVE or not circles_repo.move_member(
        session,
        member_id=row.id,
        from_statuses=(row.status,),
        # a seat taken again later starts the check-ins' count afresh
        values={"status": "left", "left_at": now, "checkins_held": False, "checkins_told_at": now},
    ):
        return _outcome(session, "already", circle_id, row)
    if not was_member:
        return _outcome(session, "withdrawn", circle_id, row)
    circles_repo.free_seat(session, circle_id=circle_id)
    waiting = circles_repo.members_of(session, circle_id=circle_id, statuses=("waiting",))
    following = (
        someone(session, waiting[0].person_id) if circle.status == "open" and waiting else None
    )
    return _outcome(session, "left", circle_id, row, next_waiting=following, was_member=True)


def close(session: Session, *, mentor: Person, circle_id: int, now: datetime) -> Outcome:
    """The mentor closes the circle, once: members leave, whoever waits is declined, and the
    rows stay as history. The outcome's circle has everyone who was in it, to tell them."""
    circle = circles_repo.get_circle(session, team_id=mentor.team_id, circle_id=circle_id)
    if circle is None or circle.mentor_id != mentor.id:
        raise NotYours
    before = view_of(session, circle)
    if not closing.close_once(session, circle_id=circle_id, now=now):
        return Outcome("already", before)
    return Outcome("closed_now", before)


def record_channel(
    session: Session, *, team_id: str, circle_id: int, channel_id: str | None, private: bool
) -> None:
    """Where the circle's conversation now lives (a new group DM after someone joins or
    leaves, the private channel it moved to, or None while only the mentor is left)."""
    circle = circles_repo.get_circle(session, team_id=team_id, circle_id=circle_id)
    if circle is not None:
        circle.channel_id = channel_id
        circle.channel_is_private = private
        session.add(circle)
        session.flush()


def get_view(session: Session, *, team_id: str, circle_id: int) -> CircleView | None:
    circle = circles_repo.get_circle(session, team_id=team_id, circle_id=circle_id)
    return view_of(session, circle) if circle is not None else None
