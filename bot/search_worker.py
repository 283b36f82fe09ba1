"""Where mentor rankings run: in the calling thread, or in worker processes.

Ranking 10,000 mentors is some 20 ms of pure Python. In the serving process it holds the GIL,
so under a burst the acks of the requests queued behind it wait for the interpreter, not for a
core: on 2 cores the ack p99 was 4.6x the bare app's. A worker process has an interpreter of its
own; the server's threads keep acking while the ranking runs beside them. The worker opens its
own small connection pool, reads the same rows the listener would and sends back the
SearchResult (plain dataclasses). It runs at a lower CPU priority, like the deferred lane.

`MENTORBOT_SEARCH_PROCESSES=0` ranks in the calling thread: the test harness and the playground
do, and so does an in-memory SQLite database, which another process cannot open.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from bot.executor import DEFERRED_NICENESS, TrackingExecutor
from bot.services.matching import searches
from storage.engine import Database
from storage.models import Person

logger = logging.getLogger("mentorbot.search_worker")

SearchResult = searches.SearchResult
PARENT_CHECK_SECONDS = 1.0
COOL_OFF_SECONDS = 300.0


class SearchNotFound(LookupError):
    """The person or the stored search is not (any more) in that workspace."""


# --- the work, the same wherever it runs -------------------------------------------------------


def _person(session: Any, team_id: str, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.team_id != team_id:
        raise SearchNotFound(f"person {person_id}")
    return person  # type: ignore[no-any-return]


def start(db: Database, *, team_id: str, person_id: int, words: str, now: datetime) -> SearchResult:
    """Rank for the words (else the person's skill gaps) and store the search."""
    with db.begin() as session:
        person = _person(session, team_id, person_id)
        return searches.start_search(session, person=person, words=words, now=now)


def page(
    db: Database, *, team_id: str, person_id: int, search_id: int, offset: int, now: datetime
) -> SearchResult:
    """A page of the person's stored search."""
    with db.begin() as session:
        person = _person(session, team_id, person_id)
        search = searches.get_search(session, team_id=team_id, search_id=search_id)
        if search is None or search.person_id != person_id:
            raise SearchNotFound(f"search {search_id}")
        return searches.page(session, search=search, person=person, offset=offset, now=now)


def for_skill(
    db: Database, *, team_id: str, person_id: int, skill_id: int, now: datetime
) -> SearchResult | None:
    """A one-click search for a listed skill (None if it is not the workspace's)."""
    with db.begin() as session:
        person = _person(session, team_id, person_id)
        return searches.search_for_skill(session, person=person, skill_id=skill_id, now=now)


_WORK: dict[str, Callable[..., Any]] = {"start": start, "page": page, "for_skill": for_skill}


# --- in a worker process ------------------------------------------------------------------------

_worker_db: Database | None = None


def _init_worker(database_url: str, parent_pid: int) -> None:
    global _worker_db
    # Ctrl-C reaches the whole process group; the server's close() stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    try:
        os.nice(DEFERRED_NICENESS)
    except (AttributeError, OSError):
        pass
    # One search at a time per process: one connection, and one spare for a pre-ping retry.
    _worker_db = Database(database_url, pool_size=1)


def _exit_with_parent(parent_pid: int) -> None:
    """A server killed outright (SIGKILL, the OOM killer) cannot stop its workers: they notice
    they were orphaned and leave, instead of idling on a database connection forever."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _run_in_worker(name: str, kwargs: dict[str, Any]) -> Any:
    assert _worker_db is not None, "the worker was not initialised"
    return _WORK[name](_worker_db, **kwargs)


def _warm_up() -> int:
    """Nothing: makes the pool start its processes (imports, connection) before the first search."""
    return os.getpid()


# --- the two runners ----------------------------------------------------------------------------


class Searches:
    """Runs the searches in the calling thread, holding one of the executor's CPU slots."""

    def __init__(self, db: Database, executor: TrackingExecutor) -> None:
        self.db = db
        self.executor = executor

    def start(self, *, team_id: str, person_id: int, words: str, now: datetime) -> SearchResult:
        return self._run("start", team_id=team_id, person_id=person_id, words=words, now=now)  # type: ignore[no-any-return]

    def page(
        self, *, team_id: str, person_id: int, search_id: int, offset: int, now: datetime
    ) -> SearchResult:
        return self._run(  # type: ignore[no-any-return]
            "page",
            team_id=team_id,
            person_id=person_id,
            search_id=search_id,
            offset=offset,
            now=now,
        )

    def for_skill(
        self, *, team_id: str, person_id: int, skill_id: int, now: datetime
    ) -> SearchResult | None:
        return self._run(  # type: ignore[no-any-return]
            "for_skill", team_id=team_id, person_id=person_id, skill_id=skill_id, now=now
        )

    def _run(self, name: str, **kwargs: Any) -> Any:
        with self.executor.cpu_bound():
            return _WORK[name](self.db, **kwargs)

    def close(self) -> None:
        pass


class ProcessSearches(Searches):
    """Runs the searches in `processes` worker processes; falls back to the calling thread for
    the one search that finds the pool broken (a worker killed), and starts a new pool. A pool
    that breaks again within COOL_OFF is not replaced for COOL_OFF: searches rank in the calling
    thread meanwhile, instead of starting a process per search."""

    def __init__(self, db: Database, executor: TrackingExecutor, *, processes: int) -> None:
        super().__init__(db, executor)
        self.processes = processes
        self._lock = threading.Lock()
        self._broken_at: float | None = None
        self._inline_until = 0.0
        self._pool: ProcessPoolExecutor | None = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        context = _start_method()
        if context.get_start_method() == "fork":
            # The child must not inherit open database connections: SQLite's per-process lock
            # bookkeeping would be shared with it. The parent reopens them as it needs them.
            self.db.engine.dispose()
        pool = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.db.url, os.getpid()),
        )
        for _ in range(self.processes):
            pool.submit(_warm_up)
        return pool

    @property
    def worker_pids(self) -> list[int]:
        """The worker processes' ids (for tests and the memory benchmark)."""
        processes = getattr(self._pool, "_processes", None) or {}
        return sorted(processes)

    def _run(self, name: str, **kwargs: Any) -> Any:
        pool = self._current_pool()
        if pool is None:
            return super()._run(name, **kwargs)
        try:
            return pool.submit(_run_in_worker, name, kwargs).result()
        except BrokenProcessPool:
            self._replace(pool)
            return super()._run(name, **kwargs)

    def _current_pool(self) -> ProcessPoolExecutor | None:
        with self._lock:
            if self._pool is None and time.monotonic() >= self._inline_until:
                self._pool = self._new_pool()
            return self._pool

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:
                now = time.monotonic()
                again = self._broken_at is not None and now - self._broken_at < COOL_OFF_SECONDS
                self._broken_at = now
                if again:
                    logger.error("search workers keep dying; ranking in the server for a while")
                    self._pool, self._inline_until = None, now + COOL_OFF_SECONDS
                else:
                    logger.warning("search worker pool broken; starting a new one")
                    self._pool = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool, self._inline_until = self._pool, None, float("inf")
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> multiprocessing.context.BaseContext:
    """Fork while the process has a single thread (serve at start-up): the worker then shares
    the server's memory pages until it writes to them, instead of a second interpreter's worth.
    Later (a pool replaced after a worker died) the server has threads, whose locks a fork
    would copy held: spawn a fresh interpreter then."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def make_searches(db: Database, executor: TrackingExecutor, *, processes: int) -> Searches:
    """Worker processes when asked for and the database can be opened from another process."""
    if processes <= 0 or db.is_in_memory:
        return Searches(db, executor)
    return ProcessSearches(db, executor, processes=processes)
