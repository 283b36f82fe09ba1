"""Shared set-up for the scheduler tests: people and pairs made through the repositories."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from bot.services import profiles
from playground.harness import Harness
from storage.engine import Database
from storage.models import Pair, Person
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo

TEAM = "T0EMULATOR"
# Weekly on Thursday, both in London: nudge Wed, prompt Thu, check-ins Fri, all at 08:00 UTC.
WED, THU, FRI = (datetime(2026, 12, d, 9, tzinfo=UTC) for d in (2, 3, 4))
WEEK = timedelta(weeks=1)


def add_person(db: Database, user_id: str, tz: str, now: datetime, team: str = TEAM) -> Person:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id=team, now=now)
        person = people_repo.add_person(session, team_id=team, slack_user_id=user_id, now=now)
        person.tz, person.display_name, person.profile_synced_at = tz, user_id.lower(), now
        session.add(person)
        return person


def make_pair(
    db: Database,
    now: datetime,
    *,
    mentor: str = "UMENTOR",
    mentee: str = "UMENTEE",
    mentor_tz: str = "Europe/London",
    mentee_tz: str = "Europe/London",
    cadence: str = "weekly",
    weekday: int = 3,
    team: str = TEAM,
) -> Pair:
    mentor_p = add_person(db, mentor, mentor_tz, now, team)
    mentee_p = add_person(db, mentee, mentee_tz, now, team)
    with db.begin() as session:
        return pairs_repo.create_pair(
            session,
            team_id=team,
            mentor_id=mentor_p.id or 0,
            mentee_id=mentee_p.id or 0,
            now=now,
            cadence=cadence,
            meeting_weekday=weekday,
        )


def harness_pair(harness: Harness, **kw: Any) -> Pair:
    """A pair whose people also exist in the emulator (same ids, same zones)."""
    mentor, mentee = kw.get("mentor", "UMENTOR"), kw.get("mentee", "UMENTEE")
    harness.emulator.add_user(mentor, name=mentor.lower(), tz=kw.get("mentor_tz", "Europe/London"))
    harness.emulator.add_user(mentee, name=mentee.lower(), tz=kw.get("mentee_tz", "Europe/London"))
    return make_pair(harness.db, harness.clock.now(), **kw)


def posted(harness: Harness) -> list[tuple[str, str, int]]:
    """(channel, kind, delivery id) of every scheduled message the app posted, in order."""
    out = []
    for call in harness.emulator.ok_calls_to("chat.postMessage"):
        meta = call.args.get("metadata") or {}
        payload = meta.get("event_payload") or {}
        if meta.get("event_type") == "mentorbot_delivery":
            out.append(
                (str(call.args["channel"]), str(payload["kind"]), int(payload["delivery_id"]))
            )
    return out


def share_last_questions(harness: Harness, user_id: str) -> Any:
    """`user_id` presses Share on the private preview of the questions they just typed."""
    from handlers.meetings.blocks import QUESTIONS_SHARE

    channel = harness.emulator.dm_channel_of(user_id)
    preview = harness.emulator.messages[channel][-1]
    button = next(
        e
        for block in preview["blocks"]
        if block["type"] == "actions"
        for e in block["elements"]
        if e.get("action_id") == QUESTIONS_SHARE
    )
    return harness.click(user_id, button, channel_id=channel, message=preview)


def kinds(harness: Harness, since: int = 0) -> list[tuple[str, str]]:
    """(channel, kind) of every scheduled message posted after the first `since`."""
    return [(c, k) for c, k, _ in posted(harness)[since:]]


def last_id(harness: Harness, kind: str) -> int:
    return [d for _, k, d in posted(harness) if k == kind][-1]


def dm(harness: Harness, user: str) -> str:
    return harness.emulator.dm_channel_of(user)


def click(harness: Harness, user: str, action_id: str, value: str, **kw: Any) -> None:
    """`user` clicks a button with this action id and value in their DM."""
    harness.click(
        user, {"action_id": action_id, "value": value}, channel_id=dm(harness, user), **kw
    )


def last_response(harness: Harness) -> str:
    return str(harness.emulator.calls_to("response_url")[-1].args["text"])


def typed(block_id: str, action_id: str, value: str) -> dict[str, Any]:
    """A form's text input as a view submission carries it."""
    return {block_id: {action_id: {"type": "plain_text_input", "value": value}}}


def person_named(session: Any, user: str) -> Person:
    """The person with this Slack user id (one workspace in these tests)."""
    return session.exec(select(Person).where(Person.slack_user_id == user)).one()


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """action_id -> value of every button in a message."""
    found: dict[str, str] = {}
    for block in message.get("blocks") or []:
        for element in [block.get("accessory") or {}, *(block.get("elements") or [])]:
            if element.get("type") == "button":
                found[element["action_id"]] = element.get("value", "")
    return found


def refused(harness: Harness) -> list[Any]:
    """The calls the emulator refused (invalid arguments or Block Kit)."""
    return [(c.method, c.response) for c in harness.emulator.calls if c.refused]


def save_mentor_profile(session: Any, person: Person, skills: list[str], now: datetime) -> None:
    """An open mentor profile with these skills, capacity two, saved as the form would."""
    valid = profiles.validate_form(
        profiles.ProfileForm(
            listed_skills=skills,
            extra_skills="",
            helps_with="",
            capacity="2",
            is_open=True,
            alumni="",
            team_name="",
        )
    )
    assert isinstance(valid, profiles.ValidProfile)
    profiles.save_profile(session, person=person, valid=valid, now=now)
