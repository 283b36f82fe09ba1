"""A program that meets in circles: its size checked, its round matched with a circle's seats
per mentor, publishing seating each mentor's mentees in one circle (once), the circle kept
out of /find-mentor, and closed when the term ends. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.services.circles import membership
from bot.services.programs import catalog, program_circles, publishing, report, rounds, terms
from bot.services.programs.proposals import Proposal
from storage.engine import Database
from storage.models import Circle, CircleAnswer, Person, Program
from storage.repositories import circles as circles_repo
from storage.repositories import program_circles as program_circles_repo
from tests.services.programs.builders import NOW, TEAM, enrolled_mentee, enrolled_mentor
from tests.services.programs.test_catalog import FORM as CATALOG_FORM

TODAY = NOW.date()
FORM = replace(CATALOG_FORM, name="Circles cohort", mentees_per_mentor=1, circle_size=3)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"circle_size": 1}, "circle_size", "2 to 8 mentees"),
        ({"circle_size": 9}, "circle_size", "2 to 8 mentees"),
        ({"circle_size": 50}, "circle_size", "2 to 8 mentees"),
        ({"matching_mode": "mentees_choose"}, "circle_size", "matched in one round"),
    ],
)
def test_a_circle_size_out_of_range_or_without_a_round_is_refused(
    changes: dict[str, object], field: str, words: str
) -> None:
    fields, errors = catalog.check_form(replace(FORM, **changes), today=TODAY)  # type: ignore[arg-type]
    assert fields is None and words in errors[field]


def test_a_circle_size_of_two_to_eight_is_kept() -> None:
    for size in (2, 8):
        fields, errors = catalog.check_form(replace(FORM, circle_size=size), today=TODAY)
        assert errors == {} and fields is not None and fields.circle_size == size


def _cohort(db: Database, *, mentees: int = 5) -> tuple[Program, dict[str, Person]]:
    """Two Python mentors (Bo, Di) and `mentees` mentees wanting Python: circles of 3."""
    from bot.services import skills
    from storage.repositories import people as people_repo

    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id=TEAM, now=NOW)
        skills.ensure_default_skills(session, team_id=TEAM, now=NOW)
        created = catalog.create_program(
            session, team_id=TEAM, form=FORM, admin_id=None, admin_tz="UTC", now=NOW
        )
        program = created.program
        assert program is not None, created.errors
        people = {
            "bo": enrolled_mentor(session, program, "UBO", ["Python"], capacity=1),
            "di": enrolled_mentor(session, program, "UDI", ["Python"], capacity=1),
        }
        for n in range(mentees):
            people[f"m{n}"] = enrolled_mentee(session, program, f"UM{n}", ["python"])
    return program, people


def _publish_round(db: Database, program: Program) -> Proposal:
    """Match a round now and publish it, as the admin's two buttons do."""
    proposal = _proposal(db, program).proposal
    assert proposal is not None
    publishing.publish(db, team_id=TEAM, round_id=proposal.round_id, admin_id=None, now=NOW)
    return proposal


def _proposal(db: Database, program: Program) -> rounds.RoundOutcome:
    assert program.id is not None
    return rounds.match_now(db, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW)


def test_the_round_gives_each_mentor_a_circle_of_seats(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    program, _ = _cohort(db, mentees=7)
    outcome = _proposal(db, program)
    proposal = outcome.proposal
    assert proposal is not None and proposal.circle_size == 3
    sizes = sorted(len(mentees) for _mentor, mentees in proposal.circles())
    # A profile's capacity of 1 is one circle of 3, not one mentee; the seventh waits.
    assert sizes == [3, 3] and proposal.matched == 6 and len(proposal.unmatched) == 1


def test_publishing_seats_each_mentors_mentees_in_one_hidden_circle_once(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    program, people = _cohort(db)
    proposal = _proposal(db, program).proposal
    assert proposal is not None
    published = publishing.publish(
        db, team_id=TEAM, round_id=proposal.round_id, admin_id=None, now=NOW
    )
    assert published.kind == "published" and published.offered == 5
    again = publishing.publish(db, team_id=TEAM, round_id=proposal.round_id, admin_id=None, now=NOW)
    assert again.kind == "already_published" and not again.seated
    assert program.id is not None
    with db.begin() as session:
        circles = program_circles_repo.program_circles(session, program_id=program.id)
        assert sorted(c.members_count for c in circles) == [2, 3]
        assert {c.mentor_id for c in circles} == {people["bo"].id, people["di"].id}
        assert all(c.topic == "Circles cohort" and c.seats == 3 for c in circles)
        assert all(c.skills == ["python"] for c in circles)
        assert circles_repo.open_circles_with_seats(session, team_id=TEAM) == []
        outsider = enrolled_mentee(session, program, "UOUT", ["python"])
        refused = membership.join(session, person=outsider, circle_id=_id(circles[0]), now=NOW)
        assert refused.kind == "gone"
        arrivals = program_circles.awaiting_conversation(session, limit=10)
        assert sorted(len(a.newcomers) for a in arrivals) == [2, 3]


def _id(circle: Circle) -> int:
    assert circle.id is not None
    return circle.id


def test_a_later_round_fills_the_seats_left_in_the_same_circle(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    program, _ = _cohort(db, mentees=5)
    _publish_round(db, program)
    with db.begin() as session:
        enrolled_mentee(session, program, "ULATE", ["python"])
    second = _proposal(db, program).proposal
    assert second is not None and second.matched == 1
    published = publishing.publish(
        db, team_id=TEAM, round_id=second.round_id, admin_id=None, now=NOW
    )
    assert published.offered == 1 and len(published.seated) == 1
    assert program.id is not None
    with db.begin() as session:
        circles = program_circles_repo.program_circles(session, program_id=program.id)
        assert sorted(c.members_count for c in circles) == [3, 3]


def test_the_terms_end_closes_the_programs_circles_once(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    program, _ = _cohort(db)
    _publish_round(db, program)
    with db.begin() as session:
        assert program_circles.close_ended(session, now=NOW, limit=10) == []  # still running
    after = NOW + timedelta(days=121)
    with db.begin() as session:
        terms.advance_terms(session, now=after)
    with db.begin() as session:
        closed = program_circles.close_ended(session, now=after, limit=10)
        assert sorted(len(c.members) for c in closed) == [2, 3]
    with db.begin() as session:
        assert program_circles.close_ended(session, now=after, limit=10) == []
        assert program.id is not None
        assert program_circles_repo.program_circles(session, program_id=program.id) == []


def test_the_circle_size_cannot_change_once_a_round_was_matched(db: Database) -> None:
    program, _ = _cohort(db)
    _proposal(db, program)
    assert program.id is not None
    with db.begin() as session:
        changed = catalog.update_program(
            session,
            team_id=TEAM,
            program_id=program.id,
            form=replace(FORM, circle_size=4),
            admin_tz="UTC",
            now=NOW,
        )
    assert "circle size can't change" in changed.errors["circle_size"]


def test_the_report_counts_circle_seats_as_matches_and_names_the_circles(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    program, people = _cohort(db, mentees=6)
    _publish_round(db, program)
    assert program.id is not None
    with db.begin() as session:
        leaver = people["m0"]
        circle_id = next(
            iter(
                circles_repo.circle_ids_of_person(
                    session, team_id=TEAM, person_id=int(leaver.id or 0)
                )
            )
        )
        membership.leave(session, person=leaver, circle_id=circle_id, now=NOW)
    got = report.report_of(db, team_id=TEAM, program_id=program.id, today=TODAY, tz_name="UTC")
    assert got is not None
    assert got.circles.text == "2" and got.circles.people == 8
    assert got.matched.text == "6" and got.match_rate.text == "100%"
    # Five of six still seated: the one who left would be given away, so it is withheld.
    assert not got.pairs_active.visible


def test_a_small_programs_circle_figure_is_hidden(sqlite_or_postgres: Database) -> None:
    db = sqlite_or_postgres
    program, _ = _cohort(db, mentees=2)
    _publish_round(db, program)
    assert program.id is not None
    got = report.report_of(db, team_id=TEAM, program_id=program.id, today=TODAY, tz_name="UTC")
    assert got is not None and got.circles.value and not got.circles.visible


def test_a_seat_freed_by_a_leaver_is_matched_again_in_the_next_round(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    program, people = _cohort(db, mentees=6)  # both circles of 3 full
    _publish_round(db, program)
    with db.begin() as session:
        leaver = people["m0"]
        seated = circles_repo.circle_ids_of_person(
            session, team_id=TEAM, person_id=int(leaver.id or 0)
        )
        membership.leave(session, person=leaver, circle_id=next(iter(seated)), now=NOW)
        enrolled_mentee(session, program, "ULATE", ["python"])
    second = _proposal(db, program).proposal
    assert second is not None and [p.mentee_slack_id for p in second.pairs] == ["ULATE"]
    published = publishing.publish(
        db, team_id=TEAM, round_id=second.round_id, admin_id=None, now=NOW
    )
    assert list(published.seated) == list(seated)  # the leaver's circle took the latecomer
    assert program.id is not None
    with db.begin() as session:
        circles = program_circles_repo.program_circles(session, program_id=program.id)
        assert sorted(c.members_count for c in circles) == [3, 3]


def test_the_report_counts_the_circles_meetings_from_their_check_ins(
    sqlite_or_postgres: Database,
) -> None:
    db = sqlite_or_postgres
    program, people = _cohort(db, mentees=6)
    _publish_round(db, program)
    assert program.id is not None
    start = program.term_starts_on
    with db.begin() as session:
        circle_a, circle_b = program_circles_repo.program_circles(session, program_id=program.id)
        in_a = [m.person_id for m in circles_repo.members_of(session, circle_id=circle_a.id or 0)]
        in_b = [m.person_id for m in circles_repo.members_of(session, circle_id=circle_b.id or 0)]
        answers = [  # (circle, member, meeting day, usefulness)
            *((circle_a, person, start + timedelta(days=6), score)
              for person, score in zip(in_a, (4, 5, 3), strict=True)),
            (circle_b, in_b[0], start + timedelta(days=6), 5),
            (circle_b, in_b[1], start + timedelta(days=6), None),
            (circle_a, in_a[0], start + timedelta(days=13), 2),
            (circle_b, in_b[2], start - timedelta(days=1), 1),  # before the term: not counted
        ]  # fmt: skip
        for n, (circle, person, day, score) in enumerate(answers):
            session.add(
                CircleAnswer(
                    team_id=TEAM,
                    circle_id=circle.id or 0,
                    person_id=person,
                    delivery_id=1000 + n,
                    kind="checkin",
                    occurrence=day,
                    score=score,
                    text="private takeaway",
                    created_at=NOW,
                )  # fmt: skip
            )
    today = start + timedelta(days=20)
    got = report.report_of(db, team_id=TEAM, program_id=program.id, today=today, tz_name="UTC")
    assert got is not None
    assert got.meetings_held.text == "3" and got.meetings_held.people == 7  # 2 mentors, 5 answered
    assert got.usefulness.value == pytest.approx((4 + 5 + 3 + 5 + 2) / 5)
    by_week = {w.week_start: w.meetings.value for w in got.weeks}
    assert sum(v or 0 for v in by_week.values()) == 3 and max(v or 0 for v in by_week.values()) == 2
    assert "private takeaway" not in str(got)
