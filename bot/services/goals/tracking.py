"""Goals: progress with a history, milestones, done and dropped, and celebrations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from bot.services import typed_text
from storage.models import Goal
from storage.repositories import goals as goals_repo

MAX_GOAL_CHARS = 3000
MAX_NOTE_CHARS = 2000
ACTIVE, DONE, DROPPED = "active", "done", "dropped"


@dataclass(frozen=True)
class GoalView:
    id: int
    text: str
    measure: str
    target_date: date | None
    progress: int
    status: str
    completed_at: datetime | None

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE


@dataclass(frozen=True)
class GoalChange:
    """The result of an update: the goal now, whether anything changed, whether to celebrate."""

    goal: GoalView
    changed: bool
    celebrate: bool


@dataclass(frozen=True)
class HistoryEntry:
    kind: str
    progress: int | None
    note: str
    at: datetime


def view_of(goal: Goal) -> GoalView:
    assert goal.id is not None
    return GoalView(
        id=goal.id,
        text=goal.text,
        measure=goal.measure,
        target_date=goal.target_date,
        progress=goal.progress,
        status=goal.status,
        completed_at=goal.completed_at,
    )


def create_goal(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    text: str,
    now: datetime,
    measure: str = "",
    target_date: date | None = None,
    reflection_id: int | None = None,
) -> GoalView:
    goal = goals_repo.add_goal(
        session,
        team_id=team_id,
        person_id=person_id,
        reflection_id=reflection_id,
        text=typed_text.clean(text, limit=MAX_GOAL_CHARS),
        measure=typed_text.clean(measure, limit=MAX_GOAL_CHARS),
        target_date=target_date,
        now=now,
    )
    return view_of(goal)


def delete_goal(session: Session, *, goal: Goal) -> None:
    """Remove a goal and its history (a goal taken back before the person heard it was saved)."""
    goals_repo.delete_goal(session, goal=goal)


def list_goals(
    session: Session, *, team_id: str, person_id: int, include_closed: bool = True
) -> list[GoalView]:
    """The person's goals: active ones first (soonest target first), then done, then dropped."""
    status = None if include_closed else ACTIVE
    found = goals_repo.goals_of(session, team_id=team_id, person_id=person_id, status=status)
    goals = [view_of(g) for g in found]
    order = {ACTIVE: 0, DONE: 1, DROPPED: 2}
    return sorted(goals, key=lambda g: (order.get(g.status, 3), g.target_date or date.max, g.id))


def own_goal(session: Session, *, team_id: str, person_id: int, goal_id: int) -> Goal | None:
    """The goal if it belongs to this person, else None: nobody reads or changes another's goal."""
    goal = session.get(Goal, goal_id)
    if goal is None or goal.team_id != team_id or goal.person_id != person_id:
        return None
    return goal


def update_progress(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    goal_id: int,
    progress: int,
    now: datetime,
    note: str = "",
) -> GoalChange | None:
    """Set progress (clamped 0-100) with a history entry; 100 completes the goal."""
    goal = own_goal(session, team_id=team_id, person_id=person_id, goal_id=goal_id)
    if goal is None:
        return None
    progress = max(0, min(100, progress))
    if goal.status != ACTIVE or (progress == goal.progress and not note.strip()):
        return GoalChange(view_of(goal), changed=False, celebrate=False)
    goal.progress = progress
    _record(session, goal, kind="progress", progress=progress, note=note, now=now)
    celebrate = progress == 100
    if celebrate:
        _close(session, goal, DONE, now)
    session.add(goal)
    session.flush()
    return GoalChange(view_of(goal), changed=True, celebrate=celebrate)


def add_milestone(
    session: Session, *, team_id: str, person_id: int, goal_id: int, note: str, now: datetime
) -> GoalChange | None:
    goal = own_goal(session, team_id=team_id, person_id=person_id, goal_id=goal_id)
    if goal is None:
        return None
    if not note.strip():
        return GoalChange(view_of(goal), changed=False, celebrate=False)
    _record(session, goal, kind="milestone", progress=goal.progress, note=note, now=now)
    return GoalChange(view_of(goal), changed=True, celebrate=False)


def mark_done(
    session: Session, *, team_id: str, person_id: int, goal_id: int, now: datetime
) -> GoalChange | None:
    """Complete an active goal (a second click changes nothing and celebrates nothing)."""
    return _end(session, team_id=team_id, person_id=person_id, goal_id=goal_id, now=now, as_=DONE)


def drop(
    session: Session, *, team_id: str, person_id: int, goal_id: int, now: datetime
) -> GoalChange | None:
    return _end(
        session, team_id=team_id, person_id=person_id, goal_id=goal_id, now=now, as_=DROPPED
    )


def _end(
    session: Session, *, team_id: str, person_id: int, goal_id: int, now: datetime, as_: str
) -> GoalChange | None:
    """Close an active goal as done (progress 100, celebrated) or dropped."""
    goal = own_goal(session, team_id=team_id, person_id=person_id, goal_id=goal_id)
    if goal is None:
        return None
    if goal.status != ACTIVE:
        return GoalChange(view_of(goal), changed=False, celebrate=False)
    if as_ == DONE:
        goal.progress = 100
    _close(session, goal, as_, now)
    return GoalChange(view_of(goal), changed=True, celebrate=as_ == DONE)


def history(session: Session, *, team_id: str, person_id: int, goal_id: int) -> list[HistoryEntry]:
    if own_goal(session, team_id=team_id, person_id=person_id, goal_id=goal_id) is None:
        return []
    rows = goals_repo.history(session, goal_id=goal_id)
    return [HistoryEntry(r.kind, r.progress, r.note, r.created_at) for r in rows]


def _close(session: Session, goal: Goal, status: str, now: datetime) -> None:
    goal.status = status
    goal.completed_at = now
    _record(session, goal, kind=status, progress=goal.progress, note="", now=now)
    session.add(goal)
    session.flush()


def _record(
    session: Session, goal: Goal, *, kind: str, progress: int | None, note: str, now: datetime
) -> None:
    note = typed_text.clean(note, limit=MAX_NOTE_CHARS)
    goals_repo.add_update(session, goal=goal, kind=kind, progress=progress, note=note, now=now)
