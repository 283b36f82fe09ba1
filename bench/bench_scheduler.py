"""One scheduler pass with N pairs due at once, against the emulator's rate limit.

    PYTHONPATH=$PWD python bench/bench_scheduler.py [--pairs 10000] [--rate 100]

Prints the pass time next to the time the rate allows (N / rate) and the 1.2x bound, then the
pass's peak traced memory at 1k and at 10k pairs (no rate limit) to show that it streams.
The emulator runs in its own process (as Slack would), so the traced memory is the app's alone.
Setup (people, pairs, the planning pass that creates the due rows) is not timed. The people's
DM channels are cached as a running app would have them, so the pass measures chat.postMessage.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from pathlib import Path

from sqlmodel import select

from bot.app import create_app, deps_of
from bot.clock import ManualClock
from bot.config import Settings
from bot.scheduler import PassReport
from bot.scheduler.passes import plan_due_work, run_scheduler_pass
from playground.emulator import SlackEmulator
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Pair, Person, Workspace

TEAM = "T0EMULATOR"
PLANNED_AT = datetime(2026, 11, 30, 9, tzinfo=UTC)  # Monday: plans Wednesday's nudges
DUE_AT = datetime(2026, 12, 2, 9, tzinfo=UTC)  # Wednesday: every mentee's nudge is due


def users(pairs: int) -> list[str]:
    return [f"U{role}{n:06d}" for n in range(pairs) for role in ("M", "E")]


def serve_emulator(pairs: int, rate: float | None, conn: Connection) -> None:
    """The child process: a Slack emulator with the people in it, until told to stop."""
    # Our throughput, not Slack's tiers (`rate` sets the chat.postMessage limit explicitly).
    with SlackEmulator(rate_limits=False) as emulator:
        for user in users(pairs):
            emulator.add_user(user, name=user.lower(), tz="Europe/London")
            emulator.dm_channel_of(user)
        conn.send((emulator.api_url, emulator.token))
        while (message := conn.recv()) != "done":
            if message == "limit" and rate is not None:
                emulator.set_rate_limit("chat.postMessage", rate)
        conn.send(len(emulator.ok_calls_to("chat.postMessage")))


def seed(db: Database, pairs: int) -> None:
    with db.begin() as session:
        session.add(Workspace(team_id=TEAM, created_at=PLANNED_AT))
        session.flush()
        people = [
            # The emulator's DM ids are "D" + the user id without its "U".
            Person(
                team_id=TEAM,
                slack_user_id=user,
                tz="Europe/London",
                dm_channel_id="D" + user[1:],
                profile_synced_at=PLANNED_AT,
                created_at=PLANNED_AT,
            )
            for user in users(pairs)
        ]
        session.add_all(people)
        session.flush()
        session.add_all(
            Pair(
                team_id=TEAM,
                mentor_id=people[2 * n].id or 0,
                mentee_id=people[2 * n + 1].id or 0,
                cadence="weekly",
                meeting_weekday=3,
                started_at=PLANNED_AT,
            )
            for n in range(pairs)
        )


def run(pairs: int, rate: float | None, *, trace: bool) -> tuple[PassReport, float, int, float]:
    parent, child = multiprocessing.Pipe()
    process = multiprocessing.get_context("spawn").Process(
        target=serve_emulator, args=(pairs, rate, child), daemon=True
    )
    process.start()
    api_url, token = parent.recv()
    try:
        with tempfile.TemporaryDirectory() as scratch:
            url = f"sqlite:///{Path(scratch) / 'bench.db'}"
            upgrade(url)
            db = Database(url)
            seed(db, pairs)
            settings = Settings(
                bot_token=token,
                signing_secret="s",
                app_token=None,
                api_url=api_url,
                database_url=url,
                port=0,
            )
            app = create_app(settings, db=db, clock=ManualClock(DUE_AT))
            deps = deps_of(app)
            started = time.perf_counter()
            plan_due_work(app.client, deps, PLANNED_AT, PassReport(at=PLANNED_AT))
            planning = time.perf_counter() - started
            parent.send("limit")
            if trace:
                tracemalloc.start()
            started = time.perf_counter()
            report = run_scheduler_pass(app.client, deps, DUE_AT)
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1] if trace else 0
            if trace:
                tracemalloc.stop()
            with db.begin() as session:
                assert len(session.exec(select(Pair.id)).all()) == pairs
            db.dispose()
            deps.executor.shutdown(wait=True)
    finally:
        parent.send("done")
        posted = parent.recv()
        process.join(timeout=30)
    assert posted == len(report.sent), (posted, len(report.sent))
    return report, elapsed, peak, planning


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=100.0, help="chat.postMessage per second")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()

    report, elapsed, _, planning = run(args.pairs, args.rate, trace=False)
    allowed = args.pairs / args.rate
    bound = 1.2 * allowed
    print(f"planning {args.pairs} pairs (untimed setup): {planning:.1f} s")
    print(
        f"pass: {len(report.sent)} sent, {report.failed} failed in {elapsed:.1f} s; "
        f"the rate ({args.rate:g}/s) allows {allowed:.1f} s; bound 1.2x = {bound:.1f} s; "
        f"{'within' if elapsed <= bound else 'OVER'} the bound ({elapsed / allowed:.2f}x)"
    )
    ok = elapsed <= bound and len(report.sent) == args.pairs
    if not args.skip_memory:
        own = {}
        for n in (1_000, 10_000):
            rep, secs, peak, _ = run(n, None, trace=True)
            # The report keeps one line per message sent (the CLI prints them); that part
            # grows with N by design, so it is shown apart from the pass's own working memory.
            lines = sys.getsizeof(rep.sent) + sum(sys.getsizeof(line) for line in rep.sent)
            own[n] = peak - lines
            print(
                f"memory: {n} pairs due, {len(rep.sent)} sent in {secs:.1f} s (traced): "
                f"peak {peak / 1e6:.2f} MB, of which report lines {lines / 1e6:.2f} MB, "
                f"the pass itself {own[n] / 1e6:.2f} MB"
            )
        print(
            f"memory: the pass itself at 10k / at 1k = {own[10_000] / own[1_000]:.2f} "
            "(it claims 100 rows at a time)"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
