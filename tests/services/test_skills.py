from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.services.skills import (
    DEFAULT_SKILLS,
    TypedSkill,
    catalog,
    normalize_skill,
    split_skills,
    typed_skills,
)
from storage.engine import Database
from storage.repositories.people import ensure_workspace

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("JS", "javascript"),
        ("  Java   Script ", "javascript"),
        ("javascript", "javascript"),
        ("Node.js", "node.js"),
        ("nodejs", "node.js"),
        ("Python3", "python"),
        ("public-speaking", "public speaking"),
        ("Public_Speaking!", "public speaking"),
        ("K8s", "kubernetes"),
        ("Kubernetes", "kubernetes"),  # narrower than cloud infrastructure, not the same
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


@pytest.mark.parametrize(
    ("typed", "skills"),
    [
        ("<!channel>", []),
        ("<!here> hacking", [TypedSkill("hacking", "hacking")]),
        ("<!subteam^S1|devs> Rust", [TypedSkill("rust", "Rust")]),
        ("<@U123|ana>, <#C1|general>, @here, @everyone", []),
        ("<https://evil.example|click> sql", [TypedSkill("sql", "sql")]),
        ("python " * 800, [TypedSkill("python", "python")]),
        ("Python python, PYTHON", [TypedSkill("python", "Python")]),
        ("gRPC", [TypedSkill("grpc", "gRPC")]),
        ("C++ and C#", [TypedSkill("c++", "C++"), TypedSkill("c#", "C#")]),
        ("name@example.com", [TypedSkill("name@example.com".replace("@", ""), "name@example.com")]),
        ("  ,;  ,, ", []),
        ("!!!, ???", []),
    ],
)
def test_typed_skills_are_cleaned_one_way(typed: str, skills: list[TypedSkill]) -> None:
    assert typed_skills(typed) == skills


def test_a_typed_skill_is_clipped_to_the_key_length() -> None:
    (skill,) = typed_skills("x" * 500)
    assert len(skill.key) == len(skill.label) == 64
