"""A channel summary's circle figures: open circles, people in circles, circle meetings held,
each hidden about fewer than five people (the summaries' one rule)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlmodel import select

from bot.services.summaries.channel import compute_summary
from bot.services.summaries.figures import HIDDEN, ChannelSummary
from storage.engine import Database
from storage.models import Circle, CircleAnswer, CircleMember, Person
from storage.repositories import channel_members as members_repo
from tests.services.summary_data import CHANNEL, MEMBERS, NOW, TEAM, TODAY, Builder, at


def _circle(b: Builder, mentor: str, seated: list[str], *, closed: str | None = None) -> int:
    row = Circle(
        team_id=TEAM,
        mentor_id=b.people[mentor],
        topic="PRIVATE topic",
        seats=8,
        members_count=0 if closed else len(seated),
        status="closed" if closed else "open",
        created_at=at("2026-10-01"),
        closed_at=at(closed) if closed else None,
    )
    b.session.add(row)
    b.session.flush()
    assert row.id is not None
    for uid in seated:
        b.session.add(
            CircleMember(
                team_id=TEAM,
                circle_id=row.id,
                person_id=b.people[uid],
                status="left" if closed else "member",
                asked_at=at("2026-10-02"),
                joined_at=at("2026-10-02"),
                left_at=at(closed) if closed else None,
            )
        )
    b.session.flush()
    return row.id


def _checkin(b: Builder, circle_id: int, uid: str, day: str, delivery_id: int) -> None:
    b.session.add(
        CircleAnswer(
            team_id=TEAM,
            circle_id=circle_id,
            person_id=b.people[uid],
            delivery_id=delivery_id,
            kind="checkin",
            occurrence=date.fromisoformat(day),
            score=4,
            text="PRIVATE takeaway",
            created_at=datetime.fromisoformat(day).replace(tzinfo=NOW.tzinfo),
        )
    )


def _build(b: Builder) -> None:
    circle = _circle(b, "U01", ["U02", "U03", "U04", "U05", "U06"])
    for n, uid in enumerate(["U02", "U03", "U04", "UOUT1"]):
        _checkin(b, circle, uid, "2026-11-18", 100 + n)
    _checkin(b, circle, "U02", "2026-10-07", 300)  # the previous period


def _summary(db: Database, build: object) -> ChannelSummary:
    with db.begin() as session:
        b = Builder(session)
        for uid in [*MEMBERS, "UOUT1", "UOUT2", "UOUT3"]:
            b.person(uid)
        members_repo.replace_member_list(
            session, team_id=TEAM, channel_id=CHANNEL, slack_user_ids=MEMBERS, now=NOW
        )
        build(b)  # type: ignore[operator]
    with db.begin() as session:
        return compute_summary(
            session, team_id=TEAM, channel_id=CHANNEL, period_key="30d", today=TODAY, tz_name="UTC"
        )


def test_five_people_in_circles_are_shown(db: Database) -> None:
    def build(b: Builder) -> None:
        first = _circle(b, "U01", ["U02", "U03"])
        _circle(b, "U04", ["U05", "UOUT1"])  # someone outside the channel is not counted
        _circle(b, "U06", ["U07"], closed="2026-11-10")  # closed during the period
        for n, uid in enumerate(["U02", "U03"]):
            _checkin(b, first, uid, "2026-11-18", 100 + n)
            _checkin(b, first, uid, "2026-11-25", 200 + n)

    summary = _summary(db, build)
    now, before = summary.now, summary.before
    assert (now.open_circles.value, now.open_circles.text) == (2, "2")  # U01-U05: 5 people
    assert (now.people_in_circles.value, now.people_in_circles.text) == (5, "5")
    assert now.circle_meetings.value == 2  # two days, whoever answered
    assert now.circle_meetings.people == 3 and now.circle_meetings.text == HIDDEN
    assert before.open_circles.value == 3  # the third was still open then, with U06 and U07
    assert before.circle_meetings.value == 0


def test_four_people_in_circles_are_hidden(db: Database) -> None:
    def build(b: Builder) -> None:
        _circle(b, "U01", ["U02", "U03", "U04", "UOUT1", "UOUT2"])

    now = _summary(db, build).now
    assert (now.open_circles.value, now.open_circles.text) == (1, HIDDEN)
    assert (now.people_in_circles.value, now.people_in_circles.text) == (4, HIDDEN)


def test_circle_meetings_about_five_people_are_shown(db: Database) -> None:
    summary = _summary(db, _build)
    held = summary.now.circle_meetings
    assert (held.value, held.people, held.text) == (1, 4, HIDDEN)  # 3 answerers + the mentor
    with db.begin() as session:
        b = Builder(session)
        b.people = {p.slack_user_id: p.id or 0 for p in session.exec(select(Person))}
        _checkin(b, session.exec(select(Circle)).one().id or 0, "U05", "2026-11-18", 104)
    with db.begin() as session:
        again = compute_summary(
            session, team_id=TEAM, channel_id=CHANNEL, period_key="30d", today=TODAY, tz_name="UTC"
        )
    assert (again.now.circle_meetings.value, again.now.circle_meetings.text) == (1, "1")
    assert again.before.circle_meetings.value == 1


@pytest.mark.postgres
def test_postgres_gives_the_same_circle_figures(db: Database, postgres_url: str) -> None:
    from storage.migrate import upgrade

    upgrade(postgres_url)
    pg = Database(postgres_url)
    try:
        on_sqlite, on_postgres = _summary(db, _build), _summary(pg, _build)
        assert on_postgres.now == on_sqlite.now and on_postgres.before == on_sqlite.before
        assert on_postgres.now.people_in_circles.value == 6
    finally:
        pg.dispose()
