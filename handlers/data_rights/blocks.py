"""Messages for a person's data rights: export and the confirmed delete."""

from __future__ import annotations

from typing import Any

from handlers.slack.mrkdwn import actions, button, context, section

DATA_DELETE_CONFIRM = "data_delete_confirm"
DATA_DELETE_CANCEL = "data_delete_cancel"

EXPORT_COMMENT = (
    "Here is everything Mentorbot stores about you, as JSON. Only you can see this file in our DM."
)
DELETE_WARNING = (
    "*Delete your Mentorbot data?*\n"
    "This removes your reflections, goals and their updates, your mentor profile, skill gaps, "
    "searches, reminders and what you wrote in check-ins and introduction requests. Any "
    "mentoring relationship you are in ends, and the other person gets a kind note. "
    "Only anonymous counts are kept. This cannot be undone."
)


def build_data_help_message() -> dict[str, Any]:
    text = (
        "`/mentor data export` sends you a file of everything stored about you. "
        "`/mentor data delete` deletes your answers and personal data (after you confirm)."
    )
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def build_export_started_message() -> dict[str, Any]:
    text = "I'm putting your data together; the file will arrive in our DM in a moment."
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def build_delete_confirm_message(person_id: int) -> dict[str, Any]:
    """The ephemeral question; the buttons carry the person's id only."""
    return {
        "response_type": "ephemeral",
        "text": "Delete your Mentorbot data? This cannot be undone.",
        "blocks": [
            section(DELETE_WARNING),
            actions(
                button("Delete my data", DATA_DELETE_CONFIRM, str(person_id), style="danger"),
                button("Keep it", DATA_DELETE_CANCEL, str(person_id)),
            ),
        ],
    }


def build_deleted_message(removed: dict[str, int], ended_pairs: int) -> dict[str, Any]:
    total = sum(removed.values())
    ended = (
        f" {ended_pairs} mentoring relationship{'s' if ended_pairs != 1 else ''} ended."
        if ended_pairs
        else ""
    )
    text = f"Done: your data is deleted ({total} records removed).{ended}"
    return {
        "text": text,
        "blocks": [
            section(text),
            context("If you use Mentorbot again, it starts from a blank page."),
        ],
    }


def build_delete_cancelled_message() -> dict[str, Any]:
    text = "Nothing was deleted. Your data stays as it was."
    return {"text": text, "blocks": [section(text)]}


def build_already_deleted_message() -> dict[str, Any]:
    text = "That data is already deleted, so nothing changed."
    return {"text": text, "blocks": [section(text)]}


def build_nothing_stored_message() -> dict[str, Any]:
    text = "Mentorbot stores nothing about you, so there is nothing to delete."
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def build_partner_left_message(partner_was_mentor: bool) -> dict[str, Any]:
    """To the other person of a pair that ended because someone left or deleted their data."""
    role = "mentor" if partner_was_mentor else "mentee"
    text = (
        f"Your {role} has left Mentorbot, so your mentoring relationship has ended. "
        "Thank you for the time you gave each other."
    )
    follow = (
        "When you are ready, `/find-mentor` suggests someone new."
        if partner_was_mentor
        else "Your capacity is free again for someone new."
    )
    return {"text": text, "blocks": [section(text), context(follow)]}
