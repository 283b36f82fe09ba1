"""How long a channel summary takes: a 5,000-member channel in a workspace of 100,000 people
with 1,000,000 meeting records, on SQLite and on PostgreSQL. Target: under 300 ms each.

    PYTHONPATH=$PWD python bench/bench_summary.py                 # both backends
    PYTHONPATH=$PWD python bench/bench_summary.py --only sqlite   # or postgres
    ... --people 20000 --meetings 200000                          # a quicker, smaller run

Each backend is filled with bench/datagen.py, then the summary (bot.services.summaries.
compute_summary over the cached member list: every query and the Python that turns rows into
figures) runs a few times; the median is printed next to two baselines measured in the same run:
a bare COUNT(*) over the whole meeting table, and a COUNT(*) over exactly the meeting rows the
summary reads (the members' pairs, both periods).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlmodel import col

from bench.datagen import Generated, generate
from bot.services.summaries.channel import compute_summary
from bot.services.summaries.periods import windows
from storage.engine import Database
from storage.models import Meeting
from storage.repositories import summaries as summaries_repo

POSTGRES = os.environ.get(
    "MENTORBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SCHEMA = "bench_summary"
RUNS = 7
TARGET_MS = 300.0


def median_ms(work: Callable[[], object], runs: int = RUNS) -> float:
    """The median of `runs` timed runs after one warm-up, in milliseconds."""
    work()  # warm the caches once, as a running server would have them
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


SQLITE_PATH = Path("/tmp/mentorbot-bench-summary.db")


def reused(name: str) -> Generated:
    """The data a previous run left (same defaults as datagen.generate)."""
    sep = "&" if "?" in POSTGRES else "?"
    url = (
        f"sqlite:///{SQLITE_PATH}"
        if name == "SQLite"
        else f"{POSTGRES}{sep}options=-csearch_path%3D{SCHEMA}"
    )
    data = Generated(url, "TBENCH", "CBENCH", date(2026, 12, 1))
    db = Database(url)
    with db.engine.connect() as conn:
        for table in ("person", "pair", "meeting", "goal", "channel_member"):
            data.counts[table] = int(
                conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            )
    db.dispose()
    return data


def sqlite_url() -> str:
    path = SQLITE_PATH
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def postgres_url() -> str:
    import psycopg

    dsn = POSTGRES.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
    sep = "&" if "?" in POSTGRES else "?"
    return f"{POSTGRES}{sep}options=-csearch_path%3D{SCHEMA}"


def measure(name: str, data: Generated) -> bool:
    db = Database(data.url)
    _, previous = windows("30d", today=data.today, tz_name="UTC")

    def count(sql: str, **params: object) -> int:
        with db.engine.connect() as conn:
            return int(conn.execute(text(sql), params).scalar_one())

    summary_ms = {key: median_ms(lambda key=key: _summary(db, data, key)) for key in PERIODS}
    bare_ms = median_ms(lambda: count("SELECT COUNT(*) FROM meeting"))
    read_rows = count_read_rows(db, data, previous.first_day)
    read_ms = median_ms(lambda: count_read_rows(db, data, previous.first_day))
    result = _summary(db, data, "30d")
    db.dispose()
    made = f"generated in {data.seconds:.1f} s" if data.seconds else "reused"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n== {name}: data {made}: {data.counts}; load average {load}")
    print(f"   figures (30d): {_figures(result)}")
    for key, ms in summary_ms.items():
        verdict = "ok" if ms < TARGET_MS else "OVER TARGET"
        print(
            f"   summary {key:>3}: {ms:7.1f} ms  (target < {TARGET_MS:.0f} ms: {verdict}); "
            f"x{ms / bare_ms:.2f} the bare COUNT(*)"
        )
    print(f"   baseline: bare COUNT(*) over {data.counts['meeting']:,} meetings: {bare_ms:.1f} ms")
    print(
        f"   baseline: COUNT(*) of the {read_rows:,} meeting rows the 30d summary reads "
        "(members, their pairs, then the count): "
        f"{read_ms:.1f} ms (summary / this = x{summary_ms['30d'] / read_ms:.2f})"
    )
    return all(ms < TARGET_MS for ms in summary_ms.values())


PERIODS = ("7d", "30d", "90d")


def _summary(db: Database, data: Generated, period_key: str) -> object:
    """One summary, as the app computes it: the tally on a second connection (`beside`)."""
    with db.begin() as session:
        return compute_summary(
            session,
            team_id=data.team_id,
            channel_id=data.channel_id,
            period_key=period_key,
            today=data.today,
            tz_name="UTC",
            beside=db,
        )


def count_read_rows(db: Database, data: Generated, since: date) -> int:
    """COUNT(*) of the meeting records the summary reads: its members' pairs, both periods."""
    with db.begin() as session:
        members = [
            int(row[0])
            for row in summaries_repo.channel_people(
                session, team_id=data.team_id, channel_id=data.channel_id
            )
            if row[0] is not None and not (row[1] or row[2])
        ]
        pairs = summaries_repo.pairs_of(
            session, team_id=data.team_id, person_ids=members, ended_after=as_utc_day(since)
        )
        statement = select(func.count()).where(
            summaries_repo.in_ids(session, col(Meeting.pair_id), list(pairs)),
            col(Meeting.held_on) >= since,
        )
        return int(session.execute(statement).scalar_one())


def as_utc_day(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _figures(result: object) -> str:
    now = result.now  # type: ignore[attr-defined]
    return (
        f"members {result.members.text}, with a mentor {now.with_mentor.text}, "  # type: ignore[attr-defined]
        f"active pairs {now.active_pairs.text}, meetings {now.meetings_held.text}, "
        f"usefulness {now.usefulness.text}, check-ins {now.checkins_answered.text}, "
        f"goals set {now.goals_set.text} / done {now.goals_completed.text}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--meetings", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument(
        "--reuse", action="store_true", help="measure the data the last run generated again"
    )
    args = parser.parse_args()
    sizes = {"people": args.people, "meetings": args.meetings, "channel_members": args.members}
    ok = True
    for name, make_url in (("SQLite", sqlite_url), ("PostgreSQL", postgres_url)):
        if args.only and not name.lower().startswith(args.only):
            continue
        data = reused(name) if args.reuse else generate(make_url(), **sizes)
        ok = measure(name, data) and ok
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
