"""What joining a program asks of a person first: a mentee's finished reflection with skill
gaps (what a round matches on), a mentor's profile."""

from __future__ import annotations

from sqlmodel import Session

from bot.services import profiles
from bot.services.reflection import overview


def reflection_gaps(session: Session, *, team_id: str, person_id: int) -> list[str] | None:
    """The skill gaps of the person's finished reflection; None when it is unfinished, has
    none, or was never started (then the reflection is theirs to run)."""
    summary = overview.summary(session, team_id=team_id, person_id=person_id)
    if summary is None or not summary.is_done or not summary.skill_labels:
        return None
    return summary.skill_labels


NO_PROFILE = (
    "A program's mentors have a mentor profile (what they can help with, how many mentees "
    "they take): press Join as mentor again to write yours first."
)


def has_mentor_profile(session: Session, *, team_id: str, person_id: int) -> bool:
    """Whether the person wrote a mentor profile (the program's mentors need one)."""
    return profiles.get_profile(session, team_id=team_id, person_id=person_id) is not None
