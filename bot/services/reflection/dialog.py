"""The guided self-reflection as a state machine whose state lives in the database.

Steps: strengths -> weaknesses -> aspirations -> challenges -> goals (a loop: a goal, its SMART
questions one at a time, "add another" or "done") -> skills -> done. Every call loads the state,
applies one input and returns the Prompt to show next, so a restart of the app, or a reply days
later, continues at the same step. Answers are kept as typed, up to MAX_ANSWER_CHARS.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.services.goals import smart
from bot.services.goals import tracking as goals_service
from bot.services.reflection import goal_drafts, overview, progress, skill_gaps, steps
from storage.models import Reflection, ReflectionDialog
from storage.repositories import goals as goals_repo

# --- entry points --------------------------------------------------------------------------


def start_or_resume(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> steps.Prompt:
    """The current step of the person's reflection, starting one if they have none."""
    reflection = progress.current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None:
        reflection = progress.new_reflection(session, team_id=team_id, person_id=person_id, now=now)
    dialog = progress.dialog_row(session, reflection, now)
    dialog.paused = False
    session.add(dialog)
    return progress.prompt(session, reflection, dialog)


def restart(session: Session, *, team_id: str, person_id: int, now: datetime) -> steps.Prompt:
    """Start over; the old run stays in the history (is_current=False), goals stay too."""
    old = progress.current_reflection(session, team_id=team_id, person_id=person_id)
    if old is not None:
        old.is_current = False
        old.updated_at = now
        session.add(old)
        session.flush()
    reflection = progress.new_reflection(session, team_id=team_id, person_id=person_id, now=now)
    return progress.prompt(session, reflection, progress.dialog_row(session, reflection, now))


def restart_if_current(
    session: Session, *, team_id: str, person_id: int, expected_id: int, now: datetime
) -> steps.Prompt | None:
    """Restart only when the confirmation was for the reflection that is still current
    (0: none), so a double click of "Yes, start over" restarts once."""
    current = progress.current_reflection(session, team_id=team_id, person_id=person_id)
    if (current.id if current is not None else 0) != expected_id:
        return None
    return restart(session, team_id=team_id, person_id=person_id, now=now)


def answer(
    session: Session, *, team_id: str, person_id: int, text: str, message_ts: str, now: datetime
) -> steps.Prompt | None:
    """Apply a typed DM message to the dialog. None when there is no dialog going on, or
    when this message (by its ts, unique in the DM) was already taken: it advances once."""
    reflection = progress.current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None:
        return None
    dialog = progress.locked(session, reflection, now)
    seen = dialog.recent_message_ts.split()
    if reflection.step == steps.DONE or message_ts in seen:
        return None
    undo = progress.undo_of(session, reflection, dialog, message_ts)
    progress.remember_input(dialog, message_ts)
    dialog.paused = False
    cleaned, notes = steps.clean(text)
    if not cleaned:
        return progress.prompt(session, reflection, dialog, notes=(steps.EMPTY_NOTE,))
    if cleaned.casefold().strip(" .!") in steps.SKIP_WORDS:
        prompt = _skip(session, reflection, dialog, now) or progress.prompt(
            session, reflection, dialog
        )
    else:
        prompt = _apply(session, reflection, dialog, cleaned, notes, now)
    return replace(prompt, undo=undo)


def take_back(
    session: Session, *, team_id: str, person_id: int, undo: steps.Undo, now: datetime
) -> bool:
    """The answer's next question was not delivered: step back to the question the person saw.
    A text answer stays stored for that step; a goal it completed is taken back with the step
    (typed again, it is saved once). False when another message has moved the dialog since."""
    reflection = session.get(Reflection, undo.reflection_id)
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return False
    dialog = progress.locked(session, reflection, now)
    seen = dialog.recent_message_ts.split()
    if not reflection.is_current or not seen or seen[-1] != undo.message_ts:
        return False
    for goal in goals_repo.goals_of_reflection(session, reflection_id=reflection.id):
        if goal.id not in undo.goal_ids:
            goals_service.delete_goal(session, goal=goal)
    reflection.step, reflection.completed_at = undo.step, undo.completed_at
    for name in steps.DRAFT_FIELDS:
        setattr(dialog, name, getattr(undo, name))
    # Slack may deliver the same message again: then it is taken as new.
    dialog.recent_message_ts = " ".join(seen[:-1])
    progress.touch(session, reflection, dialog, now)
    return True


def act(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    reflection_id: int,
    at_step: str,
    action: str,
    now: datetime,
    click_ts: str = "",
) -> steps.Prompt | None:
    """A button: skip, back, later, accept (goal as is), another (goal), goals_done.

    `at_step` is the step the button was shown at; a button from an older step, a second click,
    or someone else's reflection changes nothing (None). With `click_ts` (the click's
    action_ts) the prompt carries an Undo, as a typed answer's does.
    """
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return None
    dialog = progress.locked(session, reflection, now)
    handler = _ACTIONS.get(action)
    if not reflection.is_current or reflection.step != at_step or handler is None:
        return None
    undo = (
        progress.undo_of(session, reflection, dialog, f"{steps.CLICK_PREFIX}{click_ts}")
        if click_ts
        else None
    )
    if undo is not None:
        progress.remember_input(dialog, undo.message_ts)
    prompt = handler(session, reflection, dialog, now)
    return replace(prompt, undo=undo) if prompt is not None else None


def choose_skills(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    reflection_id: int,
    keys: list[str],
    typed: str,
    now: datetime,
) -> steps.Prompt | None:
    """Skill gaps from the list (keys) and typed text; finishes the reflection."""
    reflection = session.get(Reflection, reflection_id)
    if (
        reflection is None
        or reflection.team_id != team_id
        or reflection.person_id != person_id
        or not reflection.is_current
    ):
        return None
    dialog = progress.dialog_row(session, reflection, now)
    skill_gaps.save_skills(session, reflection, keys, typed, now)
    return progress.move(session, reflection, dialog, steps.DONE, now)


# --- the steps -----------------------------------------------------------------------------


def _apply(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    text: str,
    notes: tuple[str, ...],
    now: datetime,
) -> steps.Prompt:
    step = reflection.step
    if step in steps.TEXT_STEPS:
        setattr(reflection, step, text)
        return progress.move(
            session, reflection, dialog, _next_text_step(step), now, notes, stored=text
        )
    unreal = smart.impossible_date(text) if step in steps.GOAL_STEPS else None
    if unreal is not None:  # nothing is stored with a date that does not exist
        reflection.step = steps.GOALS if step == steps.GOALS_MORE else step
        progress.touch(session, reflection, dialog, now)
        note = steps.NOT_A_DATE.format(date=unreal)
        return progress.prompt(session, reflection, dialog, notes=(*notes, note))
    if step in (steps.GOALS, steps.GOALS_MORE):
        goal_drafts.start_draft(dialog, text, progress.today(session, reflection, now))
        return goal_drafts.check_draft(session, reflection, dialog, now, notes, stored=text)
    if step == steps.GOAL_DETAIL:
        goal_drafts.answer_nudge(dialog, text, progress.today(session, reflection, now))
        return goal_drafts.check_draft(session, reflection, dialog, now, notes, stored=text)
    # SKILLS
    skill_gaps.save_skills(session, reflection, [], text, now)
    return progress.move(session, reflection, dialog, steps.DONE, now, notes, stored=text)


def _next_text_step(step: str) -> str:
    return steps.STEPS[steps.STEPS.index(step) + 1]


# --- button actions ------------------------------------------------------------------------


def _skip(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> steps.Prompt | None:
    step = reflection.step
    if step in steps.TEXT_STEPS:
        return progress.move(session, reflection, dialog, _next_text_step(step), now)
    if step == steps.GOALS:
        return progress.move(session, reflection, dialog, steps.SKILLS, now)
    if step == steps.GOAL_DETAIL:
        return _accept(session, reflection, dialog, now)
    if step == steps.SKILLS:
        return progress.move(session, reflection, dialog, steps.DONE, now)
    return None


def _back(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> steps.Prompt | None:
    target = steps.BACK_TO.get(reflection.step)
    if target is None:
        return None
    if target == steps.GOALS_MORE and not overview.reflection_goals(session, reflection):
        target = steps.GOALS
    if reflection.step == steps.GOAL_DETAIL:
        dialog.asking = ""  # back to the goal itself: it stays, shown, to keep or retype
    else:
        goal_drafts.start_draft(dialog, "", progress.today(session, reflection, now))
    return progress.move(session, reflection, dialog, target, now)


def _later(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> steps.Prompt:
    dialog.paused = True
    progress.touch(session, reflection, dialog, now)
    return progress.prompt(session, reflection, dialog)


def _accept(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> steps.Prompt | None:
    # At GOALS only after "back" from coaching, where the goal being worked on is kept.
    if reflection.step not in (steps.GOAL_DETAIL, steps.GOALS) or not dialog.draft_text:
        return None
    return goal_drafts.save_draft(session, reflection, dialog, now)


def _another(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> steps.Prompt:
    return progress.move(session, reflection, dialog, steps.GOALS, now)


def _goals_done(
    session: Session, reflection: Reflection, dialog: ReflectionDialog, now: datetime
) -> steps.Prompt:
    return progress.move(session, reflection, dialog, steps.SKILLS, now)


_ACTIONS = {
    "skip": _skip,
    "back": _back,
    "later": _later,
    "accept": _accept,
    "another": _another,
    "goals_done": _goals_done,
}
