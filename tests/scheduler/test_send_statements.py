"""How many SQL statements a send costs. The pass is CPU-bound in the ORM, so every statement a
delivery does not need is throughput lost: these bounds keep the per-delivery work from
growing back unnoticed (bench/bench_scale_scheduler.py measures the time)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.services import scheduling as sched
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Delivery
from tests.scheduler.helpers import make_pair

MONDAY = datetime(2026, 11, 30, 9, tzinfo=UTC)
WEDNESDAY = datetime(2026, 12, 2, 9, tzinfo=UTC)  # every mentee's "come prepared" nudge is due
PAIRS = 6


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


def test_a_nudge_costs_four_statements_to_check_and_one_to_finish(database: Database) -> None:
    for n in range(PAIRS):
        make_pair(database, MONDAY, mentor=f"UM{n}", mentee=f"UE{n}", weekday=3)
    with database.begin() as session:
        sched.plan_batch(session, kind="meeting_prompt", now=MONDAY, limit=50)
    statements = Statements(database)
    with database.begin() as session:
        ids = sched.claim_due(session, now=WEDNESDAY, lease_start=WEDNESDAY, token="t", limit=50)
        statements.take()
        rounds = sched.waves(session, ids=ids)
        assert len(statements.take()) == 1  # one query for the whole batch
    assert rounds == [sorted(ids)]  # six mentees: nobody gets two at once
    assert len(ids) == PAIRS

    for delivery_id in ids:
        with database.begin() as session:
            plan = sched.begin_send(session, delivery_id=delivery_id, token="t", now=WEDNESDAY)
        assert isinstance(plan, sched.SendPlan) and plan.kind == "prepare"
        assert plan.recipient is not None and plan.mentor is not None and plan.mentee is not None
        assert plan.recipient.id == plan.mentee.id
        checking = statements.take()
        # The delivery with its pair and people; their preferences; the recent unanswered
        # nudges; the day's reservation.
        assert len(checking) == 4, checking
        with database.begin() as session:
            assert sched.finish_sent(
                session,
                delivery_id=delivery_id,
                token="t",
                channel_id="D1",
                message_ts="1.0",
                now=WEDNESDAY,
            )
        assert len(statements.take()) == 1

    with database.begin() as session:
        rows = list(session.exec(select(Delivery).where(Delivery.kind == "prepare")))
    assert {(r.status, r.channel_id, r.claim_token) for r in rows} == {("sent", "D1", None)}
    assert all(r.sent_at == WEDNESDAY for r in rows)


def test_finishing_someone_elses_claim_changes_nothing(database: Database) -> None:
    make_pair(database, MONDAY, weekday=3)
    with database.begin() as session:
        sched.plan_batch(session, kind="meeting_prompt", now=MONDAY, limit=50)
    with database.begin() as session:
        ids = sched.claim_due(session, now=WEDNESDAY, lease_start=WEDNESDAY, token="a", limit=50)
    with database.begin() as session:
        assert not sched.finish_sent(
            session, delivery_id=ids[0], token="b", channel_id="D", message_ts="1", now=WEDNESDAY
        )
    with database.begin() as session:
        row = session.get(Delivery, ids[0])
        assert row is not None and (row.status, row.claim_token) == ("claimed", "a")
