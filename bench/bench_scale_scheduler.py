"""A scheduler pass with N due deliveries on PostgreSQL, as `mentorbot tick` subprocesses,
against the emulator (its own process) holding chat.postMessage to a set rate and answering a
seeded 2% of calls 429 and 1% 500. Prints the pass time against the bound the rate allows
(N / rate; goal within 1.2x) and checks that every delivery reached Slack exactly once. The
pass process's RSS is sampled as it goes (bench_memory prints it).

The pairs, their people and the planning that makes N nudges due come from the scheduler
issue's bench/bench_scheduler.py; `people` tops the workspace up with bench.datagen's people.
"""

from __future__ import annotations

import collections
import subprocess
import sys
import time
from dataclasses import dataclass, field

from bench.bench_scheduler import DUE_AT, PLANNED_AT, seed, users
from bench.common import EmulatorProcess, rss_mb, scratch_schema
from bench.datagen import generate
from playground.replicas import ROOT, mentorbot_env, run_mentorbot

RATE_429 = 0.02
RATE_500 = 0.01


@dataclass
class SchedulerFigures:
    deliveries: int
    rate: float
    seconds: float
    posted: int
    lost: int
    doubled: int
    answered_429: int
    answered_500: int
    rss_samples_mb: list[float] = field(default_factory=list)

    @property
    def allowed(self) -> float:
        return self.deliveries / self.rate


def run(*, deliveries: int, rate: float, people: int = 0) -> SchedulerFigures:
    with scratch_schema() as url:
        if people > 2 * deliveries:  # datagen's people besides the pairs' (one small pair)
            generate(url, people=people - 2 * deliveries, meetings=0, channel_members=10)
        with EmulatorProcess(users(deliveries), open_dms=True) as emulator:
            env = mentorbot_env(url, emulator.api_url, emulator.token, LOG_LEVEL="ERROR")
            if people <= 2 * deliveries:
                run_mentorbot(["migrate"], env)
            _seed_due(url, deliveries, env)
            emulator.ask("rate", "chat.postMessage", rate)
            emulator.ask(
                "fail_randomly", "chat.postMessage", {"rate_429": RATE_429, "rate_500": RATE_500}
            )
            seconds, samples = _tick(env)
            posted = emulator.ask("posted", "chat.postMessage")
            statuses = emulator.ask("statuses", "chat.postMessage")
    per_channel = collections.Counter(channel for channel, _text in posted)
    return SchedulerFigures(
        deliveries=deliveries,
        rate=rate,
        seconds=seconds,
        posted=len(posted),
        lost=deliveries - len(per_channel),
        doubled=sum(n - 1 for n in per_channel.values() if n > 1),
        answered_429=statuses.get(429, 0),
        answered_500=statuses.get(500, 0),
        rss_samples_mb=samples,
    )


def _seed_due(url: str, pairs: int, env: dict[str, str]) -> None:
    """The pairs and people, then a planning pass at PLANNED_AT (untimed)."""
    from storage.engine import Database

    db = Database(url)
    try:
        seed(db, pairs)
    finally:
        db.dispose()
    run_mentorbot(["tick", "--at", PLANNED_AT.isoformat()], env, timeout=600)


def _tick(env: dict[str, str]) -> tuple[float, list[float]]:
    """`mentorbot tick --at DUE_AT`: its wall time, and its RSS every 200 ms."""
    started = time.perf_counter()
    tick = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "tick", "--at", DUE_AT.isoformat()],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    samples: list[float] = []
    while tick.poll() is None:
        try:
            samples.append(rss_mb(tick.pid))
        except (OSError, RuntimeError):
            pass  # the process ended between poll() and the read
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    stderr = tick.stderr.read() if tick.stderr else ""
    if tick.returncode not in (0, 1):  # 1: some deliveries failed; counted from the emulator
        raise RuntimeError(f"tick exited {tick.returncode}: {stderr[-2000:]}")
    return seconds, samples


def report(figures: SchedulerFigures) -> list[str]:
    bound = 1.2 * figures.allowed
    ok = figures.seconds <= bound and figures.lost == 0 and figures.doubled == 0
    return [
        f"scheduler pass, {figures.deliveries} due deliveries, chat.postMessage held to "
        f"{figures.rate:g}/s, {RATE_429:.0%} answered 429 and {RATE_500:.0%} 500 (PostgreSQL):",
        f"  pass {figures.seconds:6.1f} s (whole `mentorbot tick` process)   the rate allows "
        f"{figures.allowed:6.1f} s   ratio {figures.seconds / figures.allowed:4.2f}x   "
        f"goal within 1.2x and none lost or doubled: {'ok' if ok else 'MISSED'}",
        f"  posted {figures.posted}, lost {figures.lost}, doubled {figures.doubled}; the "
        f"emulator answered {figures.answered_429} x 429 (rate limit and injected) and "
        f"{figures.answered_500} x 500",
    ]
