"""The goal loop of the dialog: a typed goal becomes a draft, the SMART questions fill it in
one at a time, and a complete (or accepted) draft is saved as a goal."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from bot.services.goals import smart
from bot.services.goals import tracking as goals_service
from bot.services.reflection import progress, steps
from storage.models import Reflection, ReflectionDialog


def start_draft(dialog: ReflectionDialog, text: str, today: date) -> None:
    dialog.draft_text = text
    dialog.draft_measure = ""
    dialog.draft_target_date = smart.find_target_date(text, today=today)
    dialog.asking = ""
    dialog.excused = ""


def answer_nudge(dialog: ReflectionDialog, reply: str, today: date) -> None:
    """Fold the reply to a SMART question into the draft; that element is never asked again."""
    element = dialog.asking
    found = smart.find_target_date(reply, today=today)
    if element == smart.SPECIFIC:
        # A restated goal replaces the vague one; a detail is added to it.
        specific = smart.is_specific(reply)
        dialog.draft_text = reply if specific else f"{dialog.draft_text} ({reply})"
    elif element == smart.MEASURE:
        dialog.draft_measure = reply
    elif element == smart.TIME and found is None:
        dialog.draft_text = f"{dialog.draft_text} (when: {reply})"
    if found is not None and dialog.draft_target_date is None:
        dialog.draft_target_date = found
    dialog.excused = ",".join(sorted({*_excused(dialog), element} - {""}))
    dialog.asking = ""


def _excused(dialog: ReflectionDialog) -> set[str]:
    return {e for e in dialog.excused.split(",") if e}


def check_draft(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    now: datetime,
    notes: tuple[str, ...] = (),
    stored: str = "",
) -> steps.Prompt:
    check = smart.check_goal(
        dialog.draft_text,
        today=progress.today(session, reflection, now),
        measure=dialog.draft_measure,
        target_date=dialog.draft_target_date,
        excused=frozenset(_excused(dialog)),
    )
    if check.missing is None:
        return save_draft(session, reflection, dialog, now, notes, stored)
    dialog.asking = check.missing
    dialog.draft_target_date = check.target_date
    reflection.step = steps.GOAL_DETAIL
    progress.touch(session, reflection, dialog, now)
    return progress.prompt(session, reflection, dialog, notes=notes, stored=stored)


def save_draft(
    session: Session,
    reflection: Reflection,
    dialog: ReflectionDialog,
    now: datetime,
    notes: tuple[str, ...] = (),
    stored: str = "",
) -> steps.Prompt:
    assert reflection.id is not None
    saved = goals_service.create_goal(
        session,
        team_id=reflection.team_id,
        person_id=reflection.person_id,
        reflection_id=reflection.id,
        text=dialog.draft_text,
        measure=dialog.draft_measure,
        target_date=dialog.draft_target_date,
        now=now,
    )
    start_draft(dialog, "", progress.today(session, reflection, now))
    reflection.step = steps.GOALS_MORE
    progress.touch(session, reflection, dialog, now)
    return progress.prompt(
        session, reflection, dialog, notes=notes, stored=stored, saved_goal=saved
    )
