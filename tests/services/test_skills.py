from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.skills import DEFAULT_SKILLS, catalog, normalize_skill, split_skills
from storage.engine import Database
from storage.repositories.people import ensure_workspace

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("JS", "javascript"),
        ("  Java   Script ", "javascript"),
        ("javascript", "javascript"),
        ("Node.js", "javascript"),
        ("Python3", "python"),
        ("public-speaking", "public speaking"),
        ("Public_Speaking!", "public speaking"),
        ("K8s", "cloud infrastructure"),
        ("C++", "c++"),
        ("C#", "c#"),
        ("Ünïcode", "ünïcode"),
    ],
)
def test_normalize(typed: str, key: str) -> None:
    assert normalize_skill(typed) == key


def test_split_keeps_order_and_drops_duplicates() -> None:
    assert split_skills("js, Python; javascript and public speaking") == [
        "javascript",
        "python",
        "public speaking",
    ]


def test_catalog_ships_defaults_once(db: Database) -> None:
    with db.begin() as session:
        ensure_workspace(session, team_id="T1", now=NOW)
        first = catalog(session, team_id="T1", now=NOW)
        second = catalog(session, team_id="T1", now=NOW)
    assert len(first) == len(second) == len(DEFAULT_SKILLS)
    assert {e.key for e in first} >= {"python", "public speaking", "javascript"}
