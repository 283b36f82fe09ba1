"""Two admins pressing Match now, or Publish, at the same moment: one round, published once.
On SQLite (writers take turns at BEGIN IMMEDIATE) and PostgreSQL (the program's row lock)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import func, select

from bot.services.programs import publishing, rounds
from storage.engine import Database
from storage.models import IntroRequest, MatchingRound, Program
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)


def _program(db: Database) -> Program:
    with db.begin() as session:
        program = new_program(session)
        for n in range(3):
            enrolled_mentee(session, program, f"UM{n}", ["python"])
            enrolled_mentor(session, program, f"UT{n}", ["Python"])
    return program


def _at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = calls[index]()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def _held(barrier: threading.Barrier, original: Callable[..., Any]) -> Callable[..., Any]:
    """`original`, entered by both threads before either goes on."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        barrier.wait(timeout=30)
        return original(*args, **kwargs)

    return wrapper


def test_two_match_now_at_once_make_one_round(
    sqlite_or_postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = sqlite_or_postgres
    program = _program(database)
    assert program.id is not None
    # Both admins have read "no proposal yet" and solved before either stores its round.
    monkeypatch.setattr(rounds.solver, "solve", _held(threading.Barrier(2), rounds.solver.solve))

    def press() -> rounds.RoundOutcome:
        return rounds.match_now(
            database, team_id=TEAM, program_id=int(program.id or 0), admin_id=None, now=NOW
        )

    outcomes = _at_once([press, press])
    assert sorted(o.kind for o in outcomes) == ["already_proposed", "proposed"]
    assert len({o.proposal.round_id for o in outcomes}) == 1
    with database.begin() as session:
        assert session.exec(select(func.count()).select_from(MatchingRound)).one() == 1


def test_two_publish_at_once_publish_once(
    sqlite_or_postgres: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = sqlite_or_postgres
    program = _program(database)
    assert program.id is not None
    proposal = rounds.match_now(
        database, team_id=TEAM, program_id=program.id, admin_id=None, now=NOW
    ).proposal
    assert proposal is not None and proposal.matched == 3
    monkeypatch.setattr(
        publishing, "_locked_round", _held(threading.Barrier(2), publishing._locked_round)
    )

    def press() -> publishing.PublishOutcome:
        return publishing.publish(
            database, team_id=TEAM, round_id=proposal.round_id, admin_id=None, now=NOW
        )

    outcomes = _at_once([press, press])
    assert sorted(o.kind for o in outcomes) == ["already_published", "published"]
    with database.begin() as session:
        assert session.exec(select(func.count()).select_from(IntroRequest)).one() == 3
