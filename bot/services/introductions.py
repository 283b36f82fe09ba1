"""Introduction requests: the draft, sending, the mentor's answer, withdrawal and thanks.

Every state change re-reads the request, checks who is acting and that the request is still
open, so double clicks and stale buttons change nothing. Accepting re-checks the mentor's
capacity inside the same unit of work, with the mentor's profile row locked (SELECT ... FOR
UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes writers), so two accepts
racing for the last slot cannot both win.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlmodel import Session, col, select

from bot.services import people, scheduling
from bot.services.cadence import CADENCES, WEEKDAYS
from bot.services.matching.ranking import DECLINE_EXCLUSION, PENDING_STATUSES
from storage.models import Goal, IntroRequest, MentorProfile, MentorSkill, Pair, Person
from storage.repositories import pairs as pairs_repo

REQUEST_LIFETIME = timedelta(days=7)
MAX_MESSAGE = 3000

Answer = Literal["accept", "not_now", "decline"]
OutcomeKind = Literal[
    "sent",
    "duplicate",
    "accepted",
    "declined",
    "waiting",
    "withdrawn",
    "thanked",
    "already_thanked",
    "not_yours",
    "closed",
    "full",
    "unavailable",
    "paired",
    "declined_recently",
    "self",
    "empty",
]


@dataclass(frozen=True)
class Outcome:
    """What happened; `request` and `pair` are detached copies safe to read after the commit."""

    kind: OutcomeKind
    request: IntroRequest | None = None
    pair: Pair | None = None

    @property
    def changed(self) -> bool:
        return self.kind in ("sent", "accepted", "declined", "waiting", "withdrawn", "thanked")


# --- the draft ------------------------------------------------------------------------------


def build_draft(
    session: Session,
    *,
    mentee: Person,
    mentor: Person,
    wanted: Sequence[str],
    label: Callable[[str], str] = str,
) -> str:
    """A personal first message: why this mentor, what I hope to gain, a short meeting, thanks."""
    assert mentee.id is not None and mentor.id is not None
    offered = _mentor_skills(session, team_id=mentor.team_id, person_id=mentor.id)
    shared = [k for k in wanted if k in offered] or offered[:2]
    goals = _active_goals(session, team_id=mentee.team_id, person_id=mentee.id)
    skills = _join([label(k) for k in shared])
    why = (
        f"your experience with {skills} is exactly what I want to grow in"
        if shared
        else "I'd value your perspective and experience"
    )
    if goals:
        gain = _goals_sentence(goals[:2])
    elif wanted:
        gain = f"I'd like to get better at {_join([label(k) for k in wanted[:3]])}."
    else:
        gain = "I'd like to learn how you approach your work and grow my own skills."
    lines = [
        f"Hi {people.first_name(mentor)}! I'm looking for a mentor, and {why}.",
        f"What I hope to gain: {gain}",
        "Would you be open to a short first meeting, about 30 minutes in the next couple of "
        "weeks, to see if it's a good fit?",
        "Thank you for considering it, I know your time is valuable.",
        people.full_name(mentee),
    ]
    return "\n\n".join(lines)[:MAX_MESSAGE]


def _goals_sentence(goals: Sequence[str]) -> str:
    """The goals quoted, so a goal of any shape reads as a goal, not as part of the sentence."""
    quoted = [f"\u201c{g.rstrip(' .!')}\u201d" for g in goals]
    noun = "my goal" if len(quoted) == 1 else "my goals"
    return f"help with {noun}, {_join(quoted)}."


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _mentor_skills(session: Session, *, team_id: str, person_id: int) -> list[str]:
    statement = (
        select(MentorSkill.skill_key)
        .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
        .where(MentorProfile.team_id == team_id, MentorProfile.person_id == person_id)
        .order_by(col(MentorSkill.id))
    )
    return list(session.exec(statement))


def _active_goals(session: Session, *, team_id: str, person_id: int) -> list[str]:
    statement = (
        select(Goal.text)
        .where(Goal.team_id == team_id, Goal.person_id == person_id, Goal.status == "active")
        .order_by(col(Goal.id))
    )
    return [t.strip() for t in session.exec(statement) if t.strip()]


# --- sending --------------------------------------------------------------------------------


def request_intro(
    session: Session,
    *,
    team_id: str,
    mentee_id: int,
    mentor_id: int,
    message: str,
    now: datetime,
) -> Outcome:
    """Store a new request (open, expiring in 7 days) if the mentor can still be asked."""
    if not message.strip():
        return Outcome("empty")
    if mentee_id == mentor_id:
        return Outcome("self")
    pending = _pending_between(session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id)
    if pending is not None:
        return Outcome("duplicate", pending)
    blocked = why_not_askable(
        session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id, now=now
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
    )
    session.add(request)
    session.flush()
    return Outcome("sent", request)


def _pending_between(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int
) -> IntroRequest | None:
    return session.exec(
        select(IntroRequest).where(
            IntroRequest.team_id == team_id,
            IntroRequest.mentee_id == mentee_id,
            IntroRequest.mentor_id == mentor_id,
            col(IntroRequest.status).in_(PENDING_STATUSES),
        )
    ).first()


def why_not_askable(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int, now: datetime
) -> OutcomeKind | None:
    """Why this mentee cannot ask this mentor now, or None when they can."""
    if mentee_id == mentor_id:
        return "self"
    if _pending_between(session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id):
        return "duplicate"
    mentor = session.get(Person, mentor_id)
    profile = session.exec(
        select(MentorProfile).where(
            MentorProfile.team_id == team_id, MentorProfile.person_id == mentor_id
        )
    ).first()
    if mentor is None or mentor.team_id != team_id or mentor.is_deleted:
        return "unavailable"
    if profile is None or not profile.is_open:
        return "unavailable"
    live = pairs_repo.live_pairs_of(session, team_id=team_id, person_id=mentee_id)
    if any(p.mentor_id == mentor_id for p in live):
        return "paired"
    if _declined_recently(
        session, team_id=team_id, mentee_id=mentee_id, mentor_id=mentor_id, now=now
    ):
        return "declined_recently"
    if (
        pairs_repo.live_mentee_count(session, team_id=team_id, mentor_id=mentor_id)
        >= profile.capacity
    ):
        return "full"
    return None


def _declined_recently(
    session: Session, *, team_id: str, mentee_id: int, mentor_id: int, now: datetime
) -> bool:
    return (
        session.exec(
            select(IntroRequest.id).where(
                IntroRequest.team_id == team_id,
                IntroRequest.mentee_id == mentee_id,
                IntroRequest.mentor_id == mentor_id,
                IntroRequest.status == "declined",
                col(IntroRequest.answered_at) >= now - DECLINE_EXCLUSION,
            )
        ).first()
        is not None
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


# --- answering ------------------------------------------------------------------------------


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
    request = get_request(session, team_id=team_id, request_id=request_id)
    if request is None:
        return Outcome("closed")
    if request.mentor_id != clicker_id:
        return Outcome("not_yours", request)
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
    session.add(request)
    session.flush()
    return Outcome(kind, request)


def _accept(session: Session, *, request: IntroRequest, now: datetime) -> Outcome:
    profile = session.exec(
        select(MentorProfile)
        .where(
            MentorProfile.team_id == request.team_id,
            MentorProfile.person_id == request.mentor_id,
        )
        .with_for_update()
    ).first()
    # Re-read after taking the lock: a racing accept may have committed meanwhile.
    request = _relock(session, request)
    if request.status not in PENDING_STATUSES:
        return Outcome("closed", request)
    capacity = profile.capacity if profile is not None else 0
    taken = pairs_repo.live_mentee_count(
        session, team_id=request.team_id, mentor_id=request.mentor_id
    )
    if taken >= capacity:
        return Outcome("full", request)
    assert request.id is not None
    pair = pairs_repo.create_pair(
        session,
        team_id=request.team_id,
        mentor_id=request.mentor_id,
        mentee_id=request.mentee_id,
        now=now,
        intro_request_id=request.id,
    )
    request.status = "accepted"
    request.answered_at = now
    session.add(request)
    session.flush()
    return Outcome("accepted", request, pair)


def _relock(session: Session, request: IntroRequest) -> IntroRequest:
    fresh = session.exec(
        select(IntroRequest)
        .where(IntroRequest.id == request.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return fresh


def withdraw(
    session: Session, *, team_id: str, request_id: int, clicker_id: int, now: datetime
) -> Outcome:
    """The mentee takes an open or waiting request back."""
    request = get_request(session, team_id=team_id, request_id=request_id)
    if request is None:
        return Outcome("closed")
    if request.mentee_id != clicker_id:
        return Outcome("not_yours", request)
    request = _relock(session, request)
    if request.status not in PENDING_STATUSES:
        return Outcome("closed", request)
    request.status = "withdrawn"
    request.answered_at = now
    session.add(request)
    session.flush()
    return Outcome("withdrawn", request)


def thank(
    session: Session, *, team_id: str, request_id: int, clicker_id: int, now: datetime
) -> Outcome:
    """The mentee's one-click thanks to the mentor, sent at most once per request."""
    request = get_request(session, team_id=team_id, request_id=request_id)
    if request is None:
        return Outcome("closed")
    if request.mentee_id != clicker_id:
        return Outcome("not_yours", request)
    request = _relock(session, request)
    if request.thanked_at is not None:
        return Outcome("already_thanked", request)
    request.thanked_at = now
    session.add(request)
    session.flush()
    return Outcome("thanked", request)


# --- the pair's rhythm ----------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceChoice:
    kind: Literal["set", "not_yours", "closed", "invalid"]
    pair: Pair | None = None


def choose_cadence(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    clicker_id: int,
    cadence: str,
    weekday: int,
) -> CadenceChoice:
    """Either person of a live pair sets how often they meet and on which weekday."""
    if cadence not in CADENCES or not 0 <= weekday < len(WEEKDAYS):
        return CadenceChoice("invalid")
    pair = pairs_repo.get_pair(session, team_id=team_id, pair_id=pair_id)
    if pair is None or pair.status not in pairs_repo.LIVE_STATUSES:
        return CadenceChoice("closed", pair)
    if clicker_id not in (pair.mentor_id, pair.mentee_id):
        return CadenceChoice("not_yours", pair)
    if (pair.cadence, pair.meeting_weekday) != (cadence, weekday):
        scheduling.replan_meetings(session, pair_id=pair_id)  # the scheduler plans anew
    pair.cadence = cadence
    pair.meeting_weekday = weekday
    session.add(pair)
    session.flush()
    return CadenceChoice("set", pair)


def record_group_channel(session: Session, *, team_id: str, pair_id: int, channel_id: str) -> None:
    """Keep the group DM of the pair (mentor, mentee and the bot)."""
    pair = pairs_repo.get_pair(session, team_id=team_id, pair_id=pair_id)
    if pair is not None:
        pair.group_channel_id = channel_id
        session.add(pair)


def close_for_departed_mentor(
    session: Session, *, team_id: str, request_id: int, now: datetime
) -> None:
    """The mentor turned out to be deactivated before the request reached them: close it."""
    request = get_request(session, team_id=team_id, request_id=request_id)
    if request is not None and request.status in PENDING_STATUSES:
        request.status = "withdrawn"
        request.answered_at = now
        session.add(request)
