"""Bulk test data for benchmarks: a large workspace with people, mentors, pairs, meetings, goals,
reflections with skill gaps, and one channel with a cached member list.

Usage, from the command line (prints what it generated):

    python -m bench.datagen --people 100000 --db sqlite:////tmp/bench.db
    python -m bench.datagen --people 100000 --mentors 10000 --meetings 200000 \
        --db "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench"

or from a benchmark (reusable by any of them):

    from bench.datagen import generate
    info = generate("sqlite:////tmp/bench.db", people=100_000, meetings=1_000_000)
    # or "postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3Dbench"

`generate` migrates the database to head (it must be empty), then loads the rows with the
driver's bulk path: `executemany` in one transaction on SQLite, `COPY` on PostgreSQL. Ids are
assigned here (1..n per table), so no round trip is needed to link rows; PostgreSQL sequences are
moved past them afterwards, so the app can insert more. Everything is drawn from a seeded
`random.Random`, so two runs with the same arguments give the same data. Rows carry no private
text (reflections and takeaways are empty). It returns a `Generated` with the ids a benchmark
needs (team, channel, member ids, "today").
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from storage.migrate import upgrade

SKILL_KEYS = (
    "python",
    "javascript",
    "sql",
    "go",
    "system design",
    "public speaking",
    "leadership",
    "people management",
    "product management",
    "ux design",
    "machine learning",
    "security",
    "devops",
    "writing",
    "negotiation",
)
CADENCES = ("weekly", "biweekly", "monthly")


@dataclass
class Generated:
    """What was generated, for the benchmark to query and print."""

    url: str
    team_id: str
    channel_id: str
    today: date
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    member_slack_ids: list[str] = field(default_factory=list)
    mentor_slack_ids: list[str] = field(default_factory=list)


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year, day.month, day.day, rng.randrange(7, 19), rng.randrange(60), tzinfo=UTC
    )


class _Writer:
    """Bulk insert of tuples in column order, with the driver's fastest path."""

    def __init__(self, url: str) -> None:
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            path = url.split(":///", 1)[1]
            self.conn: Any = sqlite3.connect(path, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=OFF")
            self.conn.execute("BEGIN")
        else:
            import psycopg

            dsn, _, query = url.replace("postgresql+psycopg://", "postgresql://").partition("?")
            options = ""
            for part in query.split("&"):
                if part.startswith("options="):
                    options = part[len("options=") :].replace("%3D", "=").replace("%20", " ")
            self.conn = psycopg.connect(dsn, options=options) if options else psycopg.connect(dsn)

    def rows(self, table: str, columns: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        count = 0
        if self.sqlite:
            marks = ", ".join("?" for _ in columns)
            quoted = ", ".join(f'"{c}"' for c in columns)

            def converted() -> Iterator[tuple[Any, ...]]:
                nonlocal count
                for row in rows:
                    count += 1
                    yield tuple(_sqlite_value(v) for v in row)

            self.conn.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', converted())
            return count
        quoted = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor() as cursor:
            with cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            if "id" in columns:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT max(id) FROM "{table}"))'
                )
        return count

    def finish(self) -> None:
        if self.sqlite:
            self.conn.execute("COMMIT")
            self.conn.execute("ANALYZE")
        else:
            self.conn.commit()
            self.conn.autocommit = True
            # What autovacuum does soon after a bulk load: statistics, and the visibility map
            # that lets PostgreSQL answer from an index alone.
            self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


def _sqlite_value(value: Any) -> Any:
    """How SQLAlchemy stores our types on SQLite (UTC datetimes are kept without an offset)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def generate(
    url: str,
    *,
    people: int = 100_000,
    meetings: int = 1_000_000,
    channel_members: int = 5_000,
    team_id: str = "TBENCH",
    channel_id: str = "CBENCH",
    today: date = date(2026, 12, 1),
    seed: int = 6,
    mentors: int | None = None,
    capacities: tuple[int, int] = (1, 4),
) -> Generated:
    """Migrate an empty database at `url` and fill it; see the module docstring.
    `mentors` people offer mentoring (default: a tenth of them), each taking between
    `capacities` mentees (inclusive)."""
    started = time.perf_counter()
    upgrade(url)
    rng = random.Random(seed)
    now = _moment(today, rng)
    out = Generated(url, team_id, channel_id, today)
    writer = _Writer(url)
    span_days = 730  # data spread over two years
    out.counts["workspace"] = writer.rows(
        "workspace", ("team_id", "name", "created_at"), [(team_id, "Bench", now)]
    )
    out.counts["person"] = writer.rows(
        "person",
        (
            "id", "team_id", "slack_user_id", "display_name", "real_name", "tz",
            "is_workspace_admin", "is_workspace_owner", "is_deleted", "is_bot", "created_at",
        ),
        (
            (
                i, team_id, f"U{i:08d}", f"person{i}", f"Person {i}", "UTC",
                i == 1, False, rng.random() < 0.02, rng.random() < 0.005, now,
            )
            for i in range(1, people + 1)
        ),
    )  # fmt: skip
    out.counts["skill"] = writer.rows(
        "skill",
        ("id", "team_id", "key", "label", "listed", "created_at"),
        ((i, team_id, k, k.title(), True, now) for i, k in enumerate(SKILL_KEYS, 1)),
    )
    mentor_ids = rng.sample(range(1, people + 1), max(1, min(people, mentors or people // 10)))
    out.mentor_slack_ids = [f"U{i:08d}" for i in mentor_ids]
    _mentors(writer, out, team_id, mentor_ids, rng, now, capacities)
    pair_count = max(1, meetings // 20)
    pairs = _pairs(writer, out, team_id, people, mentor_ids, pair_count, today, span_days, rng)
    _meetings(writer, out, team_id, pairs, meetings, today, rng)
    _reflections_and_goals(writer, out, team_id, people, today, span_days, rng, now)
    members = rng.sample(range(1, people + 1), min(channel_members, people))
    out.member_slack_ids = [f"U{i:08d}" for i in members]
    out.counts["channel_member"] = writer.rows(
        "channel_member",
        ("team_id", "channel_id", "slack_user_id"),
        ((team_id, channel_id, s) for s in out.member_slack_ids),
    )
    writer.rows(
        "channel_member_list",
        ("team_id", "channel_id", "member_count", "fetched_at"),
        [(team_id, channel_id, len(members), now)],
    )
    writer.finish()
    out.seconds = time.perf_counter() - started
    return out


def _mentors(
    writer: _Writer,
    out: Generated,
    team_id: str,
    mentor_ids: list[int],
    rng: random.Random,
    now: datetime,
    capacities: tuple[int, int],
) -> None:
    created = now - timedelta(days=800)
    out.counts["mentor_profile"] = writer.rows(
        "mentor_profile",
        (
            "id", "team_id", "person_id", "helps_with", "capacity", "is_open", "alumni",
            "team_name", "created_at", "updated_at",
        ),
        (
            (
                n, team_id, pid, "", rng.randint(*capacities), rng.random() < 0.9, "", "",
                created, now,
            )
            for n, pid in enumerate(mentor_ids, 1)
        ),
    )  # fmt: skip
    skill_rows = []
    for profile_id in range(1, len(mentor_ids) + 1):
        for key in rng.sample(SKILL_KEYS, rng.randint(1, 3)):
            skill_rows.append((len(skill_rows) + 1, team_id, profile_id, key))
    out.counts["mentor_skill"] = writer.rows(
        "mentor_skill", ("id", "team_id", "profile_id", "skill_key"), skill_rows
    )


@dataclass(frozen=True)
class _Pair:
    id: int
    mentor_id: int
    mentee_id: int
    start: date
    end: date | None


def _pairs(
    writer: _Writer,
    out: Generated,
    team_id: str,
    people: int,
    mentor_ids: list[int],
    count: int,
    today: date,
    span_days: int,
    rng: random.Random,
) -> list[_Pair]:
    pairs: list[_Pair] = []
    for pair_id in range(1, count + 1):
        start = today - timedelta(days=rng.randrange(14, span_days))
        end = None
        if rng.random() < 0.6:
            end = min(today - timedelta(days=1), start + timedelta(days=rng.randrange(60, 400)))
        pairs.append(
            _Pair(pair_id, rng.choice(mentor_ids), rng.randrange(1, people + 1), start, end)
        )
    out.counts["pair"] = writer.rows(
        "pair",
        (
            "id", "team_id", "mentor_id", "mentee_id", "status", "cadence", "meeting_weekday",
            "started_at", "ended_at",
        ),
        (
            (
                p.id, team_id, p.mentor_id, p.mentee_id, "ended" if p.end else "active",
                rng.choice(CADENCES), rng.randrange(5), _moment(p.start, rng),
                _moment(p.end, rng) if p.end else None,
            )
            for p in pairs
        ),
    )  # fmt: skip
    return pairs


def _meetings(
    writer: _Writer,
    out: Generated,
    team_id: str,
    pairs: list[_Pair],
    total: int,
    today: date,
    rng: random.Random,
) -> None:
    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(1, total + 1):
            pair = pairs[n % len(pairs)]
            last = pair.end or today
            held = pair.start + timedelta(days=rng.randrange(max(1, (last - pair.start).days)))
            met = rng.random() < 0.85
            yield (
                n, team_id, pair.id, pair.mentee_id if rng.random() < 0.6 else pair.mentor_id,
                held, "met" if met else "missed",
                rng.randint(1, 5) if met and rng.random() < 0.8 else None,
                "", "", "checkin" if rng.random() < 0.8 else "manual",
                _moment(held, rng),
            )  # fmt: skip

    out.counts["meeting"] = writer.rows(
        "meeting",
        (
            "id", "team_id", "pair_id", "person_id", "held_on", "outcome", "usefulness",
            "takeaway", "next_steps", "source", "created_at",
        ),
        rows(),
    )  # fmt: skip


def _reflections_and_goals(
    writer: _Writer,
    out: Generated,
    team_id: str,
    people: int,
    today: date,
    span_days: int,
    rng: random.Random,
    now: datetime,
) -> None:
    reflecting = rng.sample(range(1, people + 1), people * 2 // 5)
    out.counts["reflection"] = writer.rows(
        "reflection",
        (
            "id", "team_id", "person_id", "is_current", "step", "strengths", "weaknesses",
            "aspirations", "challenges", "started_at", "updated_at",
        ),
        ((n, team_id, pid, True, "done", "", "", "", "", now, now)
         for n, pid in enumerate(reflecting, 1)),
    )  # fmt: skip
    gaps = []
    for reflection_id, person_id in enumerate(reflecting, 1):
        for key in rng.sample(SKILL_KEYS[:10], rng.randint(1, 3)):
            gaps.append((len(gaps) + 1, team_id, reflection_id, person_id, key, now))
    out.counts["skill_gap"] = writer.rows(
        "skill_gap",
        ("id", "team_id", "reflection_id", "person_id", "skill_key", "created_at"),
        gaps,
    )

    def goals() -> Iterator[tuple[Any, ...]]:
        for n, person_id in enumerate(reflecting * 2, 1):
            created = today - timedelta(days=rng.randrange(span_days))
            done = rng.random() < 0.4
            completed = created + timedelta(days=rng.randrange(1, 120)) if done else None
            if completed and completed > today:
                completed = today
            yield (
                n, team_id, person_id, "", "", 0, "done" if done else "active",
                _moment(created, rng), _moment(completed, rng) if completed else None,
            )  # fmt: skip

    out.counts["goal"] = writer.rows(
        "goal",
        (
            "id", "team_id", "person_id", "text", "measure", "progress", "status", "created_at",
            "completed_at",
        ),
        goals(),
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m bench.datagen", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--db", required=True, help="an empty SQLite file or PostgreSQL schema")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--mentors", type=int, help="default: a tenth of the people")
    parser.add_argument("--meetings", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=5_000, help="members of the channel")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    out = generate(
        args.db,
        people=args.people,
        mentors=args.mentors,
        meetings=args.meetings,
        channel_members=args.members,
        seed=args.seed,
    )
    counts = ", ".join(f"{n} {table}" for table, n in out.counts.items())
    print(f"generated in {out.seconds:.1f} s (team {out.team_id}): {counts}")


if __name__ == "__main__":
    main()
