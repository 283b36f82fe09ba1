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
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bench import datagen_history as history
from bench.bulk_writer import BulkWriter
from bench.datagen_history import SKILL_KEYS, moment
from storage.migrate import upgrade


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
    now = moment(today, rng)
    out = Generated(url, team_id, channel_id, today)
    writer = BulkWriter(url)
    span_days = 730  # data spread over two years
    out.counts["workspace"] = writer.rows(
        "workspace", ("team_id", "name", "created_at"), [(team_id, "Bench", now)]
    )
    _people_and_skills(writer, out, team_id, people, rng, now)
    mentor_ids = rng.sample(range(1, people + 1), max(1, min(people, mentors or people // 10)))
    out.mentor_slack_ids = [f"U{i:08d}" for i in mentor_ids]
    _mentors(writer, out, team_id, mentor_ids, rng, now, capacities)
    pair_count = max(1, meetings // 20)
    pairs = history.pairs(
        writer, out.counts, team_id, people, mentor_ids, pair_count, today, span_days, rng
    )
    history.meetings(writer, out.counts, team_id, pairs, meetings, today, rng)
    history.reflections_and_goals(writer, out.counts, team_id, people, today, span_days, rng, now)
    _channel(writer, out, team_id, channel_id, people, channel_members, rng, now)
    writer.finish()
    out.seconds = time.perf_counter() - started
    return out


def _people_and_skills(
    writer: BulkWriter,
    out: Generated,
    team_id: str,
    people: int,
    rng: random.Random,
    now: datetime,
) -> None:
    """The people (a few deactivated, a few bots, person 1 the admin) and the listed skills."""
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


def _channel(
    writer: BulkWriter,
    out: Generated,
    team_id: str,
    channel_id: str,
    people: int,
    channel_members: int,
    rng: random.Random,
    now: datetime,
) -> None:
    """The summary channel's members, as if its member list had just been fetched."""
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


def _mentors(
    writer: BulkWriter,
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
