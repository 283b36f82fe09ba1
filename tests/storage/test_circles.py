"""The circle tables: seats taken only while free, one row per person and circle, closing once,
and the person's rows in export and erasure. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from bot.services.data_rights import erase, export
from storage.engine import Database
from storage.models import Circle, CircleMember
from storage.repositories import circles as circles_repo
from storage.repositories import people as people_repo
from tests.services.matching_fixtures import NOW, TEAM

FIELDS = circles_repo.NewCircle(
    topic="Staff engineering",
    skill_keys=("system design", "leadership"),
    seats=2,
    cadence="weekly",
    meeting_weekday=2,
    needs_approval=False,
)


def _people(db: Database, *slack_ids: str) -> list[int]:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id=TEAM, now=NOW)
        return [
            int(people_repo.add_person(session, team_id=TEAM, slack_user_id=s, now=NOW).id or 0)
            for s in slack_ids
        ]


def _circle(db: Database, mentor_id: int, fields: circles_repo.NewCircle = FIELDS) -> int:
    with db.begin() as session:
        circle = circles_repo.add_circle(
            session, team_id=TEAM, mentor_id=mentor_id, fields=fields, now=NOW
        )
        return int(circle.id or 0)


def test_a_seat_is_taken_only_while_one_is_free(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    (mentor,) = _people(db, "UM")
    circle_id = _circle(db, mentor)
    with db.begin() as session:
        taken = [circles_repo.take_seat(session, circle_id=circle_id) for _ in range(3)]
    assert taken == [True, True, False]
    with db.begin() as session:
        circles_repo.free_seat(session, circle_id=circle_id)
        assert circles_repo.take_seat(session, circle_id=circle_id)
        circle = circles_repo.get_circle(session, team_id=TEAM, circle_id=circle_id)
        assert circle is not None and circle.members_count == 2 and circle.seats_left == 0
        assert circles_repo.open_circles_with_seats(session, team_id=TEAM) == []


def test_a_closed_circle_takes_no_seat_and_closes_once(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    (mentor,) = _people(db, "UM")
    circle_id = _circle(db, mentor)
    with db.begin() as session:
        assert circles_repo.close_circle(session, circle_id=circle_id, now=NOW)
        assert not circles_repo.close_circle(session, circle_id=circle_id, now=NOW)
        assert not circles_repo.take_seat(session, circle_id=circle_id)
        circle = circles_repo.get_circle(session, team_id=TEAM, circle_id=circle_id)
        assert circle is not None and circle.status == "closed" and circle.closed_at == NOW
        assert circles_repo.get_circle(session, team_id="T-OTHER", circle_id=circle_id) is None


@pytest.mark.parametrize("seats", [1, 9, 50])
def test_the_database_refuses_seats_outside_two_to_eight(
    sqlite_or_postgres: Database, seats: int
) -> None:
    db = sqlite_or_postgres
    (mentor,) = _people(db, "UM")
    with pytest.raises(IntegrityError), db.begin() as session:
        session.add(Circle(team_id=TEAM, mentor_id=mentor, topic="t", seats=seats, created_at=NOW))


def test_one_row_per_person_and_circle(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    mentor, ana = _people(db, "UM", "UA")
    circle_id = _circle(db, mentor)
    with db.begin() as session:
        first = circles_repo.add_member(
            session, team_id=TEAM, circle_id=circle_id, person_id=ana, now=NOW
        )
        again = circles_repo.add_member(
            session, team_id=TEAM, circle_id=circle_id, person_id=ana, now=NOW
        )
        assert first is not None and again is None
        assert first.id is not None
        assert circles_repo.move_member(
            session, member_id=first.id, from_statuses=("waiting",), values={"status": "member"}
        )
        assert not circles_repo.move_member(
            session, member_id=first.id, from_statuses=("waiting",), values={"status": "left"}
        )
        assert circles_repo.circle_ids_of_person(session, team_id=TEAM, person_id=ana) == {
            circle_id
        }


def test_another_open_circle_of_the_same_mentor_is_seen(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    mentor, ana = _people(db, "UM", "UA")
    first, second = _circle(db, mentor), _circle(db, mentor)
    with db.begin() as session:
        circles_repo.add_member(session, team_id=TEAM, circle_id=first, person_id=ana, now=NOW)
        assert circles_repo.in_other_circle_of_mentor(
            session, team_id=TEAM, mentor_id=mentor, person_id=ana, circle_id=second
        )
        assert not circles_repo.in_other_circle_of_mentor(
            session, team_id=TEAM, mentor_id=mentor, person_id=ana, circle_id=first
        )
        circles_repo.close_circle(session, circle_id=first, now=NOW)
        assert not circles_repo.in_other_circle_of_mentor(
            session, team_id=TEAM, mentor_id=mentor, person_id=ana, circle_id=second
        )


def _seated(db: Database, circle_id: int, person_id: int) -> None:
    with db.begin() as session:
        row = circles_repo.add_member(
            session, team_id=TEAM, circle_id=circle_id, person_id=person_id, now=NOW
        )
        assert row is not None and row.id is not None
        assert circles_repo.take_seat(session, circle_id=circle_id)
        circles_repo.move_member(
            session, member_id=row.id, from_statuses=("waiting",), values={"status": "member"}
        )


def test_export_and_erasure_cover_both_tables(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    mentor, ana, bo = _people(db, "UM", "UA", "UB")
    mine, theirs = _circle(db, mentor), _circle(db, ana)
    _seated(db, mine, ana)
    _seated(db, theirs, bo)
    with db.begin() as session:
        exported = export.export_person(session, team_id=TEAM, person_id=ana, now=NOW)
    assert [c["topic"] for c in exported["circles_mentored"]] == ["Staff engineering"]
    assert [m["circle_id"] for m in exported["circle_memberships"]] == [mine]
    with db.begin() as session:
        erasure = erase.erase_person(session, team_id=TEAM, person_id=ana, now=NOW)
    assert erasure.removed["circle_member"] == 1
    with db.begin() as session:
        seat_freed = circles_repo.get_circle(session, team_id=TEAM, circle_id=mine)
        closed = circles_repo.get_circle(session, team_id=TEAM, circle_id=theirs)
        assert seat_freed is not None and seat_freed.members_count == 0
        assert closed is not None and closed.status == "closed"
        assert closed.topic == "" and closed.skills == []
        (bo_row,) = circles_repo.members_of(session, circle_id=theirs, statuses=("left",))
        assert bo_row.person_id == bo and bo_row.left_at == NOW
        assert circles_repo.member_row(session, circle_id=mine, person_id=ana) is None
        assert session.get(CircleMember, bo_row.id) is not None
