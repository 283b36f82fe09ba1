"""Matching rounds, their proposed pairs and unmatched mentees, and the introductions made."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, union, update
from sqlmodel import Session, col

from storage.models import (
    Delivery,
    IntroRequest,
    MatchingRound,
    Person,
    RoundPair,
    RoundUnmatched,
)

LIVE_PAIR_STATUSES = ("proposed", "offered", "accepted")  # a pair that still holds a slot


def add_round(session: Session, *, round_: MatchingRound) -> MatchingRound:
    session.add(round_)
    session.flush()
    return round_


def add_pairs(session: Session, *, rows: Sequence[dict[str, Any]]) -> None:
    """Many proposed pairs in one executemany (a round can hold thousands)."""
    if rows:
        session.execute(insert(RoundPair), list(rows))


def add_unmatched(session: Session, *, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(RoundUnmatched), list(rows))


def get_round(session: Session, *, team_id: str, round_id: int) -> MatchingRound | None:
    statement = (
        select(MatchingRound)
        .where(col(MatchingRound.id) == round_id, col(MatchingRound.team_id) == team_id)
        .execution_options(populate_existing=True)
    )
    return session.execute(statement).scalars().first()


def proposed_round(session: Session, *, program_id: int) -> MatchingRound | None:
    """The program's proposal waiting for the admin, if any (there is at most one)."""
    statement = (
        select(MatchingRound)
        .where(col(MatchingRound.program_id) == program_id, col(MatchingRound.status) == "proposed")
        .execution_options(populate_existing=True)
    )
    return session.execute(statement).scalars().first()


def latest_round(session: Session, *, program_id: int) -> MatchingRound | None:
    """The proposal waiting, else the last published round."""
    statement = (
        select(MatchingRound)
        .where(
            col(MatchingRound.program_id) == program_id,
            col(MatchingRound.status).in_(("proposed", "published")),
        )
        .order_by(col(MatchingRound.status) == "published", col(MatchingRound.id).desc())
    )
    return session.execute(statement).scalars().first()


def mark_published(
    session: Session, *, round_id: int, person_id: int | None, now: datetime
) -> bool:
    """Proposed -> published; False when another admin's click got there first."""
    result = session.execute(
        update(MatchingRound)
        .where(col(MatchingRound.id) == round_id, col(MatchingRound.status) == "proposed")
        .values(status="published", published_by_person_id=person_id, published_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


def supersede(session: Session, *, round_id: int) -> bool:
    """Proposed -> superseded (solved again, or replaced by a new proposal)."""
    result = session.execute(
        update(MatchingRound)
        .where(col(MatchingRound.id) == round_id, col(MatchingRound.status) == "proposed")
        .values(status="superseded")
    )
    return bool(getattr(result, "rowcount", 0))


def carry_message(session: Session, *, from_round: int, to_round: int) -> None:
    """The proposal message in the admin's DM now belongs to the round that replaced its own."""
    old, new = session.get(MatchingRound, from_round), session.get(MatchingRound, to_round)
    if old is None or new is None or old.proposal_ts is None:
        return
    new.proposal_channel_id, new.proposal_ts = old.proposal_channel_id, old.proposal_ts
    session.add(new)
    session.flush()


def pairs_of(
    session: Session, *, round_id: int, statuses: Collection[str] | None = None
) -> list[RoundPair]:
    statement = select(RoundPair).where(col(RoundPair.round_id) == round_id)
    if statuses is not None:
        statement = statement.where(col(RoundPair.status).in_(list(statuses)))
    return list(session.execute(statement.order_by(col(RoundPair.id))).scalars())


PairRow = tuple[int, int, int, int, str, str, str]


def pair_rows(session: Session, *, round_id: int, statuses: Collection[str]) -> list[PairRow]:
    """(id, mentee, mentor, score, reasons, status, origin) of the round's pairs: plain rows,
    as a round can hold thousands."""
    statement = (
        select(
            col(RoundPair.id),
            col(RoundPair.mentee_id),
            col(RoundPair.mentor_id),
            col(RoundPair.score),
            col(RoundPair.reasons),
            col(RoundPair.status),
            col(RoundPair.origin),
        )
        .where(col(RoundPair.round_id) == round_id, col(RoundPair.status).in_(list(statuses)))
        .order_by(col(RoundPair.id))
    )
    return [
        (int(pid or 0), mentee, mentor, score, why, status, origin)
        for pid, mentee, mentor, score, why, status, origin in session.connection().execute(
            statement
        )
    ]


def unmatched_rows(session: Session, *, round_id: int) -> list[tuple[int, str, str]]:
    """(mentee, code, reason) of the round's unmatched mentees."""
    statement = (
        select(col(RoundUnmatched.mentee_id), col(RoundUnmatched.code), col(RoundUnmatched.reason))
        .where(col(RoundUnmatched.round_id) == round_id)
        .order_by(col(RoundUnmatched.id))
    )
    return [(m, code, why) for m, code, why in session.connection().execute(statement)]


def names_in_round(session: Session, *, round_id: int) -> dict[int, tuple[str, str]]:
    """Person id -> (Slack id, display name) of everyone the round names, in one query."""
    named = union(
        select(col(RoundPair.mentee_id)).where(col(RoundPair.round_id) == round_id),
        select(col(RoundPair.mentor_id)).where(col(RoundPair.round_id) == round_id),
        select(col(RoundUnmatched.mentee_id)).where(col(RoundUnmatched.round_id) == round_id),
    )
    statement = select(
        col(Person.id), col(Person.slack_user_id), col(Person.display_name), col(Person.real_name)
    ).where(col(Person.id).in_(select(named.subquery())))
    return {
        int(pid or 0): (slack_id, display or real or slack_id)
        for pid, slack_id, display, real in session.connection().execute(statement).all()
    }


def get_pair(session: Session, *, round_id: int, pair_id: int) -> RoundPair | None:
    pair = session.get(RoundPair, pair_id)
    return pair if pair is not None and pair.round_id == round_id else None


def unmatched_of(session: Session, *, round_id: int) -> list[RoundUnmatched]:
    statement = (
        select(RoundUnmatched)
        .where(col(RoundUnmatched.round_id) == round_id)
        .order_by(col(RoundUnmatched.mentee_id), col(RoundUnmatched.id))
    )
    return list(session.execute(statement).scalars())


def clear_unmatched(session: Session, *, round_id: int, mentee_id: int) -> None:
    """The mentee has a pair again: the line saying why not goes."""
    for row in session.execute(
        select(RoundUnmatched).where(
            col(RoundUnmatched.round_id) == round_id, col(RoundUnmatched.mentee_id) == mentee_id
        )
    ).scalars():
        session.delete(row)
    session.flush()


# --- what became of the introductions ---------------------------------------------------------


def offers_waiting(session: Session) -> list[tuple[RoundPair, IntroRequest, int]]:
    """Offered pairs of published rounds with their introduction and program id, oldest first."""
    statement = (
        select(RoundPair, IntroRequest, col(MatchingRound.program_id))
        .join(IntroRequest, col(IntroRequest.id) == col(RoundPair.intro_request_id))
        .join(MatchingRound, col(MatchingRound.id) == col(RoundPair.round_id))
        .where(col(RoundPair.status) == "offered", col(MatchingRound.status) == "published")
        .order_by(col(RoundPair.id))
    )
    return [(pair, request, int(pid)) for pair, request, pid in session.execute(statement).all()]


def offers_to_deliver(session: Session, *, limit: int) -> list[tuple[RoundPair, IntroRequest]]:
    """Open program introductions whose mentor has not been sent the message yet."""
    statement = (
        select(RoundPair, IntroRequest)
        .join(IntroRequest, col(IntroRequest.id) == col(RoundPair.intro_request_id))
        .where(
            col(RoundPair.status) == "offered",
            col(IntroRequest.status) == "open",
            col(IntroRequest.mentor_message_ts).is_(None),
        )
        .order_by(col(RoundPair.id))
        .limit(limit)
    )
    return [(pair, request) for pair, request in session.execute(statement).all()]


def pending_delivery(session: Session, *, key: str) -> Delivery | None:
    """A delivery not claimed yet, by its idempotency key (a program notice gone stale)."""
    statement = select(Delivery).where(
        col(Delivery.idempotency_key) == key, col(Delivery.status) == "pending"
    )
    return session.execute(statement).scalars().first()


def program_mentor_loads(session: Session, *, program_id: int) -> dict[int, tuple[int, int]]:
    """Per mentor of the program's published rounds: (slots held: offered or accepted, of
    which still waiting for an answer: offered)."""
    statement = (
        select(col(RoundPair.mentor_id), col(RoundPair.status), func.count())
        .join(MatchingRound, col(MatchingRound.id) == col(RoundPair.round_id))
        .where(
            col(MatchingRound.program_id) == program_id,
            col(MatchingRound.status) == "published",
            col(RoundPair.status).in_(("offered", "accepted")),
        )
        .group_by(col(RoundPair.mentor_id), col(RoundPair.status))
    )
    loads: dict[int, tuple[int, int]] = {}
    for mentor, status, count in session.execute(statement).all():
        held, waiting = loads.get(int(mentor), (0, 0))
        loads[int(mentor)] = (
            held + int(count),
            waiting + (int(count) if status == "offered" else 0),
        )
    return loads


def mentors_offered(session: Session, *, program_id: int, mentee_id: int) -> set[int]:
    """Mentors the mentee was already introduced to in this program (never offered twice)."""
    statement = (
        select(col(RoundPair.mentor_id))
        .join(MatchingRound, col(MatchingRound.id) == col(RoundPair.round_id))
        .where(
            col(MatchingRound.program_id) == program_id,
            col(RoundPair.mentee_id) == mentee_id,
            col(RoundPair.intro_request_id).is_not(None),
        )
    )
    return {int(m) for m in session.execute(statement).scalars()}


def mentees_placed(session: Session, *, program_id: int) -> set[int]:
    """Mentees of the program with an introduction out or accepted: a new round leaves them be."""
    statement = (
        select(col(RoundPair.mentee_id))
        .join(MatchingRound, col(MatchingRound.id) == col(RoundPair.round_id))
        .where(
            col(MatchingRound.program_id) == program_id,
            col(MatchingRound.status) == "published",
            col(RoundPair.status).in_(("offered", "accepted")),
        )
    )
    return {int(m) for m in session.execute(statement).scalars()}


def save(session: Session, *, row: RoundPair | MatchingRound) -> None:
    session.add(row)
    session.flush()
