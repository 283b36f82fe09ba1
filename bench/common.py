"""What the scale benchmarks share: a scratch PostgreSQL schema, the Slack emulator in its own
process (as Slack is), mentorbot or the bare app as `serve` subprocesses, a load generator."""

from __future__ import annotations

import collections
import itertools
import math
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from bench.datagen import Generated, generate
from playground.emulator import SlackEmulator
from playground.replicas import SIGNING_SECRET, ServeProcess, mentorbot_env
from playground.signed_client import SignedSlackClient

POSTGRES_URL = os.environ.get(
    "MENTORBOT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BARE_APP = ("-m", "bench.bare_app")


@contextmanager
def scratch_schema(base_url: str = POSTGRES_URL) -> Iterator[str]:
    """A fresh PostgreSQL schema for one benchmark, dropped afterwards; yields its URL."""
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    dsn = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{base_url}{'&' if '?' in base_url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def generate_workspace(url: str, *, people: int, mentors: int | None = None) -> Generated:
    """bench.datagen's workspace: `people` people, `mentors` of them mentoring, a meeting
    history of 2 per person (enough to be realistic, quick to load)."""
    return generate(url, people=people, mentors=mentors, meetings=2 * people)


# --- the emulator in a child process ------------------------------------------------------------


def _emulator_child(users: Sequence[str], open_dms: bool, conn: Connection) -> None:
    # Benchmarks measure our throughput; Slack's rate tiers would only measure theirs.
    with SlackEmulator(rate_limits=False) as emulator:
        for user in users:
            emulator.add_user(user, name=user.lower(), tz="Europe/London")
            if open_dms:  # as a running app would have them: DM ids cached on the people
                emulator.dm_channel_of(user)
        conn.send((emulator.api_url, emulator.token, emulator.base_url))
        while True:
            command, *args = conn.recv()
            if command == "stop":
                conn.send(None)
                return
            conn.send(_emulator_command(emulator, command, args))


def _emulator_command(emulator: SlackEmulator, command: str, args: list[Any]) -> Any:
    if command == "count":
        return len(emulator.ok_calls_to(args[0]))
    if command == "rate":
        emulator.set_rate_limit(args[0], args[1])
        return None
    if command == "fail_randomly":
        emulator.fail_randomly(args[0], **args[1])
        return None
    if command == "posted":
        # (channel, text) of every message that reached a channel.
        return [
            (str(c.args.get("channel")), str(c.args.get("text")))
            for c in emulator.ok_calls_to(args[0])
        ]
    if command == "statuses":
        return dict(collections.Counter(c.status for c in emulator.calls_to(args[0])))
    if command == "texts":
        return [str(c.args.get("text")) for c in emulator.calls_to(args[0])]
    if command == "refused":
        return sum(1 for c in emulator.calls if not c.ok)
    raise ValueError(f"unknown emulator command {command}")


class EmulatorProcess:
    """A SlackEmulator serving from a spawned process, so its work does not share our GIL."""

    def __init__(self, users: Sequence[str] = (), *, open_dms: bool = False) -> None:
        self._users = users
        self._open_dms = open_dms
        self._conn: Connection | None = None
        self._process: Any = None
        self._response_numbers = itertools.count(1)

    def __enter__(self) -> EmulatorProcess:
        parent, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_emulator_child, args=(self._users, self._open_dms, child), daemon=True
        )
        self._process.start()
        self._conn = parent
        self.api_url, self.token, self.base_url = parent.recv()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.ask("stop")
        self._process.join(timeout=10)

    def ask(self, command: str, *args: Any) -> Any:
        assert self._conn is not None
        self._conn.send((command, *args))
        return self._conn.recv()

    def response_url(self) -> str:
        return f"{self.base_url}/response_url/B{next(self._response_numbers):08d}"

    def wait_for(self, method: str, count: int, timeout: float = 600) -> float:
        """Seconds until `count` ok calls to `method` arrived (polls every 50 ms)."""
        started = time.perf_counter()
        while self.ask("count", method) < count:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{method}: fewer than {count} calls after {timeout} s")
            time.sleep(0.05)
        return time.perf_counter() - started


def wait_for_finished_events(database_url: str, count: int, timeout: float = 600) -> float:
    """Seconds until `count` events were handled to the end (their claims marked done)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    started = time.perf_counter()
    try:
        while True:
            with engine.connect() as conn:
                done = conn.execute(
                    text("SELECT COUNT(*) FROM processed_event WHERE state = 'done'")
                ).scalar_one()
            if done >= count:
                return time.perf_counter() - started
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"fewer than {count} events handled after {timeout} s")
            time.sleep(0.05)
    finally:
        engine.dispose()


# --- the servers ----------------------------------------------------------------------------------


@contextmanager
def servers(
    database_url: str,
    emulator: EmulatorProcess,
    *,
    count: int = 1,
    bare: bool = False,
    **env: str,
) -> Iterator[list[ServeProcess]]:
    """`count` replicas of mentorbot (or of the bare app) on `database_url`."""
    settings = mentorbot_env(database_url, emulator.api_url, emulator.token, **env)
    command = BARE_APP if bare else ("-m", "bot.cli", "serve")
    processes = [ServeProcess(settings, command=command) for _ in range(count)]
    try:
        for process in processes:
            process.start(timeout=60)
        yield processes
    finally:
        for process in processes:
            process.stop()


def slack_clients(
    replicas: Sequence[ServeProcess], emulator: EmulatorProcess, team_id: str
) -> list[SignedSlackClient]:
    numbers = itertools.count(1)
    return [
        SignedSlackClient(
            f"{replica.base_url}/slack/events",
            SIGNING_SECRET,
            team_id=team_id,
            response_urls=emulator.response_url,
            event_ids=lambda: f"Ev{next(numbers):010d}",
            trigger_ids=lambda: f"{next(numbers)}.bench",
        )
        for replica in replicas
    ]


def children_of(pid: int) -> list[int]:
    """The process's direct children (serve's search workers and multiprocessing's helper)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(child) for child in (task / "children").read_text().split())
    return sorted(set(found))


def family_rss_mb(pid: int, field: str = "VmRSS") -> float:
    """RSS of the process and its children, summed: a page they share counts in each."""
    return rss_mb(pid, field) + sum(rss_mb(child, field) for child in children_of(pid))


def family_pss_mb(pid: int) -> float:
    """PSS of the process and its children, summed: the memory they use together, a shared
    page split between those sharing it (a forked worker shares the server's pages)."""
    return sum(_pss_mb(p) for p in (pid, *children_of(pid)))


def _pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no Pss for pid {pid}")


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of a process from /proc (VmHWM is its peak so far)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for pid {pid}")


# --- load ---------------------------------------------------------------------------------------


@dataclass
class Load:
    latencies_ms: list[float]
    seconds: float
    errors: int

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds


def hammer(send: Callable[[int, int], int], total: int, clients: int) -> Load:
    """`clients` threads send `total` requests between them; send(client, n) returns the HTTP
    status. Latency is from sending to the full HTTP answer (the ack)."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    numbers = itertools.count()

    def client(index: int) -> None:
        nonlocal errors
        mine: list[float] = []
        bad = 0
        while (n := next(numbers)) < total:
            started = time.perf_counter()
            try:
                status = send(index, n)
            except OSError:  # a timeout or a refused connection counts as a failed request
                status = 0
            mine.append((time.perf_counter() - started) * 1000)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Load(latencies, time.perf_counter() - started, errors)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"
