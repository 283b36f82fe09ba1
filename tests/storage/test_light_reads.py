"""Database.read(): the per-request check reads without a unit of work's costs, and sees what
committed units of work wrote."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.engine import Database
from storage.migrate import upgrade
from storage.repositories import people as people_repo

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _people(db: Database) -> None:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        people_repo.add_person(session, team_id="T1", slack_user_id="UACTIVE", now=NOW)
        gone = people_repo.add_person(session, team_id="T1", slack_user_id="UGONE", now=NOW)
        gone.is_deleted = True
        session.add(gone)


def _flags(db: Database) -> tuple[bool, bool, bool, bool]:
    with db.read() as connection:
        return (
            people_repo.is_deactivated(connection, team_id="T1", slack_user_id="UACTIVE"),
            people_repo.is_deactivated(connection, team_id="T1", slack_user_id="UGONE"),
            people_repo.is_deactivated(connection, team_id="T1", slack_user_id="UNEVERSEEN"),
            people_repo.is_deactivated(connection, team_id="T2", slack_user_id="UGONE"),
        )


def test_deactivated_flag_on_sqlite_while_a_writer_holds_the_lock(db: Database) -> None:
    _people(db)
    assert _flags(db) == (False, True, False, False)
    # A unit of work holds SQLite's write lock (BEGIN IMMEDIATE); the read does not queue
    # behind it (it would wait the 30 s busy timeout, then fail).
    with db.begin() as session:
        people_repo.add_person(session, team_id="T1", slack_user_id="UNEW", now=NOW)
        assert _flags(db) == (False, True, False, False)


@pytest.mark.postgres
def test_deactivated_flag_on_postgres_in_autocommit(postgres_url: str) -> None:
    upgrade(postgres_url)
    db = Database(postgres_url)
    try:
        _people(db)
        assert _flags(db) == (False, True, False, False)
        with db.read() as connection:
            # No transaction is left open on the pooled connection.
            assert connection.connection.dbapi_connection.autocommit  # type: ignore[union-attr]
    finally:
        db.dispose()
