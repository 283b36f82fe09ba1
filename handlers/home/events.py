"""app_home_opened: the person's App Home, published when it changed."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from handlers.home.publish import publish_home
from handlers.slack.event_claims import EventWork
from handlers.slack.payload import team_of
from handlers.slack.people import ensure_person


def handle_event_app_home_opened(client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    event = body.get("event") or {}
    if event.get("tab", "home") != "home":
        return
    person = ensure_person(client, deps, team_of(body), str(event["user"]))
    publish_home(client, deps, person)


EVENTS: dict[str, EventWork] = {"app_home_opened": handle_event_app_home_opened}
