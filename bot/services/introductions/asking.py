"""A mentee asking a mentor for an introduction: whether they may ask now, the request itself
(open, expiring in a week), where the mentor's copy is, and closing it if the mentor has left."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services.introductions import program_requests
from bot.services.introductions.outcomes import Outcome, OutcomeKind
from bot.services.matching.ranking import DECLINE_EXCLUSION, PENDING_STATUSES
from storage.models import IntroRequest, Person
from storage.repositories import intro_requests as requests_repo
from storage.repositories import mentor_profiles as profiles_repo
from storage.repositories import pairs as pairs_repo

REQUEST_LIFETIME = timedelta(days=7)
MAX_MESSAGE = 3000


def request_intro(
    session: Session,
    *,
    team_id: str,
    mentee_id: int,
    mentor_id: int,
    message: str,
    now: datetime,
    kind: str = "mentoring",
) -> Outcome:
    """Store a new request (open, expiring in 7 days) if the mentor can still be asked; a
    program request when both are in a "mentees choose" program (see program_requests). A
    "peer" request asks `mentor_id` to pair up as equals: no program, no mentoring slot."""
    if not message.strip():
        return Outcome("empty")
    if mentee_id == mentor_id:
        return Outcome("self")
    pending = _pending_between(session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id)
    if pending is not None:
        return Outcome("duplicate", pending)
    # Taken (locked) before the room is counted, so two mentees take turns for the last place.
    program = (
        program_requests.program_between(
            session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id, lock=True
        )
        if kind == "mentoring"
        else None
    )
    blocked = why_not_askable(
        session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id, now=now, kind=kind
    )
    if blocked is not None:
        return Outcome(blocked)
    request = IntroRequest(
        team_id=team_id,
        mentee_id=mentee_id,
        mentor_id=mentor_id,
        message=message.strip()[:MAX_MESSAGE],
        status="open",
        created_at=now,
        expires_at=now + REQUEST_LIFETIME,
        program_id=program.id if program is not None else None,
        kind="peer" if kind == "peer" else "mentoring",
    )
    session.add(request)
    session.flush()
    return Outcome("sent", request)


def _pending_between(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int
) -> IntroRequest | None:
    return requests_repo.pending_between(
        session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id, pending=PENDING_STATUSES
    )


def why_not_askable(
    session: Session,
    *,
    team_id: str,
    mentee_id: int,
    mentor_id: int,
    now: datetime,
    kind: str = "mentoring",
) -> OutcomeKind | None:
    """Why this mentee cannot ask this mentor now, or None when they can. A peer may be asked
    when they opted in to being found as one (an open mentor profile, open to peers) and
    nothing binds the two yet."""
    if mentee_id == mentor_id:
        return "self"
    if _pending_between(session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id):
        return "duplicate"
    if kind == "peer" and _pending_between(
        session, team_id=team_id, mentee_id=mentor_id, mentor_id=mentee_id
    ):
        return "duplicate"  # they asked first: their request waits in this person's DM
    mentor = session.get(Person, mentor_id)
    profile = profiles_repo.profile_of(session, team_id=team_id, person_id=mentor_id)
    if mentor is None or mentor.team_id != team_id or mentor.is_deleted:
        return "unavailable"
    if profile is None or not profile.is_open:
        return "unavailable"
    if kind == "peer" and not profile.open_to_peers:  # they withdrew it since the search
        return "unavailable"
    live = pairs_repo.live_pairs_of(session, team_id=team_id, person_id=mentee_id)
    if any(p.mentor_id == mentor_id or (kind == "peer" and p.mentee_id == mentor_id) for p in live):
        return "paired"
    if _declined_recently(
        session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id, now=now
    ):
        return "declined_recently"
    if kind == "peer":
        return None  # a peer pair takes no mentoring slot and belongs to no program
    if (
        pairs_repo.live_mentee_count(session, team_id=team_id, mentor_id=mentor_id)
        >= profile.capacity
    ):
        return "full"
    program = program_requests.program_between(
        session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id
    )
    if program is not None and not program_requests.has_room(
        session, program=program, mentor_id=mentor_id
    ):
        return "full"
    return None


def _declined_recently(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int, now: datetime
) -> bool:
    return requests_repo.declined_since(
        session,
        team_id=team_id,
        mentee_id=mentee_id,
        mentor_id=mentor_id,
        since=now - DECLINE_EXCLUSION,
    )


def record_mentor_message(
    session: Session, *, team_id: str, request_id: int, channel_id: str, ts: str
) -> None:
    """Remember where the mentor's copy is, so answering can update it."""
    request = get_request(session, team_id=team_id, request_id=request_id)
    if request is not None:
        request.mentor_channel_id = channel_id
        request.mentor_message_ts = ts
        session.add(request)


def get_request(session: Session, *, team_id: str, request_id: int) -> IntroRequest | None:
    request = session.get(IntroRequest, request_id)
    return request if request is not None and request.team_id == team_id else None


def close_for_departed_mentor(
    session: Session, *, team_id: str, request_id: int, now: datetime
) -> None:
    """The mentor turned out to be deactivated before the request reached them: close it."""
    request = get_request(session, team_id=team_id, request_id=request_id)
    if request is not None and request.status in PENDING_STATUSES:
        request.status = "withdrawn"
        request.answered_at = now
        session.add(request)
