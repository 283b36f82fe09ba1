"""What replaces a message once the form opened from it is saved: what was recorded, and no
button whose work is done. Pure builders."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.services.goals.tracking import GoalView
from handlers.blocks.mrkdwn import actions, button, clip, context, escape, section
from handlers.blocks.scheduler import CHECKIN_MET

OUTCOME_WORDS = {"met": "you met", "missed": "you didn't meet", "rescheduled": "rescheduled"}
HEADLINES = {
    "saved": "Check-in saved",
    "corrected": "Check-in changed to \u201cwe met\u201d",
    "kept": "You had already answered this check-in, so I kept your first answer",
}
PRIVATE = "Only you see your answers."


def checkin_summary(outcome: str, usefulness: int | None) -> str:
    """ "you met, 4/5", "you didn't meet", "rescheduled"."""
    words = OUTCOME_WORDS.get(outcome, outcome)
    return f"{words}, {usefulness}/5" if outcome == "met" and usefulness else words


def build_checkin_saved_message(
    other_user: str,
    day: date | None,
    outcome: str,
    usefulness: int | None,
    *,
    headline: str = "saved",
    delivery_id: int | None = None,
) -> dict[str, Any]:
    """The check-in message after its answer. "We didn't meet" keeps one way to correct it
    (the check-in still takes "we met" with answers) when it came from a delivery."""
    when = f" on {day:%A %-d %B}" if day else ""
    text = (
        f"{HEADLINES[headline]} for your meeting with <@{other_user}>{when}: "
        f"{checkin_summary(outcome, usefulness)}."
    )
    blocks = [section(text)]
    if outcome != "met" and delivery_id is not None:
        blocks.append(
            actions(button("We met after all", CHECKIN_MET, str(delivery_id)), block_id="fix")
        )
    blocks.append(context(PRIVATE))
    return {"text": text, "blocks": blocks}


def build_pulse_saved_message(other_user: str, score: int, *, noted: bool) -> dict[str, Any]:
    text = f"Saved: your mentoring with <@{other_user}> is going {score}/5."
    if noted:
        text += " I kept your note with it."
    return {"text": text, "blocks": [section(text), context("Only you see your answer.")]}


def build_already_answered_text(what: str, recorded: str) -> str:
    """The private answer to a click on a button whose work is done."""
    return f"You already answered this {what} ({recorded}), so nothing changed."


def goal_saved_notice(goal: GoalView, *, milestone: bool, changed: bool) -> str:
    """The line above the refreshed goal list after its form was saved."""
    name = f"\u201c{escape(clip(goal.text, 200))}\u201d"
    if not changed:
        return f"Nothing changed on {name}."
    if milestone:
        return f"Milestone noted on {name}."
    if not goal.is_active:
        return f"Saved: {name} is done. Congratulations!"
    return f"Saved: {name} is at {goal.progress}%."


def goal_closed_text(goal: GoalView) -> str:
    """A click on the menu of a goal that is no longer active."""
    state = "done" if goal.status == "done" else "dropped"
    return f"That goal is already {state}, so nothing changed."
