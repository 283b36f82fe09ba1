"""A program that meets in circles: publishing its round seats each mentor's matched mentees
in one circle of the program's size, and its term's end closes them.

Publishing runs under the program's row lock (publishing.py), so a mentor gets one circle
however many admins press Publish; a later round (latecomers) fills the seats left in it.
The circle is the program's: /find-mentor does not list it and nobody else can join it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.circles import closing, membership
from bot.services.circles.views import CircleView, Someone, view_of
from bot.services.matching import mentor_pool
from storage.models import Circle, Program, RoundPair
from storage.repositories import circles as circles_repo
from storage.repositories import mentor_profiles, program_rounds
from storage.repositories import people as people_repo
from storage.repositories import program_circles as program_circles_repo
from storage.repositories.circles import NewCircle

MAX_CIRCLE_SKILLS = 5
CADENCE, WEEKDAY = "biweekly", 1  # the mentor changes them from the circle's cadence button


Seated = dict[int, list[int]]  # circle id -> the people seated in it just now


def seat_round(
    session: Session, *, program: Program, round_id: int, now: datetime
) -> tuple[Seated, int]:
    """Each proposed pair's mentee seated in their mentor's circle (the pair becomes
    "accepted"): who was seated where, and how many pairs could not be (the mentor left
    Slack, or a seat went meanwhile; the pair becomes "unsent")."""
    by_mentor: dict[int, list[RoundPair]] = defaultdict(list)
    for pair in program_rounds.pairs_of(session, round_id=round_id, statuses=("proposed",)):
        by_mentor[pair.mentor_id].append(pair)
    seated: Seated = {}
    unsent = 0
    for mentor_id, pairs in sorted(by_mentor.items()):
        circle = _circle_of(session, program, mentor_id, [p.mentee_id for p in pairs], now)
        for pair in pairs:
            row = None
            if circle is not None:
                row = membership.seat(session, circle=circle, person_id=pair.mentee_id, now=now)
            placed = row is not None
            if row is not None:
                row.awaiting_conversation = True
                session.add(row)
            pair.status = "accepted" if placed else "unsent"
            pair.offered_at = now
            program_rounds.save(session, row=pair)
            if placed and circle is not None and circle.id is not None:
                seated.setdefault(circle.id, []).append(pair.mentee_id)
            unsent += 0 if placed else 1
    return seated, unsent


def _circle_of(
    session: Session, program: Program, mentor_id: int, mentee_ids: list[int], now: datetime
) -> Circle | None:
    """The mentor's open circle in the program, or a new one named after the program."""
    assert program.id is not None and program.circle_size is not None
    mentor = people_repo.get_person_by_id(session, team_id=program.team_id, person_id=mentor_id)
    if mentor is None or mentor.is_deleted:
        return None
    for circle in program_circles_repo.program_circles(session, program_id=program.id):
        if circle.mentor_id == mentor_id:
            return circle
    fields = NewCircle(
        topic=program.name,
        skill_keys=_shared_skills(session, program.team_id, mentor_id, mentee_ids),
        seats=program.circle_size,
        cadence=CADENCE,
        meeting_weekday=WEEKDAY,
        needs_approval=False,
    )
    return circles_repo.add_circle(
        session,
        team_id=program.team_id,
        mentor_id=mentor_id,
        fields=fields,
        now=now,
        program_id=program.id,
    )


def _shared_skills(
    session: Session, team_id: str, mentor_id: int, mentee_ids: list[int]
) -> tuple[str, ...]:
    """What the mentees want that the mentor offers, the most wanted first."""
    offered = set(
        mentor_profiles.skill_keys_of_mentor(session, team_id=team_id, person_id=mentor_id)
    )
    wanted: Counter[str] = Counter()
    for mentee_id in mentee_ids:
        keys = mentor_pool.wanted_from_reflection(session, team_id=team_id, person_id=mentee_id)
        wanted.update(k for k in set(keys) if k in offered)
    ranked = sorted(wanted, key=lambda k: (-wanted[k], k))
    return tuple(ranked[:MAX_CIRCLE_SKILLS])


@dataclass(frozen=True)
class Arrivals:
    """A program circle and the people its round seated who are not in its conversation yet."""

    circle: CircleView
    newcomers: tuple[Someone, ...]


def awaiting_conversation(session: Session, *, limit: int) -> list[Arrivals]:
    """For a scheduler pass: the open circles with someone seated by a round to bring in."""
    found = []
    for circle in program_circles_repo.circles_awaiting_conversation(session, limit=limit):
        assert circle.id is not None
        rows = circles_repo.members_of(session, circle_id=circle.id)
        new = {r.person_id for r in rows if r.awaiting_conversation}
        view = view_of(session, circle, rows)
        found.append(Arrivals(view, tuple(m for m in view.members if m.person_id in new)))
    return found


def brought_in(session: Session, *, circle_id: int, person_ids: list[int]) -> None:
    for row in circles_repo.members_of(session, circle_id=circle_id):
        if row.person_id in person_ids and row.awaiting_conversation:
            row.awaiting_conversation = False
            session.add(row)
    session.flush()


def close_ended(session: Session, *, now: datetime, limit: int) -> list[CircleView]:
    """The open circles of programs whose term ended, closed once each: who was in each
    (read before the closing), to tell them."""
    closed = []
    for circle in program_circles_repo.circles_of_closed_programs(session, limit=limit):
        assert circle.id is not None
        before = view_of(session, circle)
        if closing.close_once(session, circle_id=circle.id, now=now):
            closed.append(before)
    return closed
