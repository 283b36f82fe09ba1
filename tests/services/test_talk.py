"""Reading plain requests, the next steps from where a person stands, and the help's limit."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from bot.services import talk
from storage.engine import Database
from storage.repositories import people as people_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "request_"),
    [
        ("help", talk.HELP),
        ("Help!", talk.HELP),
        ("?", talk.HELP),
        ("what can you do", talk.HELP),
        ("hi, how do I find a mentor?", talk.FIND_MENTOR),
        ("can you help me find a mentor", talk.FIND_MENTOR),
        ("find mentors", talk.FIND_MENTOR),
        ("reflect", talk.REFLECT),
        ("start my reflection", talk.REFLECT),
        ("pause", talk.PAUSE),
        ("Pause please", talk.PAUSE),
        ("stop reminders", talk.STOP_REMINDERS),
        ("please stop sending me reminders", talk.STOP_REMINDERS),
        ("no more nudges", talk.STOP_REMINDERS),
        ("export my data", talk.EXPORT),
        ("download my data", talk.EXPORT),
        ("hi", talk.CHAT),
        ("", talk.CHAT),
        ("don't pause", talk.CHAT),
        ("do not stop reminders", talk.CHAT),
        (
            "I had a great chat with my mentor today and we talked about how to pause and think "
            "before answering in meetings",
            talk.CHAT,
        ),
    ],
)
def test_plain_requests(text: str, request_: str) -> None:
    assert talk.read_request(text) == request_


@pytest.mark.parametrize(
    ("standing", "steps"),
    [
        (talk.Standing("none", 0, 0), (talk.REFLECT, talk.FIND_MENTOR)),
        (talk.Standing("in_progress", 0, 1), (talk.REFLECT, talk.FIND_MENTOR, talk.GOALS)),
        (talk.Standing("done", 0, 0), (talk.FIND_MENTOR,)),
        (talk.Standing("done", 1, 2), (talk.MY_PAIRS, talk.GOALS, talk.REMINDERS)),
    ],
)
def test_next_steps(standing: talk.Standing, steps: tuple[str, ...]) -> None:
    assert standing.next_steps == steps
    assert set(steps) <= talk.STEPS


def _person(db: Database) -> int:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        person = people_repo.add_person(session, team_id="T1", slack_user_id="U1", now=NOW)
        assert person.id is not None
        return person.id


def _may_help(db: Database, person_id: int, now: datetime) -> bool:
    with db.begin() as session:
        return talk.may_help(session, team_id="T1", person_id=person_id, now=now)


def _limits(db: Database) -> None:
    person_id = _person(db)
    assert _may_help(db, person_id, NOW)
    assert not _may_help(db, person_id, NOW + timedelta(minutes=9))
    assert _may_help(db, person_id, NOW + timedelta(minutes=10))
    assert not _may_help(db, person_id, NOW + timedelta(minutes=19, seconds=59))


def test_one_help_in_ten_minutes_on_sqlite(db: Database) -> None:
    _limits(db)


def test_one_help_in_ten_minutes_on_postgres(postgres_url: str) -> None:
    from storage.migrate import upgrade

    upgrade(postgres_url)
    database = Database(postgres_url)
    try:
        _limits(database)
    finally:
        database.dispose()


@pytest.mark.parametrize("start", [NOW, NOW + timedelta(hours=1)])
def test_racing_claims_on_postgres_give_one_help(postgres_url: str, start: datetime) -> None:
    """Eight processes' worth of claims at once, first ever (INSERT race) and later (UPDATE)."""
    from storage.migrate import upgrade

    upgrade(postgres_url)
    database = Database(postgres_url)
    try:
        person_id = _person(database)
        if start != NOW:
            assert _may_help(database, person_id, NOW)
        won: list[bool] = []
        barrier = threading.Barrier(8)

        def claim() -> None:
            barrier.wait()
            won.append(_may_help(database, person_id, start))

        threads = [threading.Thread(target=claim) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(won) == [False] * 7 + [True]
    finally:
        database.dispose()
