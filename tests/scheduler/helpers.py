"""Shared set-up for the scheduler tests: people and pairs made through the repositories."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from playground.harness import Harness
from storage.engine import Database
from storage.models import Pair, Person
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo

TEAM = "T0EMULATOR"


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
    from handlers.blocks.scheduler import QUESTIONS_SHARE

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
