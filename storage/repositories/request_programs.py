"""The program an introduction request belongs to: asked in it ("mentees choose",
intro_request.program_id), or offered by one of its matching rounds (a round pair names it)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from storage.models import IntroRequest, MatchingRound, Program, RoundPair


def program_id_of(session: Session, *, request: IntroRequest) -> int | None:
    if request.program_id is not None:
        return request.program_id
    statement = (
        select(col(MatchingRound.program_id))
        .join(RoundPair, col(RoundPair.round_id) == col(MatchingRound.id))
        .where(col(RoundPair.intro_request_id) == request.id)
        .limit(1)
    )
    found = session.execute(statement).scalars().first()
    return int(found) if found is not None else None


def program_of(session: Session, *, request: IntroRequest) -> Program | None:
    program_id = program_id_of(session, request=request)
    return session.get(Program, program_id) if program_id is not None else None
