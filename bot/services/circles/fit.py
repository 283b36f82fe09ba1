"""The open circles that fit a person's wishes, scored as /find-mentor scores mentors: the
specificity-weighted overlap of skills (matching.ranking.skill_weight), then shared working
hours and seats left."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import hours_apart, working_hours_overlap
from bot.services.circles.views import CircleView, view_of
from bot.services.matching import ranking
from storage.models import Circle, Person
from storage.repositories import circles as circles_repo

MAX_SHOWN = 3  # circles beside the one-to-one matches: the message stays under 50 blocks


@dataclass(frozen=True)
class CircleMatch:
    circle: CircleView
    score: float
    shared: tuple[str, ...]  # the person's order
    reason: str


def circles_for(
    session: Session,
    *,
    person: Person,
    wanted: Sequence[str],
    now: datetime,
    label: Callable[[str], str] = str,
    limit: int = MAX_SHOWN,
) -> list[CircleMatch]:
    """Open circles with a seat, sharing a wanted skill, that the person is not in, mentors
    or is barred from (another circle of the same mentor); best first."""
    assert person.id is not None
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return []
    circles = circles_repo.open_circles_with_seats(session, team_id=person.team_id)
    mine = circles_repo.circle_ids_of_person(session, team_id=person.team_id, person_id=person.id)
    barred = {c.mentor_id for c in circles if c.id in mine}
    eligible = [c for c in circles if c.mentor_id != person.id and c.mentor_id not in barred]
    counts: dict[str, int] = {}
    for circle in eligible:
        for key in circle.skills:
            counts[key] = counts.get(key, 0) + 1
    scored: list[tuple[float, int, Circle, tuple[str, ...]]] = []
    for circle in eligible:
        shared = tuple(k for k in wanted if k in set(circle.skills))
        if not shared:
            continue
        score = sum(
            ranking.skill_weight(k, skill_counts=counts, mentor_count=len(eligible)) for k in shared
        )
        mentor = session.get(Person, circle.mentor_id)
        if mentor is None or mentor.is_deleted:
            continue
        overlap = working_hours_overlap(person.tz, mentor.tz, now)
        score += ranking.OVERLAP_WEIGHT * overlap / 10
        score += ranking.CAPACITY_WEIGHT * circle.seats_left / 8
        scored.append((-round(score, 9), int(circle.id or 0), circle, shared))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [
        CircleMatch(
            circle=view_of(session, circle),
            score=-negated,
            shared=shared,
            reason=ranking.reason_for(
                shared,
                hours_apart(person.tz, _tz_of(session, circle), now),
                False,
                label=label,
            ),
        )
        for negated, _id, circle, shared in scored[:limit]
    ]


def _tz_of(session: Session, circle: Circle) -> str:
    mentor = session.get(Person, circle.mentor_id)
    return mentor.tz if mentor is not None else "UTC"
