"""The history bench.datagen loads: pairs over two years, their meetings, reflections with skill
gaps and goals; written through a BulkWriter, counted into `counts`."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.bulk_writer import BulkWriter

SKILL_KEYS = (
    "python",
    "javascript",
    "sql",
    "go",
    "system design",
    "public speaking",
    "leadership",
    "people management",
    "product management",
    "ux design",
    "machine learning",
    "security",
    "devops",
    "writing",
    "negotiation",
)
CADENCES = ("weekly", "biweekly", "monthly")


def moment(day: date, rng: random.Random) -> datetime:
    return datetime(
        day.year, day.month, day.day, rng.randrange(7, 19), rng.randrange(60), tzinfo=UTC
    )


@dataclass(frozen=True)
class Pair:
    id: int
    mentor_id: int
    mentee_id: int
    start: date
    end: date | None


def pairs(
    writer: BulkWriter,
    counts: dict[str, int],
    team_id: str,
    people: int,
    mentor_ids: list[int],
    count: int,
    today: date,
    span_days: int,
    rng: random.Random,
) -> list[Pair]:
    pairs: list[Pair] = []
    for pair_id in range(1, count + 1):
        start = today - timedelta(days=rng.randrange(14, span_days))
        end = None
        if rng.random() < 0.6:
            end = min(today - timedelta(days=1), start + timedelta(days=rng.randrange(60, 400)))
        pairs.append(
            Pair(pair_id, rng.choice(mentor_ids), rng.randrange(1, people + 1), start, end)
        )
    counts["pair"] = writer.rows(
        "pair",
        (
            "id", "team_id", "mentor_id", "mentee_id", "status", "cadence", "meeting_weekday",
            "started_at", "ended_at",
        ),
        (
            (
                p.id, team_id, p.mentor_id, p.mentee_id, "ended" if p.end else "active",
                rng.choice(CADENCES), rng.randrange(5), moment(p.start, rng),
                moment(p.end, rng) if p.end else None,
            )
            for p in pairs
        ),
    )  # fmt: skip
    return pairs


def meetings(
    writer: BulkWriter,
    counts: dict[str, int],
    team_id: str,
    pairs: list[Pair],
    total: int,
    today: date,
    rng: random.Random,
) -> None:
    def rows() -> Iterator[tuple[Any, ...]]:
        for n in range(1, total + 1):
            pair = pairs[n % len(pairs)]
            last = pair.end or today
            held = pair.start + timedelta(days=rng.randrange(max(1, (last - pair.start).days)))
            met = rng.random() < 0.85
            yield (
                n, team_id, pair.id, pair.mentee_id if rng.random() < 0.6 else pair.mentor_id,
                held, "met" if met else "missed",
                rng.randint(1, 5) if met and rng.random() < 0.8 else None,
                "", "", "checkin" if rng.random() < 0.8 else "manual",
                moment(held, rng),
            )  # fmt: skip

    counts["meeting"] = writer.rows(
        "meeting",
        (
            "id", "team_id", "pair_id", "person_id", "held_on", "outcome", "usefulness",
            "takeaway", "next_steps", "source", "created_at",
        ),
        rows(),
    )  # fmt: skip


def reflections_and_goals(
    writer: BulkWriter,
    counts: dict[str, int],
    team_id: str,
    people: int,
    today: date,
    span_days: int,
    rng: random.Random,
    now: datetime,
) -> None:
    reflecting = rng.sample(range(1, people + 1), people * 2 // 5)
    counts["reflection"] = writer.rows(
        "reflection",
        (
            "id", "team_id", "person_id", "is_current", "step", "strengths", "weaknesses",
            "aspirations", "challenges", "started_at", "updated_at",
        ),
        ((n, team_id, pid, True, "done", "", "", "", "", now, now)
         for n, pid in enumerate(reflecting, 1)),
    )  # fmt: skip
    gaps = []
    for reflection_id, person_id in enumerate(reflecting, 1):
        for key in rng.sample(SKILL_KEYS[:10], rng.randint(1, 3)):
            gaps.append((len(gaps) + 1, team_id, reflection_id, person_id, key, now))
    counts["skill_gap"] = writer.rows(
        "skill_gap",
        ("id", "team_id", "reflection_id", "person_id", "skill_key", "created_at"),
        gaps,
    )

    def goals() -> Iterator[tuple[Any, ...]]:
        for n, person_id in enumerate(reflecting * 2, 1):
            created = today - timedelta(days=rng.randrange(span_days))
            done = rng.random() < 0.4
            completed = created + timedelta(days=rng.randrange(1, 120)) if done else None
            if completed and completed > today:
                completed = today
            yield (
                n, team_id, person_id, "", "", 0, "done" if done else "active",
                moment(created, rng), moment(completed, rng) if completed else None,
            )  # fmt: skip

    counts["goal"] = writer.rows(
        "goal",
        (
            "id", "team_id", "person_id", "text", "measure", "progress", "status", "created_at",
            "completed_at",
        ),
        goals(),
    )  # fmt: skip
