"""The mentor's answer to a request, and the mentee's withdrawal and thanks.

Every state change re-reads the request, checks who is acting and that the request is still
open, so double clicks and stale buttons change nothing. Accepting re-checks the mentor's
capacity inside the same unit of work, with the mentor's profile row locked (SELECT ... FOR
UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes writers), so two accepts
racing for the last slot cannot both win.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session

from bot.services.introductions import program_requests
from bot.services.introductions.asking import get_request
from bot.services.introductions.outcomes import Answer, Outcome, OutcomeKind
from bot.services.matching.ranking import PENDING_STATUSES
from storage.models import IntroRequest, MentorProfile, Pair, Person
from storage.repositories import intro_requests as requests_repo
from storage.repositories import mentor_profiles as profiles_repo
from storage.repositories import pairs as pairs_repo
from storage.repositories import request_programs


def answer_request(
    session: Session,
    *,
    team_id: str,
    request_id: int,
    clicker_id: int,
    answer: Answer,
    now: datetime,
) -> Outcome:
    """The mentor's answer. Only the mentor may answer, and only an open or waiting request."""
    request = _request_for(session, team_id, request_id, clicker_id, as_mentor=True)
    if isinstance(request, Outcome):
        return request
    if answer == "accept":
        return _accept(session, request=request, now=now)
    request = _relock(session, request)
    if request.status not in PENDING_STATUSES:
        return Outcome("closed", request)
    if answer == "decline":
        request.status = "declined"
        request.answered_at = now
        kind: OutcomeKind = "declined"
    else:
        # "Not now": it waits for a later answer; it still expires on its date if never answered.
        request.status = "waiting"
        kind = "waiting"
    return _saved(session, request, kind)


def _accept(session: Session, *, request: IntroRequest, now: datetime) -> Outcome:
    profile = profiles_repo.profile_of(
        session, team_id=request.team_id, person_id=request.mentor_id, lock=True
    )
    # Re-read after taking the lock: a racing accept may have committed meanwhile.
    request = _relock(session, request)
    if request.status not in PENDING_STATUSES:
        return Outcome("closed", request)
    if request.kind != "peer" and _no_room(session, request, profile):
        return Outcome("full", request)
    assert request.id is not None
    pair = pairs_repo.create_pair(
        session,
        team_id=request.team_id,
        mentor_id=request.mentor_id,
        mentee_id=request.mentee_id,
        now=now,
        intro_request_id=request.id,
        kind=request.kind,
    )
    # A program's introduction makes a program pair (its checkpoints and report count it):
    # asked in a "mentees choose" program, or offered by a published round.
    pair.program_id = request_programs.program_id_of(session, request=request)
    request.status = "accepted"
    request.answered_at = now
    return _saved(session, request, "accepted", pair)


def _no_room(session: Session, request: IntroRequest, profile: MentorProfile | None) -> bool:
    """The mentor's slots (or their program's room for them) are all taken."""
    capacity = profile.capacity if profile is not None else 0
    taken = pairs_repo.live_mentee_count(
        session, team_id=request.team_id, mentor_id=request.mentor_id
    )
    return taken >= capacity or program_requests.over_room_on_accept(session, request=request)


def _relock(session: Session, request: IntroRequest) -> IntroRequest:
    return requests_repo.relock(session, request=request)


def _saved(
    session: Session, request: IntroRequest, kind: OutcomeKind, pair: Pair | None = None
) -> Outcome:
    session.add(request)
    session.flush()
    return Outcome(kind, request, pair)


def withdraw(
    session: Session, *, team_id: str, request_id: int, clicker_id: int, now: datetime
) -> Outcome:
    """The mentee takes an open or waiting request back."""
    return _as_mentee(session, team_id, request_id, clicker_id, lambda r: _withdrawn(r, now))


def thank(
    session: Session, *, team_id: str, request_id: int, clicker_id: int, now: datetime
) -> Outcome:
    """The mentee's one-click thanks to the mentor, sent at most once per request."""
    return _as_mentee(session, team_id, request_id, clicker_id, lambda r: _thanked(r, now))


def _withdrawn(request: IntroRequest, now: datetime) -> OutcomeKind:
    if request.status not in PENDING_STATUSES:
        return "closed"
    request.status, request.answered_at = "withdrawn", now
    return "withdrawn"


def _thanked(request: IntroRequest, now: datetime) -> OutcomeKind:
    if request.thanked_at is not None:
        return "already_thanked"
    request.thanked_at = now
    return "thanked"


def _as_mentee(
    session: Session,
    team_id: str,
    request_id: int,
    mentee: int,
    act: Callable[[IntroRequest], OutcomeKind],
) -> Outcome:
    """`act` on the request, locked, when `mentee` is its mentee; saved if it changed it."""
    request = _request_for(session, team_id, request_id, mentee, as_mentor=False)
    if isinstance(request, Outcome):
        return request
    request = _relock(session, request)
    kind = act(request)
    return _saved(session, request, kind) if Outcome(kind).changed else Outcome(kind, request)


def _request_for(
    session: Session, team_id: str, request_id: int, acting: int, *, as_mentor: bool
) -> IntroRequest | Outcome:
    """The request when `acting` is its mentor (or its mentee); else why not."""
    request = get_request(session, team_id=team_id, request_id=request_id)
    if request is None:
        return Outcome("closed")
    if (request.mentor_id if as_mentor else request.mentee_id) != acting:
        return Outcome("not_yours", request)
    return request


def request_with_mentee(
    session: Session, *, team_id: str, request_id: int
) -> tuple[IntroRequest, str] | None:
    """A request of the workspace and its mentee's Slack id (to update the mentor's copy)."""
    request = session.get(IntroRequest, request_id)
    if request is None or request.team_id != team_id:
        return None
    mentee = session.get(Person, request.mentee_id)
    if mentee is None:
        return None
    session.expunge(request)
    return request, mentee.slack_user_id
