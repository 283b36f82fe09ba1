"""The last DM consumer: a message no dialog took is a request, or gets the short help."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import talk
from handlers.slack.people import ensure_person
from handlers.talk.answers import answer_request
from storage.models import Person
from storage.repositories import events as events_repo


def consume(client: WebClient, deps: Deps, team_id: str, event: dict[str, Any]) -> bool:
    """Answer the message; a pair's group DM is the two people's, so never there."""
    if event.get("channel_type") != "im":
        return False
    request = talk.read_request(str(event.get("text") or ""))
    person = ensure_person(client, deps, team_id, str(event["user"]))
    if not _first_delivery(deps, person, event):
        return True
    if request == talk.HELP:
        _may_help(deps, person)  # asked for, so answered; chatter right after it is not
    elif request == talk.CHAT and not _may_help(deps, person):
        return True  # helped less than ten minutes ago: not answered line by line
    answer_request(client, deps, person, talk.HELP if request == talk.CHAT else request)
    return True


def _first_delivery(deps: Deps, person: Person, event: dict[str, Any]) -> bool:
    """Once per message (its ts in the DM), even when Slack sends it under two event ids."""
    key = f"dm:{event.get('channel')}:{event.get('ts')}"
    with deps.db.begin() as session:
        return events_repo.claim_event(
            session, team_id=person.team_id, event_id=key, now=deps.clock.now()
        )


def _may_help(deps: Deps, person: Person) -> bool:
    assert person.id is not None
    with deps.db.begin() as session:
        return talk.may_help(
            session, team_id=person.team_id, person_id=person.id, now=deps.clock.now()
        )
