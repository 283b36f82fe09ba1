"""Mentoring pairs."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, func, or_, select

from storage.models import Meeting, Pair

LIVE_STATUSES = ("active", "paused")


def create_pair(
    session: Session,
    *,
    team_id: str,
    mentor_id: int,
    mentee_id: int,
    now: datetime,
    intro_request_id: int | None = None,
    cadence: str = "biweekly",
    meeting_weekday: int = 1,
    kind: str = "mentoring",
) -> Pair:
    pair = Pair(
        kind=kind,
        team_id=team_id,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        intro_request_id=intro_request_id,
        cadence=cadence,
        meeting_weekday=meeting_weekday,
        started_at=now,
    )
    session.add(pair)
    session.flush()
    return pair


def get_pair(session: Session, *, team_id: str, pair_id: int) -> Pair | None:
    pair = session.get(Pair, pair_id)
    return pair if pair is not None and pair.team_id == team_id else None


def live_pairs_of(session: Session, *, team_id: str, person_id: int) -> list[Pair]:
    """Active or paused pairs where the person is mentor or mentee, oldest first."""
    statement = (
        select(Pair)
        .where(
            Pair.team_id == team_id,
            col(Pair.status).in_(LIVE_STATUSES),
            or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id),
        )
        .order_by(col(Pair.id))
    )
    return list(session.exec(statement))


def live_mentee_count(session: Session, *, team_id: str, mentor_id: int) -> int:
    """How many of the mentor's capacity slots are taken (a peer pair takes none)."""
    statement = select(func.count()).where(
        Pair.team_id == team_id,
        Pair.mentor_id == mentor_id,
        col(Pair.status).in_(LIVE_STATUSES),
        Pair.kind == "mentoring",
    )
    return int(session.exec(statement).one())


def checkin_record(
    session: Session, *, pair_id: int, person_id: int, held_on: date
) -> Meeting | None:
    """The person's check-in record of the pair's meeting on that day."""
    return session.exec(
        select(Meeting).where(
            Meeting.pair_id == pair_id,
            Meeting.person_id == person_id,
            Meeting.held_on == held_on,
            Meeting.source == "checkin",
        )
    ).first()
