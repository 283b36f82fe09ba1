"""app_home_opened: publish the person's App Home."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.home import home_state
from handlers.blocks.home import build_home_view
from handlers.people import ensure_person
from handlers.reflection_dm import team_of
from storage.models import Person


def handle_event_app_home_opened(client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    event = body.get("event") or {}
    if event.get("tab", "home") != "home":
        return
    person = ensure_person(client, deps, team_of(body), str(event["user"]))
    publish_home(client, deps, person)


def publish_home(client: WebClient, deps: Deps, person: Person) -> None:
    """views.publish the Home built from this person's own data only."""
    with deps.db.begin() as session:
        state = home_state(session, team_id=person.team_id, person=person, now=deps.clock.now())
    client.views_publish(user_id=person.slack_user_id, view=build_home_view(state))
