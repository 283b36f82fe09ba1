"""Introduction requests made in a "mentees choose" program: a mentee of the program asking one
of its mentors. The request holds a place of the mentor's room in the program (the program's
mentees per mentor), and the pair it makes on Accept belongs to the program."""

from __future__ import annotations

from sqlmodel import Session

from bot.services.matching.program_mentors import room_left
from storage.models import IntroRequest, Program
from storage.repositories import program_choice
from storage.repositories import programs as programs_repo


def program_between(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int, lock: bool = False
) -> Program | None:
    """The open "mentees choose" program where the mentee chooses and the mentor is a mentor
    (the oldest, if several); `lock` takes the program row, so two asks take turns for a place."""
    for program in program_choice.choosing_programs(session, team_id=team_id, person_id=mentee_id):
        assert program.id is not None
        if program_choice.is_mentor_of(session, program_id=program.id, person_id=mentor_id):
            if lock:
                return programs_repo.lock_program(session, team_id=team_id, program_id=program.id)
            return program
    return None


def has_room(session: Session, *, program: Program, mentor_id: int) -> bool:
    """Whether the mentor has a place left in the program for a new request."""
    assert program.id is not None
    held = program_choice.held_by_mentor(
        session, team_id=program.team_id, program_id=program.id, mentor_ids=[mentor_id]
    )
    return room_left(program, held.get(mentor_id, 0)) > 0


def program_of(session: Session, *, request: IntroRequest) -> Program | None:
    """The program a request was made in, if any."""
    if request.program_id is None:
        return None
    return programs_repo.get_program(
        session, team_id=request.team_id, program_id=request.program_id
    )


def over_room_on_accept(session: Session, *, request: IntroRequest) -> bool:
    """Accepting would pass the program's mentees per mentor (lowered since the ask, say)."""
    program = program_of(session, request=request)
    if program is None or program.id is None:
        return False
    held = program_choice.held_by_mentor(
        session,
        team_id=request.team_id,
        program_id=program.id,
        mentor_ids=[request.mentor_id],
        statuses=("accepted",),
    )
    return held.get(request.mentor_id, 0) >= program.mentees_per_mentor
