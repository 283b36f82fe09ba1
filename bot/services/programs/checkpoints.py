"""A participant answers their program's midpoint survey or close-out (one answer per person,
pair and kind; answering again updates it). Private: the program's report reads these rows as
aggregates only, and a note reaches the program team with its author's name only if they said
so. The close-out's thank-you goes to the mentor, and "end gracefully" ends the pair."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bot.services import skills
from bot.services.meetings import endings, gratitude
from bot.services.meetings.pair_access import PairView, delivery_for, mark_answered, pair_view
from bot.services.programs import activity
from bot.services.refusals import NotYours
from storage.models import Delivery, Person, Program, ProgramCheckpoint
from storage.models.deliveries import PROGRAM_CLOSEOUT, PROGRAM_MIDPOINT
from storage.repositories import program_checkpoints as repo
from storage.repositories import reflections as reflections_repo

MIDPOINT, CLOSEOUT = "midpoint", "closeout"
CHECKPOINT_OF_KIND = {PROGRAM_MIDPOINT: MIDPOINT, PROGRAM_CLOSEOUT: CLOSEOUT}
ON_TRACK = ("yes", "partly", "no")
PROGRESS = ("none", "some", "most", "all")
RECOMMEND = ("yes", "maybe", "no")
NEXT_STEPS = ("continue", "end")
MAX_GAPS = 10  # a checkbox group holds ten options


@dataclass(frozen=True)
class Gap:
    key: str
    label: str


@dataclass(frozen=True)
class Ask:
    """What a checkpoint's form shows its one recipient."""

    delivery_id: int
    checkpoint: str  # midpoint, closeout
    program_name: str
    role: str  # mentee, mentor
    other_user: str
    gaps: tuple[Gap, ...]  # close-out, mentee: their reflection's skill gaps
    answer: ProgramCheckpoint | None  # what they answered before, if they did


@dataclass(frozen=True)
class MidpointAnswer:
    quality: int
    on_track: str
    note: str
    named: bool


@dataclass(frozen=True)
class CloseoutAnswer:
    goal_progress: str
    closed: tuple[str, ...]  # skill keys now closed
    recommend: str
    thanks: str
    next_step: str


@dataclass(frozen=True)
class Saved:
    checkpoint: ProgramCheckpoint
    view: PairView
    program_name: str
    thanks_sent: str  # the thank-you to pass on to the mentor now ("" if none, or sent before)
    ended_now: bool


@dataclass(frozen=True)
class _Target:
    row: Delivery
    view: PairView
    program: Program
    checkpoint: str


def _target(
    session: Session, team_id: str, delivery_id: int, person: Person, checkpoint: str | None
) -> _Target:
    """The checkpoint delivery sent to `person` (and of `checkpoint`, when given)."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    found = CHECKPOINT_OF_KIND.get(row.kind)
    if found is None or row.pair_id is None or row.person_id != person.id:
        raise NotYours
    if checkpoint is not None and found != checkpoint:
        raise NotYours
    view = pair_view(session, team_id=team_id, pair_id=row.pair_id, person=person)
    program = session.get(Program, row.program_id or view.pair.program_id or 0)
    if program is None or program.team_id != team_id:
        raise NotYours
    return _Target(row, view, program, found)


def ask(session: Session, *, team_id: str, delivery_id: int, person: Person) -> Ask:
    """The form of a checkpoint sent to `person`, with their earlier answer; else NotYours."""
    target = _target(session, team_id, delivery_id, person, None)
    role = target.view.role_of(person.id or 0)
    gaps = (
        _gaps(session, team_id, person)
        if target.checkpoint == CLOSEOUT and role == "mentee"
        else ()
    )
    answer = repo.checkpoint_of(
        session,
        program_id=target.program.id or 0,
        person_id=person.id or 0,
        pair_id=target.view.pair.id or 0,
        kind=target.checkpoint,
    )
    return Ask(
        delivery_id,
        target.checkpoint,
        target.program.name,
        role,
        target.view.other(person.id or 0).slack_user_id,
        gaps,
        answer,
    )


def _gaps(session: Session, team_id: str, person: Person) -> tuple[Gap, ...]:
    """The skill gaps of the person's current reflection, distinct, at most MAX_GAPS."""
    keys = list(
        dict.fromkeys(
            reflections_repo.current_gap_keys(session, team_id=team_id, person_id=person.id or 0)
        )
    )[:MAX_GAPS]
    labels = skills.labels_for(session, team_id=team_id, keys=keys)
    return tuple(Gap(key, labels[key]) for key in keys)


def save_midpoint(
    session: Session,
    *,
    team_id: str,
    delivery_id: int,
    person: Person,
    answer: MidpointAnswer,
    now: datetime,
) -> Saved:
    """Keep the person's midpoint answer (updating an earlier one)."""
    if not 1 <= answer.quality <= 5:
        raise ValueError("the relationship is rated 1 to 5")
    if answer.on_track not in ON_TRACK:
        raise ValueError("on track is yes, partly or no")
    target = _target(session, team_id, delivery_id, person, MIDPOINT)
    values = {
        "quality": answer.quality,
        "on_track": answer.on_track,
        "note": answer.note,
        "named": answer.named and bool(answer.note),
    }
    saved = _save(session, target, person, values, now)
    activity.showed_life(session, pair_id=target.view.pair.id or 0, now=now)
    return Saved(saved, target.view, target.program.name, "", False)


def save_closeout(
    session: Session,
    *,
    team_id: str,
    delivery_id: int,
    person: Person,
    answer: CloseoutAnswer,
    now: datetime,
) -> Saved:
    """Keep the person's close-out; pass a mentee's first thank-you on, and end the pair
    gracefully when they chose to."""
    if answer.goal_progress not in PROGRESS or answer.recommend not in RECOMMEND:
        raise ValueError("choose how far your goals got and whether you'd recommend it")
    if answer.next_step not in NEXT_STEPS:
        raise ValueError("choose whether to go on or to end")
    target = _target(session, team_id, delivery_id, person, CLOSEOUT)
    is_mentee = target.view.role_of(person.id or 0) == "mentee"
    gaps = [gap.key for gap in _gaps(session, team_id, person)] if is_mentee else []
    closed = [key for key in gaps if key in answer.closed]
    thanks = answer.thanks if is_mentee else ""
    earlier = repo.checkpoint_of(
        session,
        program_id=target.program.id or 0,
        person_id=person.id or 0,
        pair_id=target.view.pair.id or 0,
        kind=CLOSEOUT,
    )
    first_thanks = bool(thanks) and not (earlier is not None and earlier.thanks)
    values = {
        "goal_progress": answer.goal_progress,
        "gaps_closed": json.dumps(closed),
        "gaps_open": json.dumps([key for key in gaps if key not in closed]),
        "recommend": answer.recommend,
        "thanks": thanks or (earlier.thanks if earlier is not None else ""),
        "next_step": answer.next_step,
    }
    saved = _save(session, target, person, values, now)
    pair_id = target.view.pair.id or 0
    if first_thanks:
        gratitude.thanks_sent(session, team_id=team_id, pair_id=pair_id, person=person, now=now)
    ended = False
    if answer.next_step == "end":
        ended = endings.end_pair(
            session, team_id=team_id, pair_id=pair_id, person=person, now=now
        ).ended_now
    elif target.view.pair.status != "ended":
        activity.showed_life(session, pair_id=pair_id, now=now)
    return Saved(saved, target.view, target.program.name, thanks if first_thanks else "", ended)


def _save(
    session: Session, target: _Target, person: Person, values: dict[str, Any], now: datetime
) -> ProgramCheckpoint:
    mark_answered(session, target.row, now)
    return repo.save_checkpoint(
        session,
        values={
            "team_id": target.program.team_id,
            "program_id": target.program.id,
            "person_id": person.id,
            "pair_id": target.view.pair.id,
            "kind": target.checkpoint,
            "role": target.view.role_of(person.id or 0),
            "created_at": now,
            **values,
        },
    )
