"""Questions a mentee prepares for a meeting: a private draft until shared or kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import PreparedQuestions


def draft_of(session: Session, *, delivery_id: int | None) -> PreparedQuestions | None:
    """The draft answering this come-prepared nudge, if one is still a draft."""
    return session.exec(
        select(PreparedQuestions).where(
            PreparedQuestions.delivery_id == delivery_id, PreparedQuestions.status == "draft"
        )
    ).first()


def decide(session: Session, *, questions_id: int, status: str, now: datetime) -> bool:
    """Move a draft to `status` with one conditional UPDATE; True for the call that moved it
    (of two concurrent ones, exactly one)."""
    moved = session.connection().execute(
        update(PreparedQuestions)
        .where(col(PreparedQuestions.id) == questions_id, col(PreparedQuestions.status) == "draft")
        .values(status=status, decided_at=now)
    )
    return bool(moved.rowcount == 1)
