"""Joining, approval, leaving and closing: seats never exceed the limit, plain refusals."""

from __future__ import annotations

import pytest

from bot.services.circles import membership
from bot.services.refusals import NotYours
from storage.engine import Database
from storage.repositories import circles as circles_repo
from tests.services.circles.builders import NOW, TEAM, circle_of, mentor, person


def test_joining_without_approval_seats_at_once_until_full(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        circle = circle_of(session, max_, seats=2)
        ana, bo, cy = (person(session, s) for s in ("UANA", "UBO", "UCY"))
        first = membership.join(session, person=ana, circle_id=circle.circle_id, now=NOW)
        again = membership.join(session, person=ana, circle_id=circle.circle_id, now=NOW)
        second = membership.join(session, person=bo, circle_id=circle.circle_id, now=NOW)
        third = membership.join(session, person=cy, circle_id=circle.circle_id, now=NOW)
    assert (first.kind, again.kind, second.kind, third.kind) == (
        "joined",
        "already",
        "joined",
        "full",
    )
    assert second.circle is not None and second.circle.seats_left == 0
    assert [m.slack_user_id for m in second.circle.members] == ["UANA", "UBO"]
    assert [p.slack_user_id for p in second.circle.everyone] == ["UMAX", "UANA", "UBO"]


def test_plain_refusals(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        first, second = circle_of(session, max_), circle_of(session, max_)
        ana = person(session, "UANA")
        assert (
            membership.join(session, person=max_, circle_id=first.circle_id, now=NOW).kind
            == "own_circle"
        )
        assert (
            membership.join(session, person=ana, circle_id=first.circle_id, now=NOW).kind
            == "joined"
        )
        same = membership.join(session, person=ana, circle_id=second.circle_id, now=NOW)
        assert same.kind == "same_mentor"
        assert membership.join(session, person=ana, circle_id=99999, now=NOW).kind == "gone"
        membership.close(session, mentor=max_, circle_id=second.circle_id, now=NOW)
        bo = person(session, "UBO")
        assert (
            membership.join(session, person=bo, circle_id=second.circle_id, now=NOW).kind
            == "closed"
        )


def test_approval_puts_people_on_a_list_the_mentor_answers(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        circle = circle_of(session, max_, seats=2, approval=True)
        ana, bo = person(session, "UANA"), person(session, "UBO")
        asked = membership.join(session, person=ana, circle_id=circle.circle_id, now=NOW)
        other = membership.join(session, person=bo, circle_id=circle.circle_id, now=NOW)
        assert asked.kind == "waiting" and asked.circle is not None
        assert asked.circle.members == () and asked.member_id is not None
        with pytest.raises(NotYours):
            membership.approve(session, mentor=bo, member_id=asked.member_id, now=NOW)
        approved = membership.approve(session, mentor=max_, member_id=asked.member_id, now=NOW)
        assert approved.kind == "approved" and approved.circle is not None
        assert approved.circle.seats_left == 1
        twice = membership.approve(session, mentor=max_, member_id=asked.member_id, now=NOW)
        assert twice.kind == "already"
        assert other.member_id is not None
        with pytest.raises(NotYours):
            membership.decline(session, mentor=ana, member_id=other.member_id, now=NOW)
        declined = membership.decline(session, mentor=max_, member_id=other.member_id, now=NOW)
        assert declined.kind == "declined" and declined.person is not None
        assert declined.person.slack_user_id == "UBO"
        again = membership.join(session, person=bo, circle_id=circle.circle_id, now=NOW)
        assert again.kind == "waiting"  # asking again after a no is allowed


def test_leaving_frees_the_seat_and_names_the_next_person_waiting(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        circle = circle_of(session, max_, seats=2, approval=True)
        ana, bo, cy = (person(session, s) for s in ("UANA", "UBO", "UCY"))
        for p in (ana, bo):
            asked = membership.join(session, person=p, circle_id=circle.circle_id, now=NOW)
            assert asked.member_id is not None
            membership.approve(session, mentor=max_, member_id=asked.member_id, now=NOW)
        full = membership.join(session, person=cy, circle_id=circle.circle_id, now=NOW)
        assert full.kind == "full"
        # Cy waits only once a seat is free; with Bo on the list too the first in line is told.
        left = membership.leave(session, person=ana, circle_id=circle.circle_id, now=NOW)
        assert left.kind == "left" and left.next_waiting is None and left.was_member
        waiting = membership.join(session, person=cy, circle_id=circle.circle_id, now=NOW)
        assert waiting.kind == "waiting"
        left_bo = membership.leave(session, person=bo, circle_id=circle.circle_id, now=NOW)
        assert left_bo.next_waiting is not None and left_bo.next_waiting.slack_user_id == "UCY"
        assert left_bo.circle is not None and left_bo.circle.seats_left == 2
        twice = membership.leave(session, person=bo, circle_id=circle.circle_id, now=NOW)
        assert twice.kind == "already"
        with pytest.raises(NotYours):
            membership.leave(session, person=max_, circle_id=circle.circle_id, now=NOW)
        withdrawn = membership.leave(session, person=cy, circle_id=circle.circle_id, now=NOW)
        assert withdrawn.kind == "withdrawn"


def test_closing_keeps_the_history_and_happens_once(db: Database) -> None:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        circle = circle_of(session, max_, seats=3)
        ana, bo = person(session, "UANA"), person(session, "UBO")
        membership.join(session, person=ana, circle_id=circle.circle_id, now=NOW)
        with pytest.raises(NotYours):
            membership.close(session, mentor=ana, circle_id=circle.circle_id, now=NOW)
        closed = membership.close(session, mentor=max_, circle_id=circle.circle_id, now=NOW)
        assert closed.kind == "closed_now" and closed.circle is not None
        assert [m.slack_user_id for m in closed.circle.members] == ["UANA"]  # to be told
        twice = membership.close(session, mentor=max_, circle_id=circle.circle_id, now=NOW)
        assert twice.kind == "already"
        rows = circles_repo.members_of(session, circle_id=circle.circle_id, statuses=("left",))
        assert [r.left_at for r in rows] == [NOW]
        stored = circles_repo.get_circle(session, team_id=TEAM, circle_id=circle.circle_id)
        assert stored is not None and stored.status == "closed" and stored.topic
        assert (
            membership.join(session, person=bo, circle_id=circle.circle_id, now=NOW).kind
            == "closed"
        )
