"""A mentee of a "mentees choose" program chooses from the program's mentors: /find-mentor
ranks them first, with the same score and reasons as anyone, where they have room left.

A program mentor's room is the program's mentees per mentor minus the program requests open,
waiting or accepted for them, and never past their own profile capacity (the ranking keeps
that). The other hard rules hold: never oneself, never a pair declined in the last 90 days or
already live or asked, and never the mentee's own manager.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from bot.services.matching.ranking import Match, Pool, Seeker, rank
from storage.models import Person, Program
from storage.repositories import program_choice

PROGRAM_LIMIT = 10  # a cohort's mentors on one answer; the rest of the message stays readable


@dataclass(frozen=True)
class ProgramChoice:
    """The program a mentee chooses in, its mentors (full ones too) and the room of each."""

    program_id: int
    name: str
    mentor_ids: frozenset[int]
    room: Mapping[int, int]
    manager_id: int | None = None


def room_left(program: Program, held: int) -> int:
    """The mentor's places left in the program, given the requests holding one."""
    return max(0, program.mentees_per_mentor - held)


def choice_for(session: Session, *, person: Person) -> ProgramChoice | None:
    """The oldest open "mentees choose" program the person is a mentee of, or None."""
    assert person.id is not None
    programs = program_choice.choosing_programs(
        session, team_id=person.team_id, person_id=person.id
    )
    if not programs:
        return None
    program = programs[0]
    assert program.id is not None
    mentors = program_choice.mentor_ids(session, program_id=program.id)
    held = program_choice.held_by_mentor(
        session, team_id=person.team_id, program_id=program.id, mentor_ids=mentors
    )
    return ProgramChoice(
        program_id=program.id,
        name=program.name,
        mentor_ids=frozenset(mentors),
        room={m: room_left(program, held.get(m, 0)) for m in mentors},
        manager_id=person.manager_person_id,
    )


def rank_in_program(
    seeker: Seeker,
    pool: Pool,
    choice: ProgramChoice,
    *,
    now: datetime,
    label: Callable[[str], str] = str,
) -> list[Match]:
    """The program's mentors with room, ranked as /find-mentor ranks anyone (the same skill
    weights, read from the whole workspace's mentors), best first."""
    candidates = [
        c
        for c in pool.candidates
        if c.person_id in choice.mentor_ids and choice.room.get(c.person_id, 0) > 0
    ]
    excluded = pool.excluded | (
        {choice.manager_id} if choice.manager_id is not None else frozenset()
    )
    program_pool = replace(pool, candidates=candidates, excluded=frozenset(excluded))
    return rank(seeker, program_pool, now=now, label=label, limit=PROGRAM_LIMIT).matches


def without_program(pool: Pool, choice: ProgramChoice) -> Pool:
    """The pool for the other mentors: the program's own are shown above, or are full there
    (asking one is a program request, so a full one would only refuse)."""
    return replace(pool, excluded=pool.excluded | choice.mentor_ids)
