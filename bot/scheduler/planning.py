"""Planning: bring the delivery table up to date before a pass claims what is due.

The database is the source of truth. Each kind with a planner keeps one open set of deliveries
per pair (bot/scheduler/kinds); pauses that ended make their pairs active again; requests
nobody answered in time expire, with a gentle note to both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bot.scheduler.registry import kind_of
from bot.services import cadence, meeting_dates
from storage.models import IntroRequest, Pair, Person
from storage.models.deliveries import INTRO_EXPIRY
from storage.repositories import circle_deliveries as circle_deliveries_repo
from storage.repositories import deliveries as repo


def plan_batch(session: Session, *, kind: str, now: datetime, limit: int) -> int:
    """Plan up to `limit` pairs that have nothing open of `kind`; returns how many."""
    planner = kind_of(kind).planner
    assert planner is not None, f"{kind} is not planned per pair"
    pairs = repo.pairs_needing(session, kind=kind, limit=limit)
    for pair in pairs:
        planner(session, pair, now)
    return len(pairs)


def plan_circle_batch(session: Session, *, kind: str, now: datetime, limit: int) -> int:
    """Plan up to `limit` circles that have nothing open of `kind`; returns how many."""
    planner = kind_of(kind).circle_planner
    assert planner is not None, f"{kind} is not planned per circle"
    circles = circle_deliveries_repo.circles_needing(session, kind=kind, limit=limit)
    for circle in circles:
        planner(session, circle, now)
    return len(circles)


def resume_paused_pairs(session: Session, *, now: datetime) -> int:
    """Pairs whose pause has ended become active again (then get planned).

    "Paused until Monday" means until Monday in the mentee's calendar, so the day is compared
    with their local date; the query only narrows to pairs that may be due somewhere on Earth.
    """
    statement = select(Pair).where(
        Pair.status == "paused",
        col(Pair.paused_until).is_not(None),
        col(Pair.paused_until) <= now.date() + timedelta(days=1),
    )
    count = 0
    for pair in list(session.exec(statement)):
        mentee = session.get(Person, pair.mentee_id)
        today = cadence.local_day(now, mentee.tz if mentee else "UTC")
        if pair.paused_until is not None and pair.paused_until <= today:
            meeting_dates.resume_pair(session, pair, now)
            count += 1
    return count


@dataclass(frozen=True)
class ExpiredRequest:
    """Where the mentor's copy of an expired request is, so its buttons can be replaced."""

    team_id: str
    mentee_user: str
    mentor_channel_id: str | None
    mentor_message_ts: str | None


def expire_intro_requests(session: Session, *, now: datetime, limit: int) -> list[ExpiredRequest]:
    """Requests nobody answered in time become expired, with a gentle note to both."""
    statement = (
        select(IntroRequest)
        .where(col(IntroRequest.status).in_(("open", "waiting")), IntroRequest.expires_at <= now)
        .order_by(col(IntroRequest.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    expired = []
    for request in list(session.exec(statement)):
        request.status = "expired"
        session.add(request)
        mentee = session.get(Person, request.mentee_id)
        expired.append(
            ExpiredRequest(
                request.team_id,
                mentee.slack_user_id if mentee else "",
                request.mentor_channel_id,
                request.mentor_message_ts,
            )
        )
        _note_expiry(session, request, now)
    return expired


def _note_expiry(session: Session, request: IntroRequest, now: datetime) -> None:
    # The mentor's own copy of the request is updated instead (mark_expired_for_mentors).
    told_on_copy = request.mentor_message_ts is not None and request.mentor_channel_id
    for person_id in (request.mentee_id, *(() if told_on_copy else (request.mentor_id,))):
        person = session.get(Person, person_id)
        if person is None:
            continue
        row = repo.new_delivery(
            INTRO_EXPIRY,
            None,
            person,
            now,
            f"{INTRO_EXPIRY}:{request.id}:{person_id}",
            now,
            intro_request_id=request.id,
            team_id=request.team_id,
        )
        repo.add_delivery(session, row)
