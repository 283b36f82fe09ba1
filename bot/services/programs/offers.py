"""A round pair becomes an introduction: the existing introductions service stores it, so the
mentor's Accept / Not now / Decline work as for any request; a program's mentor has 3 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services import skills
from bot.services.introductions import asking, drafts
from bot.services.matching import mentor_pool
from storage.models import Person, Program, RoundPair
from storage.models.deliveries import PROGRAM_INTRO, PROGRAM_MATCHED
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import people as people_repo
from storage.repositories import program_rounds

ANSWER_WINDOW = timedelta(days=3)  # then the mentee is offered the best free mentor left


def offer(session: Session, *, program: Program, pair: RoundPair, now: datetime) -> bool:
    """Open the pair's introduction (the pair becomes "offered"); False when the introductions
    service refused it (the pair becomes "unsent": the mentor is full, paused, gone...)."""
    team = program.team_id
    mentee = people_repo.get_person_by_id(session, team_id=team, person_id=pair.mentee_id)
    mentor = people_repo.get_person_by_id(session, team_id=team, person_id=pair.mentor_id)
    outcome = None
    if mentee is not None and mentor is not None and not mentor.is_deleted:
        wanted = mentor_pool.wanted_from_reflection(session, team_id=team, person_id=pair.mentee_id)
        labels = skills.labels_for(session, team_id=team, keys=wanted)
        draft = drafts.build_draft(
            session,
            mentee=mentee,
            mentor=mentor,
            wanted=wanted,
            label=lambda k: labels.get(k) or k[:1].upper() + k[1:],  # a mentor's skill not wanted
        )
        message = f"The {program.name} program matched us.\n\n{draft}"
        outcome = asking.request_intro(
            session,
            team_id=team,
            mentee_id=pair.mentee_id,
            mentor_id=pair.mentor_id,
            message=message,
            now=now,
        )
    if outcome is None or outcome.request is None or outcome.kind not in ("sent", "duplicate"):
        pair.status = "unsent"
        program_rounds.save(session, row=pair)
        return False
    request = outcome.request
    request.expires_at = min(request.expires_at, now + ANSWER_WINDOW)
    pair.status, pair.intro_request_id, pair.offered_at = "offered", request.id, now
    program_rounds.save(session, row=pair)
    if outcome.kind == "sent" and mentor is not None:  # a duplicate already reached the mentor
        deliveries_repo.add_delivery(
            session,
            deliveries_repo.new_delivery(
                PROGRAM_INTRO,
                None,
                mentor,
                now,
                f"{PROGRAM_INTRO}:{request.id}",
                now,
                intro_request_id=request.id,
            ),
        )
        if mentee is not None:
            _tell_mentee(session, program, mentee, int(request.id or 0), now)
    return True


def _tell_mentee(
    session: Session, program: Program, mentee: Person, request_id: int, now: datetime
) -> None:
    """The mentee hears privately, in their working hours, whom the program matched them with
    (a program_matched delivery), once per introduction."""
    notice = deliveries_repo.new_delivery(
        PROGRAM_MATCHED, None, mentee, now, f"{PROGRAM_MATCHED}:{request_id}", now,
        intro_request_id=request_id,
    )  # fmt: skip
    notice.program_id = program.id
    deliveries_repo.add_delivery(session, notice)


def delivered(
    session: Session, *, team_id: str, request_id: int, channel_id: str, ts: str, now: datetime
) -> None:
    """The mentor got the introduction: remember where (answering updates it), and give them
    the whole answer window from now, however long working hours held it back."""
    asking.record_mentor_message(
        session, team_id=team_id, request_id=request_id, channel_id=channel_id, ts=ts
    )
    request = asking.get_request(session, team_id=team_id, request_id=request_id)
    if request is not None and request.status == "open":
        request.expires_at = max(request.expires_at, now + ANSWER_WINDOW)
        session.add(request)


@dataclass(frozen=True)
class ToSend:
    """A program introduction whose mentor has not been sent the message yet."""

    team_id: str
    request_id: int
    mentee_id: int
    mentor_id: int


def waiting_to_send(session: Session, *, limit: int = 100) -> list[ToSend]:
    """For the Slack side (the mentor's DM with Accept / Not now / Decline, then
    asking.record_mentor_message): the open program introductions not yet delivered."""
    return [
        ToSend(request.team_id, int(request.id or 0), request.mentee_id, request.mentor_id)
        for _pair, request in program_rounds.offers_to_deliver(session, limit=limit)
    ]
