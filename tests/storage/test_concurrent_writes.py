"""Two replicas creating the same workspace or person at once: both get the one row.

PostgreSQL only: SQLite takes the write lock at BEGIN, so the race cannot happen there."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.services import network
from storage.engine import Database
from storage.migrate import upgrade
from storage.models import Person, PublicChannel, Workspace
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


def test_two_channel_refreshes_at_once_take_turns(postgres_url: str) -> None:
    upgrade(postgres_url)
    db = Database(postgres_url)
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
    first_holds = threading.Event()
    errors: list[BaseException] = []

    def refresh(names: list[str], hold: bool) -> None:
        try:
            with db.begin() as session:
                network.replace_channels(
                    session,
                    team_id="T1",
                    channels=[network.ChannelInfo(f"C{n}", n, "", "", 1) for n in names],
                    now=NOW,
                )
                if hold:
                    first_holds.set()
                    time.sleep(0.5)  # the second refresh starts while this one is open
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    first = threading.Thread(target=refresh, args=(["a", "b"], True))
    first.start()
    first_holds.wait(5)
    refresh(["b", "c"], False)
    first.join()
    try:
        assert errors == []
        with db.begin() as session:
            names = sorted(c.name for c in session.exec(select(PublicChannel)))
        assert names == ["b", "c"]
    finally:
        db.dispose()
