"""What `/mentor admin ...` means: the parsed command. The workspace settings it changes are in
bot/services/admin_settings.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.services.cadence import CADENCES
from bot.services.skills import split_skills

DIGEST_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
# Scheduled messages stay inside working hours (PRODUCT: 08:00-18:00 local, weekdays).
DIGEST_EARLIEST = 8 * 60
DIGEST_LATEST = 18 * 60

USAGE = (
    "`/mentor admin leads add|remove @person` · `/mentor admin leads list`\n"
    "`/mentor admin admins add|remove @person` · `/mentor admin admins list`\n"
    "`/mentor admin skills add|remove Skill, Skill` · `/mentor admin skills list`\n"
    "`/mentor admin cadence weekly|biweekly|monthly`\n"
    "`/mentor admin digest #channel <weekday> <HH:MM>` · `/mentor admin digest off`\n"
    "`/mentor admin program` (create one) · `/mentor admin program NAME` (edit it) · "
    "`/mentor admin program report NAME`"
)

_USER_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_RAW_USER_ID = re.compile(r"^@?([UW][A-Z0-9]{6,})$")
_CHANNEL_MENTION = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|([^>]*))?>$")
_RAW_CHANNEL_ID = re.compile(r"^#?([CG][A-Z0-9]{6,})$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class UserRef:
    """Who an admin named: a Slack user id, or a name to look up when escaping was off."""

    user_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class ChannelRef:
    channel_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class AdminCommand:
    """One parsed `/mentor admin` command; `problem` says what was wrong when it did not parse."""

    area: str  # leads, admins, skills, cadence, digest, program, help
    action: str = ""  # add, remove, list, set, off
    user: UserRef | None = None
    channel: ChannelRef | None = None
    skills: str = ""
    cadence: str = ""
    weekday: int = 0
    minute: int = 0
    program: str = ""  # the program's name as typed (program edit, program report)
    problem: str = ""
    # What the person typed that we did not recognise, for the builder to echo (escaped).
    unknown: str = ""


def parse_user_ref(word: str) -> UserRef | None:
    """`<@U123|name>`, `<@U123>`, `@U123ABC` or `@name` (what Slack sends with escaping off)."""
    word = word.strip()
    for pattern in (_USER_MENTION, _RAW_USER_ID):
        match = pattern.match(word)
        if match:
            return UserRef(user_id=match.group(1))
    if word.startswith("@") and len(word) > 1:
        return UserRef(name=word[1:])
    return None


def parse_channel_ref(word: str) -> ChannelRef | None:
    """`<#C123|name>`, `<#C123>`, `#C123ABC` or `#name`."""
    word = word.strip()
    match = _CHANNEL_MENTION.match(word)
    if match:
        return ChannelRef(channel_id=match.group(1))
    match = _RAW_CHANNEL_ID.match(word)
    if match:
        return ChannelRef(channel_id=match.group(1))
    if word.startswith("#") and len(word) > 1:
        return ChannelRef(name=word[1:].lower())
    return None


def parse_admin_command(text: str) -> AdminCommand:
    """Read the words after `/mentor admin`."""
    words = text.split()
    if not words or words[0].lower() == "help":
        return AdminCommand("help")
    area, rest = words[0].lower(), words[1:]
    if area in ("leads", "lead", "admins"):
        return _parse_people(area.rstrip("s") + "s", rest)
    if area in ("skills", "skill"):
        return _parse_skills(rest)
    if area == "cadence":
        return _parse_cadence(rest)
    if area == "digest":
        return _parse_digest(rest)
    if area in ("program", "programs"):
        return _parse_program(rest)
    return AdminCommand("help", problem="I don't know that one.", unknown=area[:40])


def _parse_program(rest: list[str]) -> AdminCommand:
    """`program` creates, `program NAME` edits, `program report NAME` reports (the name may
    have spaces; matching it is the programs service's job)."""
    if rest and rest[0].lower() == "report":
        name = " ".join(rest[1:])
        if not name:
            return AdminCommand(
                "help", problem="Say which program, like `/mentor admin program report Spring`."
            )
        return AdminCommand("program", "report", program=name)
    return AdminCommand("program", "edit" if rest else "create", program=" ".join(rest))


def _parse_people(area: str, rest: list[str]) -> AdminCommand:
    action = rest[0].lower() if rest else "list"
    if action == "list":
        return AdminCommand(area, "list")
    if action not in ("add", "remove"):
        return AdminCommand("help", problem=f"`{area}` takes add, remove or list.")
    user = parse_user_ref(rest[1]) if len(rest) == 2 else None
    if user is None:
        return AdminCommand(
            "help", problem=f"Name one person with @, like `/mentor admin {area} {action} @name`."
        )
    return AdminCommand(area, action, user=user)


def _parse_skills(rest: list[str]) -> AdminCommand:
    action = rest[0].lower() if rest else "list"
    if action == "list":
        return AdminCommand("skills", "list")
    skills = " ".join(rest[1:])
    if action not in ("add", "remove") or not split_skills(skills):
        return AdminCommand(
            "help",
            problem="Say which skills, like `/mentor admin skills add Rust, Public speaking`.",
        )
    return AdminCommand("skills", action, skills=skills)


def _parse_cadence(rest: list[str]) -> AdminCommand:
    cadence = rest[0].lower() if len(rest) == 1 else ""
    if cadence not in CADENCES:
        return AdminCommand("help", problem="The cadence is one of weekly, biweekly or monthly.")
    return AdminCommand("cadence", "set", cadence=cadence)


def _parse_digest(rest: list[str]) -> AdminCommand:
    if len(rest) == 1 and rest[0].lower() == "off":
        return AdminCommand("digest", "off")
    channel = parse_channel_ref(rest[0]) if len(rest) == 3 else None
    if channel is None:
        return AdminCommand(
            "help",
            problem="Give a channel, a weekday and a time, like "
            "`/mentor admin digest #team monday 09:00`.",
        )
    weekday = _weekday(rest[1])
    if weekday is None:
        return AdminCommand("help", problem="The digest goes out on a weekday, Monday to Friday.")
    minute = _minute(rest[2])
    if minute is None or not DIGEST_EARLIEST <= minute <= DIGEST_LATEST:
        return AdminCommand("help", problem="The time is 24-hour HH:MM between 08:00 and 18:00.")
    return AdminCommand("digest", "set", channel=channel, weekday=weekday, minute=minute)


def _weekday(word: str) -> int | None:
    word = word.lower()
    for index, name in enumerate(DIGEST_WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return index
    return None


def _minute(word: str) -> int | None:
    match = _TIME.match(word)
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
