"""Channel summary figures against a hand-built data set, and the fewer-than-5 rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.services.summaries.channel import compute_summary
from bot.services.summaries.figures import HIDDEN, ChannelSummary, Figure, privacy_safe, trend
from bot.services.summaries.periods import UnknownPeriod, parse_period, windows
from storage.engine import Database
from storage.models import Skill
from storage.repositories import channel_members as members_repo
from tests.services.summary_data import (
    CHANNEL,
    DIVORCE,
    MEMBERS,
    NOW,
    TEAM,
    TODAY,
    Builder,
    build_workspace,
)


@pytest.fixture(params=["one connection", "tally beside"])
def summary(db: Database, request: pytest.FixtureRequest) -> ChannelSummary:
    """Every figure test runs twice: all on the unit of work's connection, and with the meeting
    tally on a second connection at the same time (as the app runs it)."""
    with db.begin() as session:
        build_workspace(session)
    with db.begin() as session:
        return compute_summary(
            session,
            team_id=TEAM,
            channel_id=CHANNEL,
            period_key="30d",
            today=TODAY,
            tz_name="UTC",
            beside=db if request.param == "tally beside" else None,
        )


def test_privacy_safe_hides_fewer_than_five_people() -> None:
    assert privacy_safe("12", people=5) == "12"
    assert privacy_safe("12", people=4) == HIDDEN
    assert privacy_safe("0", people=0) == HIDDEN
    assert privacy_safe("3.5", people=100) == "3.5"


def test_figure_text_goes_through_the_rule() -> None:
    assert Figure(40, 4).text == HIDDEN
    assert Figure(40, 5).text == "40"
    assert Figure(1234, 9).text == "1,234"
    assert Figure(0.474, 6, "share").text == "47%"
    assert Figure(4.04, 6, "average").text == "4.0"
    assert Figure(None, 9, "average").text == HIDDEN


def test_trend_only_between_two_shown_figures() -> None:
    assert trend(Figure(8, 6), Figure(4, 5)) == "+4"
    assert trend(Figure(3, 6), Figure(4, 5)) == "-1"
    assert trend(Figure(4, 6), Figure(4, 5)) == "no change"
    assert trend(Figure(8, 6), Figure(4, 4)) is None
    assert trend(Figure(0.47, 6, "share"), Figure(0.19, 7, "share")) == "+28 pts"
    assert trend(Figure(4.0, 6, "average"), Figure(3.5, 9, "average")) == "+0.5"


def test_periods() -> None:
    assert parse_period("") == "30d"
    assert parse_period(" 7D ") == "7d"
    assert parse_period("90d") == "90d"
    for bad in ("yesterday", "1d", "30"):
        with pytest.raises(UnknownPeriod):
            parse_period(bad)
    current, previous = windows("7d", today=date(2026, 12, 1), tz_name="Europe/Paris")
    assert (current.first_day, current.last_day) == (date(2026, 11, 25), date(2026, 12, 1))
    assert (previous.first_day, previous.last_day) == (date(2026, 11, 18), date(2026, 11, 24))
    # Local midnight in Paris (UTC+1 in winter) is 23:00 UTC the day before.
    assert current.start_at == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert current.end_at == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)


def test_members_leave_out_leavers_and_bots(summary: ChannelSummary) -> None:
    # U01..U12 and UNEW (never seen, so not known to have left); not U13 (left) or UBOT.
    assert summary.members.value == 13


def test_people_figures(summary: ChannelSummary) -> None:
    now, before = summary.now, summary.before
    assert (now.with_mentor.value, now.with_mentor.text) == (5, "5")
    assert (before.with_mentor.value, before.with_mentor.text) == (4, HIDDEN)
    assert now.mentors.value == 3 and now.mentors.text == HIDDEN
    assert (now.free_capacity.value, now.free_capacity.people) == (4, 2)
    # 6 members in the pairs, 5 mentees: a count of pairs is as private as its mentees
    assert (now.active_pairs.value, now.active_pairs.people) == (5, 5)
    assert (before.active_pairs.value, before.active_pairs.people) == (5, 5)
    assert trend(now.active_pairs, before.active_pairs) == "no change"


def test_meeting_figures(summary: ChannelSummary) -> None:
    now, before = summary.now, summary.before
    assert (now.meetings_held.value, now.meetings_held.people) == (8, 6)
    assert now.usefulness.value == pytest.approx(4.0) and now.usefulness.people == 6
    assert (before.meetings_held.value, before.meetings_held.people) == (4, 5)
    assert before.usefulness.value == pytest.approx(3.5) and before.usefulness.text == HIDDEN
    assert trend(now.meetings_held, before.meetings_held) == "+4"
    assert trend(now.usefulness, before.usefulness) is None


def test_checkins_answered(summary: ChannelSummary) -> None:
    assert summary.now.checkins_answered.value == pytest.approx(9 / 19)
    assert summary.now.checkins_answered.text == "47%"
    assert summary.before.checkins_answered.value == pytest.approx(4 / 21)
    assert trend(summary.now.checkins_answered, summary.before.checkins_answered) == "+28 pts"


def test_goal_figures(summary: ChannelSummary) -> None:
    assert (summary.now.goals_set.value, summary.now.goals_set.text) == (6, "6")
    assert (summary.now.goals_completed.value, summary.now.goals_completed.text) == (
        2,
        HIDDEN,
    )
    assert (summary.before.goals_set.value, summary.before.goals_completed.value) == (1, 1)


def test_only_listed_skills_asked_by_five_or_more_are_named(summary: ChannelSummary) -> None:
    # SQL is listed but asked for by 2; "public speaking" (1) and the typed divorce (1) are not
    # listed: they only count into "other skills", 2 people, so hidden too.
    assert [(s.key, s.asked_by.value, s.mentors_offering.value) for s in summary.skills] == [
        ("python", 5, 5),
    ]
    [python] = summary.skills
    assert python.label == "Python" and python.asked_by.text == "5"
    assert (summary.other_skills.value, summary.other_skills.visible) == (2, False)
    assert DIVORCE not in repr(summary) and "sql" not in repr(summary.skills)


def _skills_of(db: Database, gaps: dict[str, list[str]]) -> ChannelSummary:
    """A channel of U01..U12 whose only data is these current skill gaps."""
    with db.begin() as session:
        b = Builder(session)
        for uid in MEMBERS:
            b.person(uid)
        for key, label in (("go", "Go"), ("rust", "Rust")):
            session.add(Skill(team_id=TEAM, key=key, label=label, created_at=NOW))
        session.add(Skill(team_id=TEAM, key="kotlin", label="Kotlin", listed=False, created_at=NOW))
        members_repo.replace_member_list(
            session, team_id=TEAM, channel_id=CHANNEL, slack_user_ids=MEMBERS, now=NOW
        )
        for who, keys in gaps.items():
            b.gaps(who, *keys)
    with db.begin() as session:
        return compute_summary(
            session, team_id=TEAM, channel_id=CHANNEL, period_key="30d", today=TODAY, tz_name="UTC"
        )


def test_five_askers_name_a_listed_skill_four_do_not(db: Database) -> None:
    gaps = {f"U{i:02d}": ["go"] for i in range(1, 6)} | {
        f"U{i:02d}": ["rust"] for i in range(6, 10)
    }
    summary = _skills_of(db, gaps)
    assert [(s.label, s.asked_by.text) for s in summary.skills] == [("Go", "5")]
    assert summary.other_skills.value == 0


def test_typed_skills_are_only_ever_an_anonymous_count(db: Database) -> None:
    # Six people typed the same unlisted skill, one typed something personal: never named.
    gaps = {f"U{i:02d}": ["kotlin"] for i in range(1, 7)} | {"U07": [DIVORCE, "go"]}
    summary = _skills_of(db, gaps)
    assert summary.skills == []
    assert (summary.other_skills.value, summary.other_skills.text) == (7, "7")
    assert "kotlin" not in repr(summary).lower() and DIVORCE not in repr(summary)


def test_weeks_of_the_chart(summary: ChannelSummary) -> None:
    weeks = [
        (w.week_start.isoformat(), w.meetings.value, w.meetings.visible) for w in summary.weeks
    ]
    # The first week is about enough people, but shown it would give away the other three:
    # 8 meetings held minus its 4 is what fewer than five people had in the hidden weeks.
    assert weeks == [
        ("2026-11-02", 4, False),
        ("2026-11-09", 2, False),
        ("2026-11-16", 0, False),
        ("2026-11-23", 2, False),
        ("2026-11-30", 0, False),
    ]


def test_no_private_text_reaches_the_summary(summary: ChannelSummary) -> None:
    assert "PRIVATE" not in repr(summary)


def test_an_empty_channel(db: Database) -> None:
    with db.begin() as session:
        build_workspace(session)
    with db.begin() as session:
        empty = compute_summary(
            session, team_id=TEAM, channel_id="CNONE", period_key="7d", today=TODAY, tz_name=None
        )
    assert empty.members.value == 0 and empty.members.text == HIDDEN
    assert empty.now.usefulness.value is None and empty.skills == []


@pytest.mark.postgres
def test_postgres_gives_the_same_summary(db: Database, postgres_url: str) -> None:
    from storage.migrate import upgrade

    upgrade(postgres_url)
    pg = Database(postgres_url)
    try:
        for database in (db, pg):
            with database.begin() as session:
                build_workspace(session)
        results = []
        for database in (db, pg):
            for beside in (None, database):
                with database.begin() as session:
                    results.append(
                        compute_summary(
                            session,
                            team_id=TEAM,
                            channel_id=CHANNEL,
                            period_key="30d",
                            today=TODAY,
                            tz_name="UTC",
                            beside=beside,
                        )
                    )
        on_sqlite, _, on_postgres, _ = results
        assert all(result == on_sqlite for result in results)
        assert on_postgres.now.meetings_held.value == 8
    finally:
        pg.dispose()


def _with_peer_pairs(db: Database, count: int) -> ChannelSummary:
    """A channel of U01..U12: U01 mentors U02, and `count` peer pairs among U03..U10."""
    with db.begin() as session:
        b = Builder(session)
        for uid in MEMBERS:
            b.person(uid)
        members_repo.replace_member_list(
            session, team_id=TEAM, channel_id=CHANNEL, slack_user_ids=MEMBERS, now=NOW
        )
        b.mentor("U01", "go")
        b.pair("U01", "U02", started="2026-11-10")
        for n in range(count):
            first, second = f"U{3 + 2 * n:02d}", f"U{4 + 2 * n:02d}"
            b.pair(first, second, started="2026-11-10", kind="peer")
    with db.begin() as session:
        return compute_summary(
            session, team_id=TEAM, channel_id=CHANNEL, period_key="30d", today=TODAY, tz_name="UTC"
        )


def test_peer_pairs_are_counted_apart_under_the_same_rule(db: Database) -> None:
    three = _with_peer_pairs(db, 3)
    assert (three.now.peer_pairs.value, three.now.peer_pairs.text) == (3, "3")  # 6 people
    assert three.now.active_pairs.value == 1  # the mentoring pair only
    assert three.now.with_mentor.value == 1  # a peer has no mentor
    assert three.now.free_capacity.value == 1  # a peer pair takes no mentoring slot


def test_two_peer_pairs_are_four_people_and_hidden(db: Database) -> None:
    two = _with_peer_pairs(db, 2)
    assert (two.now.peer_pairs.value, two.now.peer_pairs.text) == (2, HIDDEN)
