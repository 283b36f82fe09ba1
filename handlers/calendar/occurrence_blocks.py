"""Skip this week and Move this one on a meeting prompt: the buttons, the Move form (a date and
time picker), the notes the invites carry, and what a stale click is told. Pure builders."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.services.calendar.changes import ChangeKind
from bot.services.calendar.slots import Slot, label
from handlers.slack.mrkdwn import button, context
from handlers.slack.origin import OPENER_KEY
from handlers.slack.row_ids import row_id, whole

CALENDAR_SKIP = "calendar_skip"  # value: "pair id:original start (epoch seconds)"
CALENDAR_MOVE = "calendar_move"  # the same value; opens the form
CALENDAR_MOVE_VIEW = "calendar_move_view"
MOVED_BLOCK, MOVED_INPUT = "calendar_moved_to", "calendar_moved_to_input"

STALE: dict[ChangeKind, str] = {
    "past": "That meeting has already begun, so nothing changed: Skip and Move are for a "
    "meeting to come.",
    "ended": "Your mentoring isn't running (it ended or is paused), so there is no meeting "
    "to change.",
    "no_time": "You have no agreed meeting time any more, so nothing changed.",
    "not_on_series": "Your meeting time changed since this message, so nothing changed; the "
    "latest invite in your DM has the time that holds.",
    "raced": "Your meetings changed a moment ago, so nothing changed; the latest invite in "
    "your DM has what holds.",
}


def occurrence_value(pair_id: int, start: datetime) -> str:
    return f"{pair_id}:{int(start.timestamp())}"


def read_occurrence(value: str) -> tuple[int, datetime] | None:
    """The pair id and the original start a button names; None when it names none."""
    pair_text, _, start_text = value.partition(":")
    pair_id, start = row_id(pair_text), whole(start_text, 11)
    if pair_id is None or start is None:
        return None
    return pair_id, datetime.fromtimestamp(start, tz=UTC)


def occurrence_buttons(pair_id: int, start: datetime) -> list[dict[str, Any]]:
    """For a prompt whose day has a meeting in the agreed series."""
    value = occurrence_value(pair_id, start)
    return [
        button("Skip this week", CALENDAR_SKIP, value),
        button("Move this one", CALENDAR_MOVE, value),
    ]


def build_move_view(*, pair_id: int, original: datetime, opener: str) -> dict[str, Any]:
    """A date and time picker, starting at the meeting's own time (on the mover's clock)."""
    meta = {"pair": pair_id, "start": int(original.timestamp()), OPENER_KEY: opener}
    return {
        "type": "modal",
        "callback_id": CALENDAR_MOVE_VIEW,
        "private_metadata": json.dumps(meta),
        "title": {"type": "plain_text", "text": "Move this one"},
        "submit": {"type": "plain_text", "text": "Move it"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": MOVED_BLOCK,
                "label": {"type": "plain_text", "text": "When you meet instead (your time)"},
                "element": {
                    "type": "datetimepicker",
                    "action_id": MOVED_INPUT,
                    "initial_date_time": int(original.timestamp()),
                },
            },
            context("Only this meeting moves; the others stay. Meetings last 30 minutes."),
        ],
    }


def _when(start: datetime, minutes: int, tz: str | None, today: date) -> str:
    return label(Slot(start, start + timedelta(minutes=minutes)), tz, today=today)


def skip_comment(
    *, changer: str, reader: str, original: datetime, minutes: int, tz: str | None, today: date
) -> str:
    """The note on the updated invite in each DM: who skipped which meeting."""
    who = "You" if changer == reader else f"<@{changer}>"
    when = _when(original, minutes, tz, today)
    return f"{who} skipped this meeting: {when}. This invite takes it out of your calendar."


def move_comment(
    *,
    changer: str,
    reader: str,
    original: datetime,
    new_start: datetime,
    minutes: int,
    tz: str | None,
    today: date,
    outside_of: list[str],
) -> str:
    """Who moved which meeting where, on the reader's clock; a time outside someone's working
    hours is allowed and said."""
    who = "You" if changer == reader else f"<@{changer}>"
    was, now = _when(original, minutes, tz, today), _when(new_start, minutes, tz, today)
    text = f"{who} moved one meeting from {was} to {now}. This invite updates your calendar."
    if outside_of:
        people = " and ".join("your" if u == reader else f"<@{u}>'s" for u in outside_of)
        text += f" The new time is outside {people} working hours."
    return text


def skipped_text(unchanged: bool) -> str:
    if unchanged:
        return "That meeting is skipped already, so nothing changed."
    return "Skipped: the updated invite is in your DM, and your partner is told in theirs."


def moved_text(unchanged: bool) -> str:
    if unchanged:
        return "That meeting is at that time already, so nothing changed."
    return "Moved: the updated invite is in your DM, and your partner is told in theirs."
