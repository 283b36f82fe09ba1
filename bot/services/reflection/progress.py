"""Where a person's reflection stands: the current run, its dialog row (locked for the unit
of work), moving it to a step, and describing that step as a Prompt."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from bot.clock import local
from bot.services.goals import smart
from bot.services.goals import tracking as goals_service
from bot.services.reflection import skill_gaps, steps
from storage.models import Person, Reflection, ReflectionDialog
from storage.repositories import goals as goals_repo
from storage.repositories import reflections as reflections_repo


def current_reflection(session: Session, *, team_id: str, person_id: int) -> Reflection | None:
    return reflections_repo.current_reflection(session, team_id=team_id, person_id=person_id)


def dialog_row(session: Session, reflection: Reflection, now: datetime) -> ReflectionDialog:
    """The dialog row, locked for this unit of work so two deliveries cannot interleave."""
    return reflections_repo.locked_dialog(session, reflection=reflection, now=now)


def locked(session: Session, reflection: Reflection, now: datetime) -> ReflectionDialog:
    """Lock the dialog, then re-read the reflection: a racing delivery may have moved it."""
    dialog = dialog_row(session, reflection, now)
    session.refresh(reflection)
    return dialog


def new_reflection(session: Session, *, team_id: str, person_id: int, now: datetime) -> Reflection:
    reflection = reflections_repo.create_reflection(
        session, team_id=team_id, person_id=person_id, now=now
    )
    dialog_row(session, reflection, now)
    return reflection


def move(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    step: str,
    now: datetime,
    notes: tuple[str, ...] = (),
    stored: str = "",
) -> steps.Prompt:
    reflection.step = step
    if step == steps.DONE and reflection.completed_at is None:
        reflection.completed_at = now
    touch(session, reflection, dialog, now)
    return prompt(session, reflection, dialog, notes=notes, stored=stored)


def touch(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> None:
    reflection.updated_at = now
    dialog.updated_at = now
    session.add(reflection)
    session.add(dialog)
    session.flush()


def prompt(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    *,
    notes: tuple[str, ...] = (),
    stored: str = "",
    saved_goal: goals_service.GoalView | None = None,
) -> steps.Prompt:
    assert reflection.id is not None
    step = reflection.step
    question = (
        smart.nudge_question(dialog.asking) if step == steps.GOAL_DETAIL else steps.QUESTIONS[step]
    )
    previous = str(getattr(reflection, step)) if step in steps.TEXT_STEPS else ""
    if step == steps.GOALS:
        previous = dialog.draft_text
    return steps.Prompt(
        reflection_id=reflection.id,
        step=step,
        question=question,
        notes=notes,
        stored=stored,
        previous=previous,
        asking=dialog.asking if step == steps.GOAL_DETAIL else "",
        draft=dialog.draft_text if step == steps.GOAL_DETAIL else "",
        saved_goal=saved_goal,
        skill_labels=tuple(skill_gaps.skill_labels(session, reflection))
        if step == steps.DONE
        else (),
        paused=dialog.paused,
        empty=step == steps.DONE and _is_empty(session, reflection),
    )


def _is_empty(session: Session, reflection: Reflection) -> bool:
    """Nothing answered: every text empty, no goal and no skill in this run."""
    if any(getattr(reflection, step) for step in steps.TEXT_STEPS):
        return False
    if goals_repo.reflection_has_goal(session, reflection_id=reflection.id):
        return False
    return not skill_gaps.gap_keys(session, reflection)


def today(session: Session, reflection: Reflection, now: datetime) -> date:
    """The person's calendar date, for reading "by Friday" the way they mean it."""
    person = session.get(Person, reflection.person_id)
    return local(now, person.tz if person else None).date()


def undo_of(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, message_ts: str
) -> steps.Undo:
    """The dialog as it is before this input, to step back to if its answer is not delivered."""
    assert reflection.id is not None
    goal_ids = goals_repo.goal_ids_of_reflection(session, reflection_id=reflection.id)
    draft = {name: getattr(dialog, name) for name in steps.DRAFT_FIELDS}
    return steps.Undo(
        reflection_id=reflection.id,
        message_ts=message_ts,
        step=reflection.step,
        completed_at=reflection.completed_at,
        goal_ids=frozenset(goal_ids),
        **draft,
    )


def remember_input(dialog: ReflectionDialog, token: str) -> None:
    """The last inputs taken (typed message ts, clicks), newest last; take_back checks it."""
    seen = dialog.recent_message_ts.split()
    dialog.recent_message_ts = " ".join([*seen, token][-steps.RECENT_TS_KEPT :])
