"""Two replicas creating the same workspace or person at once: both get the one row.

PostgreSQL only: SQLite takes the write lock at BEGIN, so the race cannot happen there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Person, Workspace
from storage.repositories import people as people_repo

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.postgres


def test_insert_raced_by_another_process_returns_the_existing_rows(postgres_url: str) -> None:
    upgrade(postgres_url)
    db, other = Database(postgres_url), Database(postgres_url)
    try:
        with db.begin() as session:
            # Both reads happened (nothing there); the other replica commits first.
            assert session.get(Workspace, "T1") is None
            with other.begin() as other_session:
                people_repo.ensure_workspace(other_session, team_id="T1", now=NOW)
                people_repo.add_person(other_session, team_id="T1", slack_user_id="U1", now=NOW)
            workspace = people_repo.ensure_workspace(session, team_id="T1", now=NOW)
            person = people_repo.add_person(session, team_id="T1", slack_user_id="U1", now=NOW)
            assert workspace.team_id == "T1"
            assert person.id is not None
        with db.begin() as session:
            assert len(session.exec(select(Person)).all()) == 1
            assert len(session.exec(select(Workspace)).all()) == 1
    finally:
        other.dispose()
        db.dispose()
