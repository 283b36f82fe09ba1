"""Sustained Events API throughput: two replicas on one PostgreSQL, on this machine's cores,
against two replicas of the bare app.

Events are `app_home_opened` from many people (each one reads the person's goals, pairs and
reflection, builds their Home and publishes it with views.publish when it changed), sent by 8
client threads alternating between the replicas. mentorbot's figure counts an event only when its
work is finished (its claim marked done, after the Home was built and, the first time, reached the
emulator in its own process); the bare app's counts the ack, as it does nothing more. A Home that
did not change is not published again, so after the warm-up a repeated opener costs the read and
the build, not a views.publish.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from bench.common import (
    EmulatorProcess,
    Load,
    generate_workspace,
    hammer,
    scratch_schema,
    servers,
    slack_clients,
    wait_for_finished_events,
)

PEOPLE = 10_000
DISTINCT_OPENERS = 1_000


@dataclass
class EventFigures:
    events: int
    app_acked: Load
    app_seconds: float
    bare: Load

    @property
    def app_per_second(self) -> float:
        return self.events / self.app_seconds


def run(*, events: int, clients: int = 8) -> EventFigures:
    with scratch_schema() as url:
        data = generate_workspace(url, people=PEOPLE)
        openers = [f"U{i:08d}" for i in range(1, DISTINCT_OPENERS + 1)]
        with EmulatorProcess(openers) as emulator:
            with servers(url, emulator, count=2) as replicas:
                slack = slack_clients(replicas, emulator, data.team_id)
                _send(slack, openers, len(openers), clients)  # warm up: everyone synced once
                emulator.wait_for("views.publish", len(openers))
                started = time.perf_counter()
                acked = _send(slack, openers, events, clients)
                wait_for_finished_events(url, len(openers) + events)
                app_seconds = time.perf_counter() - started
            with servers(url, emulator, count=2, bare=True) as replicas:
                slack = slack_clients(replicas, emulator, data.team_id)
                _send(slack, openers, len(openers), clients)
                bare = _send(slack, openers, events, clients)
    return EventFigures(events, acked, app_seconds, bare)


def _send(slack: list[object], openers: list[str], events: int, clients: int) -> Load:
    from playground.signed_client import SignedSlackClient

    def one(_client: int, n: int) -> int:
        replica = slack[n % len(slack)]
        assert isinstance(replica, SignedSlackClient)
        user = openers[n % len(openers)]
        event = {"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"}
        return replica.event(event).status

    return hammer(one, events, clients)


def report(figures: EventFigures) -> list[str]:
    return [
        f"events per second, {figures.events} app_home_opened events, 2 replicas, PostgreSQL, "
        f"{os.cpu_count()} cores shared with the emulator and the load generator:",
        f"  mentorbot  {figures.app_per_second:7.0f} events/s handled (work finished)   "
        f"acked at {figures.app_acked.per_second:5.0f}/s, ack p99 "
        f"{figures.app_acked.percentile(99):5.1f} ms, errors {figures.app_acked.errors}",
        f"  bare app   {figures.bare.per_second:7.0f} events/s acked, ack p99 "
        f"{figures.bare.percentile(99):5.1f} ms   "
        f"(mentorbot does {figures.app_per_second / figures.bare.per_second:.0%} of the bare "
        "app's rate)",
    ]
