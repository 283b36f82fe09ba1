"""Mentor profiles and the skills each offers."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlmodel import Session, col, func, select

from storage.models import MentorProfile, MentorSkill, Person


def profile_of(
    session: Session, *, team_id: str, person_id: int, lock: bool = False
) -> MentorProfile | None:
    """The person's profile; `lock` holds its row for the unit of work (SELECT ... FOR UPDATE)."""
    statement = select(MentorProfile).where(
        MentorProfile.team_id == team_id, MentorProfile.person_id == person_id
    )
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def skill_keys_of_profile(session: Session, *, profile_id: int) -> list[str]:
    statement = (
        select(MentorSkill.skill_key)
        .where(MentorSkill.profile_id == profile_id)
        .order_by(col(MentorSkill.id))
    )
    return list(session.exec(statement))


def skill_keys_of_mentor(
    session: Session, *, team_id: str, person_id: int, ordered: bool = True
) -> list[str]:
    """What the person offers as a mentor; in the order they listed it when `ordered`."""
    statement = (
        select(MentorSkill.skill_key)
        .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
        .where(MentorProfile.team_id == team_id, MentorProfile.person_id == person_id)
    )
    if ordered:
        statement = statement.order_by(col(MentorSkill.id))
    return list(session.exec(statement))


def replace_skills(session: Session, *, profile: MentorProfile, keys: Collection[str]) -> None:
    """Make the profile's skills exactly `keys`; rows of kept skills stay as they are."""
    assert profile.id is not None
    existing = {
        s.skill_key: s
        for s in session.exec(select(MentorSkill).where(MentorSkill.profile_id == profile.id))
    }
    for key, row in existing.items():
        if key not in keys:
            session.delete(row)
    for key in keys:
        if key not in existing:
            session.add(MentorSkill(team_id=profile.team_id, profile_id=profile.id, skill_key=key))
    session.flush()


def alumni_of(session: Session, *, team_id: str, person_id: int) -> str | None:
    """The alumni network on the person's (possibly paused) profile."""
    return session.exec(
        select(MentorProfile.alumni).where(
            MentorProfile.team_id == team_id, MentorProfile.person_id == person_id
        )
    ).first()


def open_mentors_from(
    session: Session, *, team_id: str, alumni: str, skip: Iterable[int], limit: int
) -> list[tuple[Person, MentorProfile]]:
    """Open, active mentors whose alumni network is `alumni` (given case-folded), by id."""
    rows = session.exec(
        select(Person, MentorProfile)
        .join(MentorProfile, col(MentorProfile.person_id) == col(Person.id))
        .where(
            MentorProfile.team_id == team_id,
            MentorProfile.is_open == True,  # noqa: E712
            Person.is_deleted == False,  # noqa: E712
            func.lower(col(MentorProfile.alumni)) == alumni,
            col(Person.id).not_in(skip),
        )
        .order_by(col(Person.id))
        .limit(limit)
    ).all()
    return [(person, profile) for person, profile in rows]
