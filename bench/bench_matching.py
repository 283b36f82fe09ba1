"""Ranking one mentee against 10,000 and 100,000 mentor profiles in SQLite.

Goal: under 50 ms at 10,000 and under 500 ms at 100,000. The baseline is a bare query that reads
the same candidate rows (the mentor_skill index joined to the profiles and people) without any
ranking, so the ratio shows what the Python side costs on this machine.

    PYTHONPATH=$PWD /work/venv/bin/python bench/bench_matching.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import SQLModel, col

from bot.services import matching
from bot.services.skills import DEFAULT_SKILLS, normalize_skill
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import MentorProfile, MentorSkill, Pair, Person, Workspace

TEAM = "T0BENCH"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ZONES = ("Europe/Paris", "Europe/London", "America/New_York", "Asia/Tokyo", "America/Chicago")
TEAMS = ("Platform", "Sales", "Data", "Design", "Support", "")
COMMON = [normalize_skill(s) for s in DEFAULT_SKILLS]
RARE = [f"niche skill {i}" for i in range(300)]
WANTED = ("python", "public speaking", "niche skill 7")
RUNS = 7


def populate(db: Database, size: int, rng: random.Random) -> int:
    """`size` open mentors with 3 skills each (mostly common ones), a tenth of them with pairs."""
    with db.begin() as session:
        session.execute(insert(Workspace).values(team_id=TEAM, name="bench", created_at=NOW))
        people = [
            _row(
                Person(
                    team_id=TEAM,
                    slack_user_id=f"U{i:07d}",
                    real_name=f"Mentor {i}",
                    tz=rng.choice(ZONES),
                    is_deleted=i % 97 == 0,
                    created_at=NOW,
                )
            )
            for i in range(size + 1)
        ]
        session.execute(insert(Person), people)
        profiles = [
            _row(
                MentorProfile(
                    team_id=TEAM,
                    person_id=i + 2,  # person 1 is the mentee
                    capacity=rng.randint(1, 4),
                    is_open=i % 13 != 0,
                    team_name=rng.choice(TEAMS),
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
            for i in range(size)
        ]
        session.execute(insert(MentorProfile), profiles)
        skills = []
        for profile_id in range(1, size + 1):
            chosen: set[str] = set()
            while len(chosen) < 3:
                chosen.add(rng.choice(COMMON) if rng.random() < 0.7 else rng.choice(RARE))
            skills += [{"team_id": TEAM, "profile_id": profile_id, "skill_key": k} for k in chosen]
        session.execute(insert(MentorSkill), skills)
        pairs = [
            _row(
                Pair(
                    team_id=TEAM,
                    mentor_id=rng.randint(2, size + 1),
                    mentee_id=1 if i == 0 else rng.randint(2, size + 1),
                    started_at=NOW,
                )
            )
            for i in range(size // 10)
        ]
        session.execute(insert(Pair), pairs)
    return 1


def _row(model: SQLModel) -> dict[str, Any]:
    """A model's column values for a bulk insert (Python-side defaults included)."""
    return model.model_dump(exclude={"id"})


def bare_query(db: Database) -> int:
    """The same candidate rows the ranking reads, with nothing done to them."""
    with db.begin() as session:
        rows = (
            session.connection()
            .execute(
                select(
                    col(MentorSkill.skill_key),
                    col(MentorProfile.person_id),
                    col(Person.tz),
                    col(MentorProfile.team_name),
                    col(MentorProfile.capacity),
                )
                .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
                .join(Person, col(Person.id) == col(MentorProfile.person_id))
                .where(
                    col(MentorSkill.team_id) == TEAM,
                    col(MentorSkill.skill_key).in_(WANTED),
                    col(MentorProfile.is_open) == True,  # noqa: E712
                    col(Person.is_deleted) == False,  # noqa: E712
                )
            )
            .all()
        )
        return len(rows)


def rank_once(db: Database, mentee_id: int) -> int:
    with db.begin() as session:
        mentee = session.get(Person, mentee_id)
        assert mentee is not None
        seeker = matching.seeker_for(session, person=mentee, wanted=WANTED)
        ranking = matching.find_mentors(session, team_id=TEAM, seeker=seeker, now=NOW, limit=5)
        return ranking.total


def median_ms(fn: Callable[[], int]) -> tuple[float, int]:
    fn()  # warm the page cache and the statement cache
    times, result = [], 0
    for _ in range(RUNS):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    goals = {10_000: 50.0, 100_000: 500.0}
    print(
        f"{'mentors':>8} {'rows':>7} {'ranked':>7} {'bare ms':>8} {'rank ms':>8} {'ratio':>6} goal"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            upgrade(url)
            db = Database(url)
            try:
                mentee_id = populate(db, size, random.Random(size))
                bare, rows = median_ms(lambda db=db: bare_query(db))  # type: ignore[misc]
                ranked, total = median_ms(lambda db=db, m=mentee_id: rank_once(db, m))  # type: ignore[misc]
            finally:
                db.dispose()
        goal = goals.get(size)
        verdict = (
            ""
            if goal is None
            else (f"< {goal:g} ms ok" if ranked < goal else f"< {goal:g} ms MISSED")
        )
        print(
            f"{size:>8} {rows:>7} {total:>7} {bare:>8.1f} {ranked:>8.1f} "
            f"{ranked / bare:>6.1f} {verdict}"
        )


if __name__ == "__main__":
    main()
