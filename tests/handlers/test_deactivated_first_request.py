"""A deactivated account's first request: Slack is asked before anything is stored or done."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from handlers.middleware import DEACTIVATED
from playground.harness import Harness
from storage.migrate import upgrade

GONE = "UGONE"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh(request: pytest.FixtureRequest) -> Iterator[Harness]:
    if request.param == "sqlite":
        url = str(request.getfixturevalue("sqlite_url"))
    else:
        url = str(request.getfixturevalue("postgres_url"))
        upgrade(url)
    with Harness(url) as h:
        yield h


def _rows(h: Harness) -> dict[str, int]:
    with h.db.begin() as session:
        counts = {
            name: int(session.execute(text(f'SELECT count(*) FROM "{name}"')).scalar() or 0)
            for name in sorted(SQLModel.metadata.tables)
        }
    return {name: count for name, count in counts.items() if count}


def test_a_deactivated_accounts_first_requests_create_nothing(fresh: Harness) -> None:
    h = fresh
    h.emulator.add_user(GONE, name="gone", deleted=True)
    answer = h.command(GONE, "/reflect").json
    assert answer["text"] == DEACTIVATED
    dm = {"type": "message", "channel_type": "im", "channel": "D0GONE", "user": GONE}
    assert h.event({**dm, "text": "hello", "ts": "1.000001"}).status == 200
    assert h.command(GONE, "/mentor", "profile").json["text"] == DEACTIVATED
    assert _rows(h) == {}  # no workspace, no person, no event claim
    methods = [c.method for c in h.emulator.calls if c.method != "auth.test"]  # Bolt's own
    assert methods == ["users.info"]  # asked once (then remembered); no DM was opened


def test_someone_new_and_active_is_asked_about_once(fresh: Harness) -> None:
    h = fresh
    h.emulator.add_user("UNEW", name="new")
    h.command("UNEW", "/reflect")
    assert [c.method for c in h.emulator.calls].count("users.info") == 1
    assert _rows(h)["person"] == 1
