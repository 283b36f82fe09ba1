"""What someone leaving a program leaves behind: a mentee's program introductions still
waiting, a mentor's introductions of published rounds still out."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import or_, select
from sqlmodel import Session, col

from storage.models import IntroRequest, MatchingRound, RoundPair


def mentee_requests(
    session: Session, *, program_id: int, mentee_id: int, statuses: Collection[str]
) -> list[int]:
    """Ids of the mentee's requests in these statuses made in the program: asked in a
    "mentees choose" program, or introduced by one of its rounds."""
    by_round = (
        select(col(RoundPair.intro_request_id))
        .join(MatchingRound, col(MatchingRound.id) == col(RoundPair.round_id))
        .where(col(MatchingRound.program_id) == program_id, col(RoundPair.mentee_id) == mentee_id)
    )
    statement = (
        select(col(IntroRequest.id))
        .where(
            col(IntroRequest.mentee_id) == mentee_id,
            col(IntroRequest.status).in_(list(statuses)),
            or_(col(IntroRequest.program_id) == program_id, col(IntroRequest.id).in_(by_round)),
        )
        .order_by(col(IntroRequest.id))
    )
    return [int(i) for i in session.execute(statement).scalars()]


def mentor_offers(
    session: Session, *, program_id: int, mentor_id: int
) -> list[tuple[RoundPair, IntroRequest]]:
    """The mentor's offered pairs of the program's published rounds, with their introduction."""
    statement = (
        select(RoundPair, IntroRequest)
        .join(IntroRequest, col(IntroRequest.id) == col(RoundPair.intro_request_id))
        .join(MatchingRound, col(MatchingRound.id) == col(RoundPair.round_id))
        .where(
            col(MatchingRound.program_id) == program_id,
            col(MatchingRound.status) == "published",
            col(RoundPair.mentor_id) == mentor_id,
            col(RoundPair.status) == "offered",
        )
        .order_by(col(RoundPair.id))
    )
    return [(pair, request) for pair, request in session.execute(statement).all()]


def mentor_program_requests(
    session: Session, *, program_id: int, mentor_id: int, statuses: Collection[str]
) -> list[IntroRequest]:
    """Requests mentees made to the mentor in a "mentees choose" program, in these statuses."""
    statement = (
        select(IntroRequest)
        .where(
            col(IntroRequest.program_id) == program_id,
            col(IntroRequest.mentor_id) == mentor_id,
            col(IntroRequest.status).in_(list(statuses)),
        )
        .order_by(col(IntroRequest.id))
    )
    return list(session.execute(statement).scalars())
