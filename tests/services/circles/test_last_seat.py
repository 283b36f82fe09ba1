"""Two people pressing Join for the last seat at the same moment: one gets it. On SQLite
(writers take turns at BEGIN IMMEDIATE) and PostgreSQL (the conditional UPDATE waits for the
other's row lock, then finds no seat)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from bot.services.circles import membership
from storage.engine import Database
from storage.models import Person
from storage.repositories import circles as circles_repo
from storage.repositories import people as people_repo
from tests.services.circles.builders import NOW, TEAM, circle_of, mentor, person
from tests.services.programs.test_concurrency import _at_once, _held


def _world(db: Database, *, approval: bool) -> tuple[int, list[int], int]:
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        circle = circle_of(session, max_, seats=2, approval=approval)
        first = person(session, "UFIRST")
        membership.join(session, person=first, circle_id=circle.circle_id, now=NOW)
        racers = [int(person(session, s).id or 0) for s in ("URACE1", "URACE2")]
        return circle.circle_id, racers, int(max_.id or 0)


def _both_before_the_seat(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL both units of work have checked "one seat left" before either takes it.
    SQLite lets one writer in at a time, so there the second simply starts after the first."""
    if not db.is_sqlite:
        monkeypatch.setattr(
            circles_repo, "take_seat", _held(threading.Barrier(2), circles_repo.take_seat)
        )


def _unit(db: Database, work: Callable[[Any], membership.Outcome]) -> Callable[[], str]:
    def run() -> str:
        with db.begin() as session:
            return work(session).kind

    return run


def test_two_joins_for_the_last_seat_seat_one(
    sqlite_or_postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = sqlite_or_postgres
    circle_id, racers, _ = _world(db, approval=False)
    # Both have read "one seat left" before either takes it.
    _both_before_the_seat(db, monkeypatch)

    def join(person_id: int) -> Callable[[], str]:
        def work(session: Any) -> membership.Outcome:
            racer = session.get(Person, person_id)
            return membership.join(session, person=racer, circle_id=circle_id, now=NOW)

        return _unit(db, work)

    kinds = _at_once([join(racers[0]), join(racers[1])])
    assert sorted(kinds) == ["full", "joined"]
    _assert_seated(db, circle_id, expected=2)


def test_two_approvals_for_the_last_seat_seat_one(
    sqlite_or_postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = sqlite_or_postgres
    circle_id, racers, mentor_id = _world(db, approval=True)
    with db.begin() as session:
        first_row = circles_repo.members_of(session, circle_id=circle_id, statuses=("waiting",))
        owner = session.get(Person, mentor_id)
        assert owner is not None
        membership.approve(session, mentor=owner, member_id=int(first_row[0].id or 0), now=NOW)
        asked = [
            membership.join(
                session, person=session.get_one(Person, r), circle_id=circle_id, now=NOW
            ).member_id
            for r in racers
        ]
    _both_before_the_seat(db, monkeypatch)

    def approve(member_id: int | None) -> Callable[[], str]:
        def work(session: Any) -> membership.Outcome:
            owner = session.get(Person, mentor_id)
            return membership.approve(session, mentor=owner, member_id=int(member_id or 0), now=NOW)

        return _unit(db, work)

    kinds = _at_once([approve(asked[0]), approve(asked[1])])
    assert sorted(kinds) == ["approved", "full"]
    _assert_seated(db, circle_id, expected=2)


def _first_held(original: Callable[..., Any]) -> Callable[..., Any]:
    """`original`, whose first call in each thread waits for the other thread's first call."""
    barrier, seen = threading.Barrier(2), threading.local()

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not getattr(seen, "once", False):
            seen.once = True
            barrier.wait(timeout=30)
        return original(*args, **kwargs)

    return wrapper


def _assert_seated(db: Database, circle_id: int, *, expected: int) -> None:
    with db.begin() as session:
        circle = circles_repo.get_circle(session, team_id=TEAM, circle_id=circle_id)
        members = circles_repo.members_of(session, circle_id=circle_id)
        assert circle is not None and circle.members_count == expected == len(members)


def test_one_person_joining_two_circles_of_one_mentor_at_once_is_seated_once(
    sqlite_or_postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = sqlite_or_postgres
    with db.begin() as session:
        max_ = mentor(session, "UMAX", ["python"])
        first, second = (circle_of(session, max_, seats=3).circle_id for _ in range(2))
        racer_id = int(person(session, "URACER").id or 0)
    # Both units of work are inside `join`, about to lock the joiner's row, before either
    # looks at the other circle; the lock then lets one check-and-seat finish first.
    monkeypatch.setattr(people_repo, "lock_person", _first_held(people_repo.lock_person))

    def join(circle_id: int) -> Callable[[], str]:
        def work(session: Any) -> membership.Outcome:
            racer = session.get(Person, racer_id)
            return membership.join(session, person=racer, circle_id=circle_id, now=NOW)

        return _unit(db, work)

    if db.is_sqlite:  # one writer at a time: the barrier would wait for a second forever
        monkeypatch.undo()
    kinds = _at_once([join(first), join(second)])
    assert sorted(kinds) == ["joined", "same_mentor"]
    with db.begin() as session:
        seated = circles_repo.circle_ids_of_person(session, team_id=TEAM, person_id=racer_id)
        assert len(seated) == 1
