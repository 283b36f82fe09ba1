"""Answers to `/mentor admin ...` (all private to the admin)."""

from __future__ import annotations

from typing import Any

from bot.services.admin import USAGE, format_minute
from bot.services.admin_settings import SkillListChange
from bot.services.cadence import CADENCES
from bot.services.roles import RoleChange, RoleList
from bot.services.skills import SkillEntry
from handlers.slack.mrkdwn import escape, section
from storage.models import Person

ROLE_WORDS = {"lead": "a team lead", "admin": "a mentoring admin"}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _message(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def _mention(person: Person) -> str:
    return f"<@{person.slack_user_id}>"


def build_admin_refusal_message() -> dict[str, Any]:
    return _message(
        "Sorry, `/mentor admin` is for mentoring admins (workspace admins and owners, and "
        "people they name). Nothing was changed. An admin can add you with "
        "`/mentor admin admins add @you`."
    )


def build_admin_usage_message(problem: str = "", *, unknown: str = "") -> dict[str, Any]:
    """Usage, after what went wrong; `unknown` is user text and is escaped here."""
    if unknown:
        problem = f"I don't know `{escape(unknown)}`."
    lead = f"{problem}\n\n" if problem else ""
    return _message(f"{lead}*Program administration*\n{USAGE}")


def build_role_change_message(change: RoleChange) -> dict[str, Any]:
    who, role = _mention(change.person), ROLE_WORDS.get(change.role, change.role)
    texts = {
        "granted": f"{who} is now {role}.",
        "already": f"{who} was already {role}; nothing changed.",
        "revoked": f"{who} is no longer {role}.",
        "not_held": f"{who} was not {role}; nothing changed.",
        "from_slack": f"{who} is a workspace admin or owner in Slack, so they are always an "
        "admin here; nothing changed.",
    }
    return _message(texts[change.outcome])


def build_role_list_message(listing: RoleList) -> dict[str, Any]:
    title = "Team leads" if listing.role == "lead" else "Mentoring admins"
    named = ", ".join(_mention(p) for p in listing.granted) or "nobody yet"
    text = f"*{title}* (named here): {named}"
    if listing.role == "admin":
        slack = ", ".join(_mention(p) for p in listing.from_slack) or "none seen yet"
        text += f"\n*Workspace admins and owners* (from Slack): {slack}"
    return _message(text)


def build_person_problem_message(problem: str, typed: str = "") -> dict[str, Any]:
    texts = {
        "not_found": f"I can't find {escape(typed)[:80]} in this workspace. Mention them with @ "
        "so Slack sends who they are.",
        "ambiguous": f"More than one person is called {escape(typed)[:80]}. Mention them with @ "
        "and pick them from Slack's list.",
        "bot": "That's a bot, not a person; nothing changed.",
        "left": "That person has left the workspace; nothing changed.",
    }
    return _message(texts[problem])


def build_skill_change_message(action: str, change: SkillListChange) -> dict[str, Any]:
    done = "Added to" if action == "add" else "Removed from"
    same = "Already on" if action == "add" else "Not on"
    lines = []
    if change.changed:
        lines.append(f"{done} the skill list: {escape(', '.join(change.changed))}.")
    if change.unchanged:
        lines.append(f"{same} the list: {escape(', '.join(change.unchanged))}.")
    return _message("\n".join(lines) or "Nothing changed.")


def build_skills_list_message(entries: list[SkillEntry]) -> dict[str, Any]:
    labels = ", ".join(e.label for e in entries) or "none"
    return _message(f"*The workspace's skill list* ({len(entries)}): {escape(labels)}")


def build_cadence_message(cadence: str) -> dict[str, Any]:
    return _message(
        f"New mentoring pairs now start meeting *{CADENCES[cadence]}* ({cadence}). "
        "Existing pairs keep theirs."
    )


def build_digest_set_message(channel_id: str, weekday: int, minute: int, tz: str) -> dict[str, Any]:
    return _message(
        f"Every {_DAY_NAMES[weekday]} at {format_minute(minute)} ({escape(tz)}, your time zone) "
        f"I'll post the week's mentoring summary in <#{channel_id}>. Figures about fewer than "
        "5 people are never shown. `/mentor admin digest off` stops it."
    )


def build_digest_off_message() -> dict[str, Any]:
    return _message("The weekly digest is off.")


def build_channel_problem_message(problem: str, typed: str = "") -> dict[str, Any]:
    texts = {
        "not_found": f"I can't find the channel {escape(typed)[:80]}. Pick it from Slack's list "
        "when you type #.",
        "not_in": "I'm not in that channel, so I can't post there. Invite me with "
        "`/invite @mentorbot` in the channel, then run this again.",
        "dm": "The digest goes to a channel, not a direct message.",
    }
    return _message(texts[problem])
