"""People as Slack knows them: users.info, cached in our database, and DM channels."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import people as people_service
from bot.services.typed_text import clean
from handlers.slack.payload import team_of, user_of
from storage.models import Person
from storage.repositories import people as people_repo


def profile_from_user(user: dict[str, Any]) -> people_service.SlackProfile:
    """The parts of a users.info `user` object we keep."""
    profile = user.get("profile") or {}
    return people_service.SlackProfile(
        slack_user_id=str(user["id"]),
        # Names are typed by the person in Slack: the same rules as what they type to us.
        display_name=clean(str(profile.get("display_name") or user.get("name") or ""), limit=255),
        real_name=clean(str(profile.get("real_name") or user.get("real_name") or ""), limit=255),
        tz=str(user.get("tz") or "UTC"),
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner")),
        is_deleted=bool(user.get("deleted")),
        is_bot=bool(user.get("is_bot")),
    )


def known_person(deps: Deps, team_id: str, user_id: str) -> Person | None:
    """The person as we last stored them, without asking Slack (safe before an ack)."""
    with deps.db.begin() as session:
        return people_repo.get_person(session, team_id=team_id, slack_user_id=user_id)


def ensure_person(client: WebClient, deps: Deps, team_id: str, user_id: str) -> Person:
    """The person, refreshed from users.info when we have nothing or it is a day old."""
    now = deps.clock.now()
    with deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=team_id, slack_user_id=user_id)
        if person is not None and not people_service.needs_refresh(person, now):
            return person
    user = users_info(client, deps, team_id, user_id)
    with deps.db.begin() as session:
        person = people_service.apply_profile(
            session, team_id=team_id, profile=profile_from_user(user), now=now
        )
    if person.is_deleted:
        deps.active.forget(team_id, user_id)
    return person


def users_info(client: WebClient, deps: Deps, team_id: str, user_id: str) -> dict[str, Any]:
    """Slack's `user` object, asked at most once in a short while (RecentUsers)."""
    now = deps.clock.now()
    user = deps.slack_users.get(team_id, user_id, now)
    if user is None:
        user = dict(client.users_info(user=user_id)["user"])
        deps.slack_users.put(team_id, user, now)
    return user


def dm_channel(client: WebClient, deps: Deps, person: Person) -> str:
    """The bot's DM channel with the person, opened once and cached on the person."""
    if person.dm_channel_id:
        return person.dm_channel_id
    channel_id = str(client.conversations_open(users=person.slack_user_id)["channel"]["id"])
    with deps.db.begin() as session:
        stored = session.get(Person, person.id)
        if stored is not None:
            stored.dm_channel_id = channel_id
            session.add(stored)
    person.dm_channel_id = channel_id
    return channel_id


def acting_person(client: WebClient, deps: Deps, body: dict[str, Any]) -> Person:
    """The person who sent this command or interaction, refreshed as ensure_person does."""
    return ensure_person(client, deps, team_of(body), user_of(body))
