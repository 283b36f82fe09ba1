"""What a program that meets in circles adds to its report (report.py): its seats, read as
pairs are for the matching figures, the circles figure, and its circles' meetings.

A circle keeps no "met" record; a meeting of a program circle is a (circle, day) about which a
member answered the check-in, and the people who met are those who answered and the circle's
mentor; the check-in's 1-5 usefulness counts with the pairs' ratings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from bot.services.summaries.figures import Figure
from bot.services.summaries.tallies import OtherMeeting
from storage.repositories import program_circles as repo


@dataclass(frozen=True)
class Seat:
    """A circle seat as the matching figures read a pair: its mentee, and whether it is active."""

    mentee_id: int
    status: str


def seats(session: Session, *, program_id: int) -> tuple[list[Seat], Figure]:
    """Everyone the program's circles ever seated, and the circles figure (about their
    mentors and members)."""
    rows = repo.seats_of_program(session, program_id=program_id)
    people = {mentor for _c, mentor, _p, _n in rows} | {person for _c, _m, person, _n in rows}
    circles = Figure(len({circle for circle, *_ in rows}), len(people))
    return [Seat(person, "active" if now else "ended") for _c, _m, person, now in rows], circles


def meetings(
    session: Session, *, program_id: int, first_day: date, last_day: date
) -> list[OtherMeeting]:
    """The program's circle meetings on those days, with who met and the ratings given."""
    people: dict[tuple[int, date], set[int]] = defaultdict(set)
    scores: dict[tuple[int, date], list[tuple[int, int]]] = defaultdict(list)
    rows = repo.checkins_of_program(
        session, program_id=program_id, first_day=first_day, last_day=last_day
    )
    for circle_id, mentor_id, person_id, day, score in rows:
        people[(circle_id, day)] |= {mentor_id, person_id}
        if score is not None:
            scores[(circle_id, day)].append((person_id, score))
    return [
        OtherMeeting(day, frozenset(who), tuple(scores[(circle_id, day)]))
        for (circle_id, day), who in sorted(people.items())
    ]
