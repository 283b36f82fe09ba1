"""What replaces a message once the form opened from it is saved: what was recorded, and no
button whose work is done. Pure builders."""

from __future__ import annotations

from datetime import date
from typing import Any

from handlers.meetings.blocks.checkins import CHECKIN_MET
from handlers.meetings.blocks.context import bond
from handlers.meetings.blocks.ending import END_OPEN, RETRO_OPEN
from handlers.meetings.blocks.gratitude import GRATITUDE_OPEN
from handlers.meetings.blocks.pause import PAUSE_OPEN
from handlers.slack.done import Done
from handlers.slack.mrkdwn import actions, button, context, section

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


def build_pulse_saved_message(
    other_user: str, score: int, *, noted: bool, peer: bool = False
) -> dict[str, Any]:
    text = f"Saved: your {bond(peer)} with <@{other_user}> is going {score}/5."
    if noted:
        text += " I kept your note with it."
    return {"text": text, "blocks": [section(text), context("Only you see your answer.")]}


def build_already_answered_text(what: str, recorded: str) -> str:
    """The private answer to a click on a button whose work is done."""
    return f"You already answered this {what} ({recorded}), so nothing changed."


def thanks_done(pair_id: int, mentor_user: str) -> Done:
    note = f"Thanks sent: <@{mentor_user}> sees your note in your group DM."
    return Done(GRATITUDE_OPEN, str(pair_id), [section(note)])


def pause_done(pair_id: int, until: str) -> Done:
    note = f"Paused until {until}: no prompts for either of you until then."
    return Done(PAUSE_OPEN, str(pair_id), [section(note)])


def end_done(pair_id: int, other_user: str, *, peer: bool = False) -> Done:
    note = (
        f"Ended: your {bond(peer)} with <@{other_user}> is over. Your closing note is in this DM."
    )
    return Done(END_OPEN, str(pair_id), [section(note)], row=True)


def retro_done(pair_id: int, note: list[dict[str, Any]]) -> Done:
    return Done(RETRO_OPEN, str(pair_id), note)


def build_form_done_text(what: str) -> str:
    """The private answer to a click on a form's button whose work is done."""
    return f"{what}, so nothing changed."
