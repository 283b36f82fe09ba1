"""How many SQL statements a send costs. The pass is CPU-bound in the ORM, so every statement a
delivery does not need is throughput lost: these bounds keep the per-delivery work from
growing back unnoticed (bench/bench_scale_scheduler.py measures the time)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.scheduler import bookkeeping, claims, planning, plans
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Delivery
from storage.repositories import delivery_claims as claims_repo
from tests.scheduler.helpers import TEAM, make_pair

MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)
WEDNESDAY = datetime(2026, 12, 2, 9, tzinfo=UTC)  # every mentee's "come prepared" nudge is due
PAIRS = 6
DAY = date(2026, 12, 2)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest) -> Iterator[Database]:
    if request.param == "sqlite":
        url = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("postgres_url")
        upgrade(url)
    db = Database(url)
    yield db
    db.dispose()


def _finish(
    database: Database, delivery_id: int, *, channel_id: str, message_ts: str, now: datetime
) -> bool:
    """finish_sent for pass "t", in a transaction of its own."""
    with database.begin() as session:
        return bookkeeping.finish_sent(
            session,
            delivery_id=delivery_id,
            token="t",
            channel_id=channel_id,
            message_ts=message_ts,
            now=now,
        )


class Statements:
    def __init__(self, db: Database) -> None:
        self.seen: list[str] = []
        event.listen(db.engine, "before_cursor_execute", self._record)

    def _record(self, _conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's own BEGIN IMMEDIATE
            self.seen.append(statement)

    def take(self) -> list[str]:
        seen, self.seen = self.seen, []
        return seen


def test_a_nudge_costs_five_statements_to_check_and_one_to_finish(database: Database) -> None:
    for n in range(PAIRS):
        make_pair(database, MONDAY, mentor=f"UM{n}", mentee=f"UE{n}", weekday=3)
    with database.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=MONDAY, limit=50)
    statements = Statements(database)
    with database.begin() as session:
        ids = claims.claim_due(session, now=WEDNESDAY, lease_start=WEDNESDAY, token="t", limit=50)
        statements.take()
        rounds = claims.waves(session, ids=ids)
        assert len(statements.take()) == 1  # one query for the whole batch
    assert rounds == [sorted(ids)]  # six mentees: nobody gets two at once
    assert len(ids) == PAIRS

    for delivery_id in ids:
        with database.begin() as session:
            plan = claims.begin_send(session, delivery_id=delivery_id, token="t", now=WEDNESDAY)
        assert isinstance(plan, plans.SendPlan) and plan.kind == "prepare"
        assert plan.recipient is not None and plan.mentor is not None and plan.mentee is not None
        assert plan.recipient.id == plan.mentee.id
        checking = statements.take()
        # The delivery with its pair and people; their preferences; the recent unanswered
        # nudges; the day's reservation. Then, the nudge going, what it shows of the reader's
        # own goals and last takeaway (issue 16, item 5): one more.
        assert len(checking) == 5, checking
        assert "FROM goal" in checking[-1] and "FROM meeting" in checking[-1]
        assert _finish(database, delivery_id, channel_id="D1", message_ts="1.0", now=WEDNESDAY)
        assert len(statements.take()) == 1

    with database.begin() as session:
        rows = list(session.exec(select(Delivery).where(Delivery.kind == "prepare")))
    assert {(r.status, r.channel_id, r.claim_token) for r in rows} == {("sent", "D1", None)}
    assert all(r.sent_at == WEDNESDAY for r in rows)


def test_finishing_someone_elses_claim_changes_nothing(database: Database) -> None:
    make_pair(database, MONDAY, weekday=3)
    with database.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=MONDAY, limit=50)
    with database.begin() as session:
        ids = claims.claim_due(session, now=WEDNESDAY, lease_start=WEDNESDAY, token="a", limit=50)
    with database.begin() as session:
        assert not bookkeeping.finish_sent(
            session, delivery_id=ids[0], token="b", channel_id="D", message_ts="1", now=WEDNESDAY
        )
    with database.begin() as session:
        row = session.get(Delivery, ids[0])
        assert row is not None and (row.status, row.claim_token) == ("claimed", "a")


def _due_prompts(database: Database, pairs: int = 1) -> list[int]:
    """Thursday's meeting prompts (to each pair's group DM), claimed by "t"."""
    for n in range(pairs):
        make_pair(database, MONDAY, mentor=f"UM{n}", mentee=f"UE{n}", weekday=3)
    with database.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=MONDAY, limit=50)
    thursday = datetime(2026, 12, 3, 9, tzinfo=UTC)
    with database.begin() as session:
        ids = claims.claim_due(session, now=thursday, lease_start=thursday, token="t", limit=50)
        return [
            i for i in ids if (row := session.get(Delivery, i)) and row.kind == "meeting_prompt"
        ]


def test_a_claim_held_by_another_pass_or_no_longer_claimed_is_lost(database: Database) -> None:
    [prompt] = _due_prompts(database)
    thursday = datetime(2026, 12, 3, 9, tzinfo=UTC)
    with database.begin() as session:
        verdict = claims.begin_send(session, delivery_id=prompt, token="other", now=thursday)
    assert verdict == plans.Verdict("lost", "claim lost")
    with database.begin() as session:
        row = session.get(Delivery, prompt)
        assert row is not None
        row.status = "pending"
        session.add(row)
    with database.begin() as session:
        verdict = claims.begin_send(session, delivery_id=prompt, token="t", now=thursday)
    assert verdict == plans.Verdict("lost", "claim lost")
    with database.begin() as session:
        verdict = claims.begin_send(session, delivery_id=10_000, token="t", now=thursday)
    assert verdict == plans.Verdict("lost", "claim lost")


def test_a_pair_prompt_goes_to_the_group_dm_and_reserves_nobodys_day_twice(
    database: Database,
) -> None:
    [prompt] = _due_prompts(database)
    thursday = datetime(2026, 12, 3, 9, tzinfo=UTC)
    statements = Statements(database)
    with database.begin() as session:
        plan = claims.begin_send(session, delivery_id=prompt, token="t", now=thursday)
    assert isinstance(plan, plans.SendPlan) and plan.kind == "meeting_prompt"
    assert plan.recipient is None and plan.pair is not None
    assert plan.mentor is not None and plan.mentor.id == plan.pair.mentor_id
    assert plan.mentee is not None and plan.mentee.id == plan.pair.mentee_id
    # The delivery with its pair and people, both people's preferences, the pair's last three
    # prompts (three unanswered in a row hold them), a reservation each, and the pair's agreed
    # time (the prompt says it on both clocks).
    assert len(statements.take()) == 6
    with database.begin() as session:  # the same delivery again: the days are already its own
        again = claims.begin_send(session, delivery_id=prompt, token="t", now=thursday)
    assert isinstance(again, plans.SendPlan)


def _person_and_two_deliveries(database: Database) -> tuple[int, int, int]:
    pair = make_pair(database, MONDAY, weekday=3)
    with database.begin() as session:
        planning.plan_batch(session, kind="meeting_prompt", now=MONDAY, limit=50)
        first, second = list(session.exec(select(Delivery.id).order_by(Delivery.id)))[:2]
    assert first is not None and second is not None
    return pair.mentee_id, first, second


def _reserve(database: Database, person_id: int, delivery_id: int) -> bool:
    with database.begin() as session:
        return claims_repo.reserve_day(
            session, team_id=TEAM, person_id=person_id, day=DAY, delivery_id=delivery_id
        )


def test_a_day_is_reserved_once(database: Database) -> None:
    person_id, first, second = _person_and_two_deliveries(database)
    assert _reserve(database, person_id, first)
    assert _reserve(database, person_id, first)  # already its own
    assert not _reserve(database, person_id, second)  # taken by the first


def test_reserving_without_insert_returning(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite before 3.35 has no RETURNING: the reservation reads the holder instead."""
    person_id, first, second = _person_and_two_deliveries(database)
    monkeypatch.setattr(database.engine.dialect, "insert_returning", False)
    assert _reserve(database, person_id, first)
    assert _reserve(database, person_id, first)
    assert not _reserve(database, person_id, second)


def test_finishing_stores_the_moment_in_utc_whatever_zone_it_came_in(database: Database) -> None:
    [prompt] = _due_prompts(database)
    in_kolkata = datetime(2026, 12, 3, 14, 30, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert _finish(database, prompt, channel_id="G1", message_ts="2.0", now=in_kolkata)
    with database.begin() as session:
        row = session.get(Delivery, prompt)
        assert row is not None and row.sent_at == datetime(2026, 12, 3, 9, tzinfo=UTC)
        assert row.sent_at.utcoffset() is not None
        assert (row.status, row.channel_id, row.message_ts, row.note) == ("sent", "G1", "2.0", "")


def test_waves_of_an_empty_claim_ask_nothing(database: Database) -> None:
    statements = Statements(database)
    with database.begin() as session:
        assert claims.waves(session, ids=[]) == []
    assert statements.take() == []
