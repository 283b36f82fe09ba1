"""A locked SQLite file never keeps an ack waiting past about a second: the request gets a 503
(Slack retries it) and /healthz reads, so it answers whoever holds the write lock."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import select

from playground.harness import Harness
from storage.models import Reflection
from tests.handlers.reflection_helpers import dm_event, step_of

USER = "UANA"


@contextmanager
def write_lock_held(sqlite_url: str) -> Iterator[None]:
    """Another process holds the database's write lock meanwhile."""
    locker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        locker.execute("ROLLBACK")
        locker.close()


def _timed(call: object) -> tuple[object, float]:
    started = time.monotonic()  # a real timer, for the bound only
    result = call()  # type: ignore[operator]
    return result, time.monotonic() - started


def _health(h: Harness) -> tuple[int, dict[str, object]]:
    with urllib.request.urlopen(f"{h.base_url}/healthz", timeout=5) as response:
        return response.status, json.loads(response.read())


def test_an_event_under_a_held_lock_gets_a_503_quickly_and_its_retry_is_done(
    harness: Harness, sqlite_url: str
) -> None:
    h = harness
    h.emulator.add_user(USER, name="ana")
    h.command(USER, "/reflect")
    event = dm_event(h, USER, "explaining things")
    with write_lock_held(sqlite_url):
        result, waited = _timed(lambda: h.slack.event(event, event_id="EvLOCKED"))
        health, health_took = _timed(lambda: _health(h))
    assert result.status == 503 and waited < 2.0  # type: ignore[attr-defined]
    assert health == (200, {"ok": True, "database": "ok", "pending": 0}) and health_took < 1.0
    h.settle()
    assert step_of(h, USER) == "strengths"  # nothing was done under the 503 ...
    retry = h.event(event, event_id="EvLOCKED", retry_num=1)
    assert retry.status == 200  # ... and Slack's retry does it
    with h.db.begin() as session:
        assert session.exec(select(Reflection)).one().strengths == "explaining things"


def test_a_first_request_under_a_held_lock_gets_a_503_quickly(
    harness: Harness, sqlite_url: str
) -> None:
    """The workspace row is written before the ack, once: that write waits no longer."""
    with write_lock_held(sqlite_url):
        result, waited = _timed(lambda: harness.slack.slash_command("U1", "/mentor", "help"))
    assert result.status == 503 and waited < 2.0  # type: ignore[attr-defined]
    assert "Start with /reflect" in harness.command("U1", "/mentor", "help").json["text"]
