"""Meeting records: what each person of a pair said about a meeting (check-ins and more)."""

from __future__ import annotations

from sqlmodel import Session, func, select

from storage.models import Meeting


def meeting_by_token(session: Session, *, token: str) -> Meeting | None:
    """The record a check-in modal with this submission token already made, if any."""
    return session.exec(select(Meeting).where(Meeting.submission_token == token)).first()


def met_count(session: Session, *, pair_id: int | None, person_id: int | None) -> int:
    """How many of the person's records of the pair say "we met"."""
    met = session.exec(
        select(func.count()).where(
            Meeting.pair_id == pair_id,
            Meeting.person_id == person_id,
            Meeting.outcome == "met",
        )
    ).one()
    return int(met)
