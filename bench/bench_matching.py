"""Ranking one mentee against 10,000 and 100,000 mentor profiles in SQLite.

Goal: under 50 ms at 10,000 and under 500 ms at 100,000. The baseline is a bare query that reads
the same candidate rows (the mentor_skill index joined to the profiles and people) without any
ranking, so the ratio shows what the Python side costs on this machine. The data comes from
bench.datagen (every person a mentor).

    PYTHONPATH=$PWD /work/venv/bin/python bench/bench_matching.py [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.datagen import generate
from bot.services.matching import mentor_pool
from storage.engine import Database
from storage.models import Person
from storage.repositories import matching as matching_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Two common skills and a rarer one (datagen draws each mentor's 1-3 skills from 15).
WANTED = ("python", "public speaking", "negotiation")
RUNS = 7


def populate(url: str, size: int) -> tuple[str, int]:
    """bench.datagen's workspace where all `size` people mentor (1 to 3 skills each), a tenth
    of them in pairs; returns the team and the mentee (person 1)."""
    data = generate(url, people=size, mentors=size, meetings=2 * size, channel_members=10)
    return data.team_id, 1


def bare_query(db: Database, team: str) -> int:
    """The same candidate rows the ranking reads, with nothing done to them."""
    with db.begin() as session:
        statement = matching_repo.candidate_rows(team_id=team, wanted=list(WANTED))
        rows = session.connection().execute(statement).all()
        return len(rows)


def rank_once(db: Database, team: str, mentee_id: int) -> int:
    with db.begin() as session:
        mentee = session.get(Person, mentee_id)
        assert mentee is not None
        seeker = mentor_pool.seeker_for(session, person=mentee, wanted=WANTED)
        ranked = mentor_pool.find_mentors(session, team_id=team, seeker=seeker, now=NOW, limit=5)
        return ranked.total


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
            team, mentee_id = populate(url, size)
            db = Database(url)
            try:
                bare, rows = median_ms(lambda db=db, t=team: bare_query(db, t))  # type: ignore[misc]
                ranked, total = median_ms(
                    lambda db=db, t=team, m=mentee_id: rank_once(db, t, m)  # type: ignore[misc]
                )
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
