"""Retrospectives: what a person wrote looking back on a pair that ended."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import Pair, Retrospective


def latest_of(
    session: Session, *, team_id: str, person_id: int | None, limit: int
) -> list[tuple[Retrospective, Pair]]:
    """The person's own latest retrospectives with their pairs, newest first."""
    rows = session.exec(
        select(Retrospective, Pair)
        .join(Pair, col(Pair.id) == col(Retrospective.pair_id))
        .where(Retrospective.team_id == team_id, Retrospective.person_id == person_id)
        .order_by(col(Retrospective.id).desc())
        .limit(limit)
    ).all()
    return [(retro, pair) for retro, pair in rows]


def retrospective_of(
    session: Session, *, pair_id: int, person_id: int | None
) -> Retrospective | None:
    return session.exec(
        select(Retrospective).where(
            Retrospective.pair_id == pair_id, Retrospective.person_id == person_id
        )
    ).first()
