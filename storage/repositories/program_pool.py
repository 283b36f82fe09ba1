"""What a matching round reads about a program's people, in a few set-based queries.

Every query starts from the program's active enrolments (a subquery, never a list of ids), so
10,000 mentees cost the same few round trips as ten.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, select
from sqlmodel import Session, col

from storage.models import (
    IntroRequest,
    MentorProfile,
    MentorSkill,
    Pair,
    Person,
    ProgramEnrolment,
    Reflection,
    SkillGap,
)
from storage.repositories.pairs import LIVE_STATUSES

PENDING_REQUESTS = ("open", "waiting")


@dataclass(frozen=True)
class MentorRow:
    person_id: int
    tz: str
    team_name: str
    alumni: str
    capacity: int  # from their mentor profile (0 without one)
    is_open: bool  # a profile that is not paused
    is_deleted: bool
    taken: int  # live pairs as a mentor, in or out of the program
    skills: frozenset[str]


@dataclass(frozen=True)
class MenteeRow:
    person_id: int
    tz: str
    team_name: str
    alumni: str
    manager_id: int | None
    wanted: tuple[str, ...]  # skill gaps of the current reflection, oldest first


def enrolled(program_id: int, role: str) -> Select[int]:
    """The person ids of the program's active enrolments in a role, as a subquery."""
    return select(col(ProgramEnrolment.person_id)).where(
        col(ProgramEnrolment.program_id) == program_id,
        col(ProgramEnrolment.role) == role,
        col(ProgramEnrolment.left_at).is_(None),
    )


def mentor_rows(session: Session, *, team_id: str, program_id: int) -> list[MentorRow]:
    """The program's active mentors with their profile, skills and live pair count."""
    people = enrolled(program_id, "mentor")
    skills: dict[int, set[str]] = {}
    skill_rows = session.execute(
        select(col(MentorProfile.person_id), col(MentorSkill.skill_key))
        .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
        .where(col(MentorSkill.team_id) == team_id, col(MentorProfile.person_id).in_(people))
    ).all()
    for person_id, key in skill_rows:
        skills.setdefault(int(person_id), set()).add(str(key))
    taken = dict(
        session.execute(
            select(col(Pair.mentor_id), func.count())
            .where(
                col(Pair.team_id) == team_id,
                col(Pair.status).in_(LIVE_STATUSES),
                col(Pair.mentor_id).in_(people),
            )
            .group_by(col(Pair.mentor_id))
        ).all()
    )
    rows = session.execute(
        select(
            col(Person.id),
            col(Person.tz),
            col(Person.is_deleted),
            col(MentorProfile.team_name),
            col(MentorProfile.alumni),
            col(MentorProfile.capacity),
            col(MentorProfile.is_open),
        )
        .outerjoin(MentorProfile, col(MentorProfile.person_id) == col(Person.id))
        .where(col(Person.team_id) == team_id, col(Person.id).in_(people))
        .order_by(col(Person.id))
    ).all()
    return [
        MentorRow(
            person_id=int(pid),
            tz=tz,
            team_name=team_name or "",
            alumni=alumni or "",
            capacity=int(capacity or 0),
            is_open=bool(is_open),
            is_deleted=bool(deleted),
            taken=int(taken.get(pid, 0)),
            skills=frozenset(skills.get(int(pid), ())),
        )
        for pid, tz, deleted, team_name, alumni, capacity, is_open in rows
    ]


def mentee_rows(
    session: Session, *, team_id: str, program_id: int, only: Collection[int] | None = None
) -> list[MenteeRow]:
    """The program's active mentees still in the workspace (or just `only` of them)."""
    people = enrolled(program_id, "mentee")
    gaps = (
        select(col(SkillGap.person_id), col(SkillGap.skill_key))
        .join(Reflection, col(Reflection.id) == col(SkillGap.reflection_id))
        .where(
            col(SkillGap.team_id) == team_id,
            col(SkillGap.person_id).in_(people),
            col(Reflection.is_current) == True,  # noqa: E712
        )
        .order_by(col(SkillGap.id))
    )
    statement = (
        select(
            col(Person.id),
            col(Person.tz),
            col(Person.manager_person_id),
            col(MentorProfile.team_name),
            col(MentorProfile.alumni),
        )
        .outerjoin(MentorProfile, col(MentorProfile.person_id) == col(Person.id))
        .where(
            col(Person.team_id) == team_id,
            col(Person.id).in_(people),
            col(Person.is_deleted) == False,  # noqa: E712
        )
        .order_by(col(Person.id))
    )
    if only is not None:
        gaps = gaps.where(col(SkillGap.person_id).in_(list(only)))
        statement = statement.where(col(Person.id).in_(list(only)))
    wanted: dict[int, list[str]] = {}
    for person_id, key in session.execute(gaps).all():
        keys = wanted.setdefault(int(person_id), [])
        if key not in keys:
            keys.append(str(key))
    return [
        MenteeRow(int(pid), tz, team or "", alumni or "", manager, tuple(wanted.get(pid, ())))
        for pid, tz, manager, team, alumni in session.execute(statement).all()
    ]


def blocked_pairs(
    session: Session, *, team_id: str, program_id: int, declined_since: datetime
) -> dict[tuple[int, int], str]:
    """(mentee, mentor) pairs of the program a round may not propose, with why: "declined"
    (in the period), "asked" (a request is pending) or "paired" (already a live pair)."""
    mentees, mentors = enrolled(program_id, "mentee"), enrolled(program_id, "mentor")
    requests = session.execute(
        select(
            col(IntroRequest.mentee_id), col(IntroRequest.mentor_id), col(IntroRequest.status)
        ).where(
            col(IntroRequest.team_id) == team_id,
            col(IntroRequest.mentee_id).in_(mentees),
            col(IntroRequest.mentor_id).in_(mentors),
            (col(IntroRequest.status).in_(PENDING_REQUESTS))
            | and_(
                col(IntroRequest.status) == "declined",
                col(IntroRequest.answered_at) >= declined_since,
            ),
        )
    ).all()
    pairs = session.execute(
        select(col(Pair.mentee_id), col(Pair.mentor_id)).where(
            col(Pair.team_id) == team_id,
            col(Pair.status).in_(LIVE_STATUSES),
            col(Pair.mentee_id).in_(mentees),
            col(Pair.mentor_id).in_(mentors),
        )
    ).all()
    blocked: dict[tuple[int, int], str] = {}
    for mentee, mentor, status in requests:
        key = (int(mentee), int(mentor))
        if status == "declined" or key not in blocked:  # a decline says more than a wait
            blocked[key] = "declined" if status == "declined" else "asked"
    for mentee, mentor in pairs:
        blocked[(int(mentee), int(mentor))] = "paired"
    return blocked
