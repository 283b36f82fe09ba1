"""Mentor searches: what a person searched for, kept for the buttons of its answer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from storage.models import MentorSearch


def add_search(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    skill_keys: str,
    from_reflection: bool,
    now: datetime,
) -> MentorSearch:
    search = MentorSearch(
        team_id=team_id,
        person_id=person_id,
        skill_keys=skill_keys,
        from_reflection=from_reflection,
        created_at=now,
    )
    session.add(search)
    session.flush()
    return search


def latest_search(session: Session, *, team_id: str, person_id: int) -> MentorSearch | None:
    return session.exec(
        select(MentorSearch)
        .where(MentorSearch.team_id == team_id, MentorSearch.person_id == person_id)
        .order_by(col(MentorSearch.id).desc())
        .limit(1)
    ).first()


def delete_searches_before(session: Session, *, cutoff: datetime) -> int:
    """Drop searches made before `cutoff` (what people typed); returns how many."""
    result = session.execute(delete(MentorSearch).where(col(MentorSearch.created_at) < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
