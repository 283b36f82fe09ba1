"""The calendar's messages: the slots offered (each in both people's own time), the agreed time,
a pick that lost the race, and the invite's links. Pure builders."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from bot.services.calendar.slots import Slot, label
from handlers.slack.mrkdwn import actions, button, context, escape, section

CALENDAR_OFFER = "calendar_offer"
CALENDAR_PICK = "calendar_pick"
CALENDAR_OTHER = "calendar_other"
CALENDAR_OTHER_VIEW = "calendar_other_view"
PICKED_BLOCK, PICKED_INPUT = "calendar_when", "calendar_when_input"


def pick_value(pair_id: int, start: datetime, sequence: int) -> str:
    """The button's value: which pair, which start (epoch seconds), and the sequence of the time
    the clicker saw, so a pick made on a time that changed meanwhile is refused."""
    return f"{pair_id}:{int(start.timestamp())}:{sequence}"


def offer_button(pair_id: int) -> dict[str, Any]:
    return button("Pick a time", CALENDAR_OFFER, str(pair_id))


def build_offer_message(
    *,
    pair_id: int,
    slots: list[Slot],
    sequence: int,
    people: list[tuple[str, str | None]],  # (Slack id, tz) of the two, the clicker first
    today: date,
) -> dict[str, Any]:
    """Three slots; each line says the time on each person's own clock."""
    if not slots:
        text = "Your working hours don't leave a slot on your next meeting day; pick any time."
        blocks = [section(text)]
    else:
        text = "Pick a time for your meetings; each time is shown on each of your clocks."
        blocks = [section(text)]
        for slot in slots:
            times = " · ".join(f"<@{user}>: {label(slot, tz, today=today)}" for user, tz in people)
            blocks.append(
                {
                    **section(times),
                    "accessory": button(
                        "Pick this", CALENDAR_PICK, pick_value(pair_id, slot.start, sequence)
                    ),
                }
            )
    blocks.append(actions(button("Another time", CALENDAR_OTHER, f"{pair_id}:{sequence}")))
    blocks.append(context("Either of you can pick; the other is told, and each gets an invite."))
    return {"text": text, "blocks": blocks}


def build_other_time_view(*, pair_id: int, sequence: int, initial: datetime) -> dict[str, Any]:
    """A date and time picker (Slack shows it on the picker's own clock)."""
    return {
        "type": "modal",
        "callback_id": CALENDAR_OTHER_VIEW,
        "private_metadata": json.dumps({"pair": pair_id, "sequence": sequence}),
        "title": {"type": "plain_text", "text": "Another time"},
        "submit": {"type": "plain_text", "text": "Pick it"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": PICKED_BLOCK,
                "label": {"type": "plain_text", "text": "When you meet (your time)"},
                "element": {
                    "type": "datetimepicker",
                    "action_id": PICKED_INPUT,
                    "initial_date_time": int(initial.timestamp()),
                },
            },
            context("It repeats with your cadence. Meetings last 30 minutes."),
        ],
    }


def build_agreed_message(
    *,
    picker: str,
    slot: Slot,
    people: list[tuple[str, str | None]],
    cadence_words: str,
    outside_of: list[str],
    changed: bool,
    today: date,
) -> dict[str, Any]:
    """Told in the pair's conversation: who picked what, on each clock."""
    times = "\n".join(f"• <@{user}>: {label(slot, tz, today=today)}" for user, tz in people)
    verb = "moved your meetings to" if changed else "picked"
    text = f"<@{picker}> {verb} this time, {escape(cadence_words)}:\n{times}"
    blocks = [section(text)]
    if outside_of:
        who = " and ".join(f"<@{user}>" for user in outside_of)
        blocks.append(context(f"This is outside {who}'s working hours; pick another to change it."))
    blocks.append(context("Each of you has the invite in your DM with me."))
    return {"text": text, "blocks": blocks}


def build_taken_message(*, slot: Slot | None, tz: str | None, today: date) -> str:
    if slot is None:
        return "The time changed while you were picking; open the times again to pick."
    held = label(slot, tz, today=today)
    return f"Your partner picked a time a moment ago, {held} for you; that time holds."


def build_invite_comment(slot: Slot, tz: str | None, cadence_words: str, today: date) -> str:
    """The file's one-line summary: date, time, recurrence."""
    return f"Your mentoring invite: {label(slot, tz, today=today)}, {cadence_words}."


def build_cancel_comment() -> str:
    return "Your mentoring has ended, so this cancels its meetings in your calendar."


def build_paused_comment(last: Slot | None, tz: str | None, today: date) -> str:
    """The pause's file: the series ends at the last meeting before it, or leaves the calendar."""
    if last is None:
        return (
            "Your mentoring is paused, so this takes its meetings out of your calendar "
            "until you resume."
        )
    held = label(last, tz, today=today)
    return (
        f"Your mentoring is paused: your calendar keeps the meetings up to {held}; "
        "resuming brings the rest back."
    )


def build_links_message(google: str, outlook: str) -> dict[str, Any]:
    text = "Or add it with a link:"
    links = [
        {"type": "button", "text": {"type": "plain_text", "text": name}, "url": url[:3000]}
        for name, url in (("Add to Google Calendar", google), ("Add to Outlook", outlook))
    ]
    for n, element in enumerate(links):
        element["action_id"] = f"calendar_link_{n}"
    return {"text": text, "blocks": [section(text), actions(*links)]}
