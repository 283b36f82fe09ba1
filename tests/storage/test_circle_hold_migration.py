"""Migration 0029 moves a person's held circle check-ins onto each circle they sit in now, and
releases the preference; other kinds and other people are left as they were. Both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from storage.migrate import upgrade

NOW = "2026-12-01 09:00:00"
ROWS = [
    "INSERT INTO workspace (team_id, name, created_at) VALUES ('T1', 'w', :now)",
    *(
        "INSERT INTO person (id, team_id, slack_user_id, display_name, real_name, tz, "
        "is_workspace_admin, is_workspace_owner, is_deleted, is_bot, created_at) VALUES "
        f"({n}, 'T1', 'U{n}', 'p', 'p', 'UTC', false, false, false, false, :now)"
        for n in (1, 2, 3)
    ),
    *(
        "INSERT INTO circle (id, team_id, mentor_id, topic, skill_keys, seats, members_count, "
        "cadence, meeting_weekday, needs_approval, status, channel_is_private, created_at) "
        f"VALUES ({n}, 'T1', 1, 't', '', 4, 1, 'weekly', 1, false, 'open', false, :now)"
        for n in (10, 11, 12)
    ),
    *(
        "INSERT INTO circle_member (team_id, circle_id, person_id, status, asked_at) VALUES "
        f"('T1', {circle}, {person}, '{status}', :now)"
        for circle, person, status in (
            (10, 2, "member"),
            (11, 2, "member"),
            (12, 2, "left"),
            (10, 3, "member"),
        )  # fmt: skip
    ),
    *(
        "INSERT INTO reminder_preference (team_id, person_id, kind, stopped, held, reason, "
        f"updated_at) VALUES ('T1', {person}, '{kind}', false, true, 'unanswered', :now)"
        for person, kind in ((2, "circle_checkin"), (3, "checkin"))
    ),
]


def _migrated(url: str) -> tuple[set[tuple[int, int]], set[tuple[int, str]]]:
    upgrade(url, "0028")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for row in ROWS:
                conn.execute(text(row), {"now": NOW})
        upgrade(url)
        with engine.connect() as conn:
            held = conn.execute(
                text("SELECT circle_id, person_id FROM circle_member WHERE checkins_held")
            ).all()
            prefs = conn.execute(
                text("SELECT person_id, kind FROM reminder_preference WHERE held")
            ).all()
        return {(int(c), int(p)) for c, p in held}, {(int(p), str(k)) for p, k in prefs}
    finally:
        engine.dispose()


def test_sqlite_moves_the_hold_onto_the_circles(tmp_path: Path) -> None:
    held, prefs = _migrated(f"sqlite:///{tmp_path / 'm.db'}")
    assert held == {(10, 2), (11, 2)} and prefs == {(3, "checkin")}


@pytest.mark.postgres
def test_postgres_moves_the_hold_onto_the_circles(postgres_url: str) -> None:
    held, prefs = _migrated(postgres_url)
    assert held == {(10, 2), (11, 2)} and prefs == {(3, "checkin")}
