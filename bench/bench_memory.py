"""Resident memory (RSS) of `mentorbot serve` with N people in PostgreSQL: idle, and while it
serves a burst of requests (Homes and searches), against the bare app's idle RSS; then the
process running the scheduler pass over the due deliveries (bench_scale_scheduler), sampled as
the pass goes, to show it stays flat. Goal: serve under 150 MB idle; the pass flat.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bench.common import (
    EmulatorProcess,
    family_pss_mb,
    family_rss_mb,
    generate_workspace,
    hammer,
    rss_mb,
    scratch_schema,
    servers,
    slack_clients,
    verdict,
    wait_for_finished_events,
)

USERS = 500


@dataclass
class MemoryFigures:
    people: int
    idle_mb: float
    busy_peak_mb: float
    bare_idle_mb: float
    idle_family_mb: float  # serve with its search worker: PSS (shared pages split)
    idle_family_rss_mb: float  # the same, RSS summed (shared pages counted in each)
    busy_family_peak_mb: float
    pass_samples_mb: list[float] = field(default_factory=list)
    pass_deliveries: int = 0


def run(*, people: int, deliveries: int, rate: float) -> MemoryFigures:
    with scratch_schema() as url:
        data = generate_workspace(url, people=people)
        users = [f"U{i:08d}" for i in range(1, USERS + 1)]
        with EmulatorProcess(users + data.mentor_slack_ids[:2000]) as emulator:
            with servers(url, emulator, bare=True) as (bare,):
                time.sleep(2)
                bare_idle = rss_mb(bare.pid)
            with servers(url, emulator) as (app,):
                time.sleep(2)
                idle, idle_family = rss_mb(app.pid), family_pss_mb(app.pid)
                idle_family_rss = family_rss_mb(app.pid)
                slack = slack_clients([app], emulator, data.team_id)[0]

                def one(_c: int, n: int) -> int:
                    user = users[n % len(users)]
                    if n % 4 == 0:
                        return slack.slash_command(user, "/find-mentor", "python").status
                    home = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}
                    return slack.event(home).status

                hammer(one, 4 * USERS, 8)
                # Each person's Home is published once (then only when it changes): wait for
                # the events' work to finish, not for a publish per event.
                wait_for_finished_events(url, 3 * USERS)
                busy = rss_mb(app.pid, "VmHWM")
                busy_family = family_rss_mb(app.pid, "VmHWM")
    figures = MemoryFigures(
        people, idle, busy, bare_idle, idle_family, idle_family_rss, busy_family
    )
    try:
        from bench import bench_scale_scheduler
    except ImportError:  # the scheduler pass arrives with the scheduler issue
        return figures
    result = bench_scale_scheduler.run(deliveries=deliveries, rate=rate, people=people)
    figures.pass_samples_mb = result.rss_samples_mb
    figures.pass_deliveries = deliveries
    return figures


def report(figures: MemoryFigures) -> list[str]:
    lines = [
        f"memory (RSS), {figures.people} people in PostgreSQL:",
        f"  serve idle          {figures.idle_mb:6.1f} MB   bare app idle "
        f"{figures.bare_idle_mb:6.1f} MB   goal < 150 MB: {verdict(figures.idle_mb < 150)}",
        f"  serve and its search worker idle: PSS {figures.idle_family_mb:6.1f} MB "
        f"(RSS summed {figures.idle_family_rss_mb:6.1f} MB, counting the pages the forked "
        f"worker shares twice)   goal < 150 MB: {verdict(figures.idle_family_mb < 150)}",
        f"  peak while answering {4 * USERS} requests (Homes, searches): serve "
        f"{figures.busy_peak_mb:6.1f} MB, with its search worker (RSS peaks summed) "
        f"{figures.busy_family_peak_mb:6.1f} MB",
    ]
    samples = figures.pass_samples_mb
    if len(samples) >= 10:
        # The first tenth is the process starting (imports, connections): not the pass.
        steady = samples[len(samples) // 10 :]
        first, peak = steady[0], max(steady)
        lines.append(
            f"  scheduler pass of {figures.pass_deliveries} deliveries (`mentorbot tick`): RSS "
            f"at 10% of the pass {first:6.1f} MB, at 50% {steady[len(steady) // 2]:6.1f} MB, "
            f"peak {peak:6.1f} MB, at the end {steady[-1]:6.1f} MB ({len(samples)} samples, "
            f"5 a second): flat {verdict(peak - first < 0.1 * first)}"
        )
    else:
        lines.append("  scheduler pass: not measured (no scheduler pass in this build)")
    return lines
