"""Introduction requests from a mentee to a mentor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import IntroRequest


def pending_between(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int, pending: Sequence[str]
) -> IntroRequest | None:
    """The mentee's request to this mentor still in one of the `pending` states, if any."""
    return session.exec(
        select(IntroRequest).where(
            IntroRequest.team_id == team_id,
            IntroRequest.mentee_id == mentee_id,
            IntroRequest.mentor_id == mentor_id,
            col(IntroRequest.status).in_(pending),
        )
    ).first()


def declined_since(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int, since: datetime
) -> bool:
    """Whether the mentor declined a request of this mentee at or after `since`."""
    return (
        session.exec(
            select(IntroRequest.id).where(
                IntroRequest.team_id == team_id,
                IntroRequest.mentee_id == mentee_id,
                IntroRequest.mentor_id == mentor_id,
                IntroRequest.status == "declined",
                col(IntroRequest.answered_at) >= since,
            )
        ).first()
        is not None
    )


def relock(session: Session, *, request: IntroRequest) -> IntroRequest:
    """The request re-read with its row locked for the unit of work."""
    return session.exec(
        select(IntroRequest)
        .where(IntroRequest.id == request.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
