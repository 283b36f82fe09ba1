"""The come-prepared questions: a private draft from the mentee's reply, shared with the pair
or kept only when they say so."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services import meeting_dates, prompt_answers, typed_text
from bot.services.meetings.pair_access import PairView, mark_answered, pair_view
from bot.services.refusals import NotYours
from storage.models import Delivery, Person, PreparedQuestions
from storage.repositories import deliveries as repo
from storage.repositories import prepared_questions as questions_repo


@dataclass(frozen=True)
class Questions:
    """The mentee's questions; `shared` is True only when this call is the one that shared them."""

    id: int
    view: PairView
    text: str
    status: str
    shared: bool = False


def take_questions(
    session: Session, *, person: Person, text: str, now: datetime
) -> Questions | None:
    """If a come-prepared nudge waits for this person's answer, keep the message as a private
    draft: nothing reaches the pair until the person presses Share (share_questions)."""
    row = repo.open_prepare_nudge(
        session, person_id=person.id or 0, since=now - meeting_dates.OPEN_NUDGE_FOR
    )
    text = typed_text.clean(text)
    if row is None or row.pair_id is None or not text:
        return None
    try:
        view = pair_view(session, team_id=person.team_id, pair_id=row.pair_id, person=person)
    except NotYours:
        return None
    if view.pair.status == "ended":
        return None
    mark_answered(session, row, now)
    # A draft whose preview never reached the person (reopen_questions) takes the new text.
    draft = questions_repo.draft_of(session, delivery_id=row.id) or PreparedQuestions(
        team_id=person.team_id,
        pair_id=row.pair_id,
        person_id=person.id or 0,
        delivery_id=row.id,
        created_at=now,
    )
    draft.text = text
    session.add(draft)
    session.flush()
    return Questions(draft.id or 0, view, draft.text, draft.status)


def reopen_questions(session: Session, *, person: Person, questions_id: int) -> None:
    """The preview of a draft did not reach the person: the nudge waits for their answer
    again, and what they type next replaces the draft (it stays private meanwhile)."""
    draft = session.get(PreparedQuestions, questions_id)
    if draft is None or draft.person_id != person.id or draft.status != "draft":
        return
    row = session.get(Delivery, draft.delivery_id) if draft.delivery_id else None
    if row is not None:
        row.answered_at = None
        session.add(row)
        session.flush()


def decide_questions(
    session: Session, *, team_id: str, questions_id: int, person: Person, share: bool, now: datetime
) -> Questions:
    """Share (or keep private) a draft. Only its author may; a second click changes nothing.

    The status moves with one conditional UPDATE, so of two concurrent Share clicks exactly one
    sees `shared=True` and posts."""
    draft = session.get(PreparedQuestions, questions_id)
    if draft is None or draft.team_id != team_id or draft.person_id != person.id:
        raise NotYours
    view = pair_view(session, team_id=team_id, pair_id=draft.pair_id, person=person)
    if draft.status == "draft" and share and view.pair.status == "ended":
        raise ValueError("your mentoring has ended, so your questions were not shared")
    status = "shared" if share else "kept"
    moved = questions_repo.decide(session, questions_id=questions_id, status=status, now=now)
    session.refresh(draft)
    shared = moved and share
    if shared:  # they go to the group DM: the pair is talking there
        prompt_answers.pair_spoke(session, pair_id=draft.pair_id, now=now)
    return Questions(draft.id or 0, view, draft.text, draft.status, shared)


def has_open_nudge(session: Session, *, person_id: int, now: datetime) -> bool:
    return (
        repo.open_prepare_nudge(
            session, person_id=person_id, since=now - meeting_dates.OPEN_NUDGE_FOR
        )
        is not None
    )
