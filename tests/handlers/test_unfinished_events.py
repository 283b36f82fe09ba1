"""An event acked just before a crash is not lost, and the answer in it is stored once.

The crash is injected between the ack and the work (the listener never runs, as when the
process dies there), or between the work and the end of its claim. Then a Slack retry or the
scheduler pass after the claim's lease does the work from the stored payload.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from handlers.event_claims import CLAIM_LEASE
from playground.harness import Harness
from storage.migrate import upgrade
from storage.models import ProcessedEvent, Reflection
from tests.handlers.reflection_helpers import dm, dm_event, rendered, step_of

USER = "UANA"
ANSWER = "explaining things"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def reflecting(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """Ana has started /reflect and is asked for her strengths, on either database."""
    if request.param == "sqlite":
        url = str(request.getfixturevalue("sqlite_url"))
    else:
        url = str(request.getfixturevalue("postgres_url"))
        upgrade(url)
    with Harness(url) as h:
        h.emulator.add_user(USER, name="ana", tz="Europe/Berlin")
        h.command(USER, "/reflect")
        assert step_of(h, USER) == "strengths"
        yield h


def _crash_after_ack(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    """The process dies once the ack is out: the listener Bolt hands to the executor never runs."""

    def dropped(_fn: Any, /, *_args: Any, **_kwargs: Any) -> Future[None]:
        future: Future[None] = Future()
        future.set_result(None)
        return future

    monkeypatch.setattr(h.deps.executor, "submit", dropped)


def _answers(h: Harness) -> list[str]:
    """Every reflection field that holds the answer (once means: strengths, and only there)."""
    with h.db.begin() as session:
        reflection = session.exec(select(Reflection)).one()
    fields = ("strengths", "weaknesses", "aspirations", "challenges")
    return [name for name in fields if getattr(reflection, name) == ANSWER]


def _claim(h: Harness, event_id: str) -> ProcessedEvent:
    with h.db.begin() as session:
        found = session.get(ProcessedEvent, (h.emulator.team_id, event_id))
        assert found is not None
        return found


def _asked_for_weaknesses(h: Harness) -> int:
    return sum("Weaknesses" in rendered(m) for m in dm(h, USER))


def test_a_crash_after_the_ack_is_finished_by_the_next_pass(
    reflecting: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = reflecting
    event = dm_event(h, USER, ANSWER)
    with monkeypatch.context() as crash:
        _crash_after_ack(h, crash)
        assert h.event(event, event_id="EvCRASH1").status == 200  # acked ...
    assert _answers(h) == []  # ... and lost, so far
    claim = _claim(h, "EvCRASH1")
    assert claim.state == "claimed" and json.loads(claim.payload or "")["event"] == event
    # Slack's retry inside the lease is a duplicate (the first delivery may still be working).
    assert h.event(event, event_id="EvCRASH1", retry_num=1).status == 200
    assert _answers(h) == []
    h.tick(h.clock.now() + timedelta(seconds=30))  # a pass inside the lease leaves it alone
    assert _answers(h) == []

    h.tick(h.clock.now() + CLAIM_LEASE)
    assert _answers(h) == ["strengths"] and step_of(h, USER) == "weaknesses"
    assert _asked_for_weaknesses(h) == 1
    claim = _claim(h, "EvCRASH1")
    assert claim.state == "done" and claim.payload is None  # what she typed is not kept here

    h.event(event, event_id="EvCRASH1", retry_num=2)  # Slack's last retry
    h.tick(h.clock.now() + 2 * CLAIM_LEASE)
    assert _answers(h) == ["strengths"] and _asked_for_weaknesses(h) == 1


def test_a_crash_after_the_ack_is_finished_by_slacks_retry_after_the_lease(
    reflecting: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = reflecting
    event = dm_event(h, USER, ANSWER)
    with monkeypatch.context() as crash:
        _crash_after_ack(h, crash)
        h.event(event, event_id="EvCRASH2")
    h.clock.set(h.clock.now() + CLAIM_LEASE + timedelta(seconds=1))
    assert h.event(event, event_id="EvCRASH2", retry_num=2).status == 200
    assert _answers(h) == ["strengths"] and _asked_for_weaknesses(h) == 1
    h.tick(h.clock.now() + 2 * CLAIM_LEASE)  # the pass finds nothing left to do
    assert _answers(h) == ["strengths"] and _asked_for_weaknesses(h) == 1


def test_a_crash_after_the_work_before_its_claim_ends_stores_the_answer_once(
    reflecting: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers import event_claims

    h = reflecting

    def crash(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the process died here")

    event = dm_event(h, USER, ANSWER)
    with monkeypatch.context() as patch:
        patch.setattr(event_claims.events_repo, "finish_event_work", crash)
        h.event(event, event_id="EvCRASH3")
    assert _answers(h) == ["strengths"] and _claim(h, "EvCRASH3").state == "claimed"
    h.tick(h.clock.now() + CLAIM_LEASE + timedelta(seconds=1))  # the work is done again ...
    assert _claim(h, "EvCRASH3").state == "done"
    assert _answers(h) == ["strengths"] and step_of(h, USER) == "weaknesses"  # ... stored once
    assert _asked_for_weaknesses(h) == 1


def test_work_that_keeps_failing_is_given_up_and_its_payload_dropped(
    reflecting: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    from handlers import event_claims

    h = reflecting
    event = dm_event(h, USER, ANSWER)
    with monkeypatch.context() as patch:
        patch.setattr(event_claims.events_repo, "finish_event_work", _always_fails)
        h.event(event, event_id="EvFAILS")
        for _ in range(event_claims.MOST_ATTEMPTS):
            h.tick(h.clock.now() + CLAIM_LEASE + timedelta(seconds=1))
    claim = _claim(h, "EvFAILS")
    assert (claim.state, claim.payload, claim.attempts) == ("done", None, 3)
    assert _answers(h) == ["strengths"]


def _always_fails(*_args: Any, **_kwargs: Any) -> None:
    raise RuntimeError("a bug")
