"""user_change: keep a person's name, timezone and deactivation in step with Slack."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import people as people_service
from handlers.people import profile_from_user
from storage.repositories import deliveries as deliveries_repo


def handle_event_user_change(_client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    user = (body.get("event") or {}).get("user") or {}
    team_id = str(body.get("team_id") or user.get("team_id") or "")
    if not user.get("id") or not team_id:
        return
    now = deps.clock.now()
    deps.slack_users.forget(team_id, str(user["id"]))  # what users.info said is out of date
    with deps.db.begin() as session:
        person = people_service.apply_profile(
            session, team_id=team_id, profile=profile_from_user(user), now=now
        )
        if not person.is_deleted:
            # Active again: a stop put on them because Slack refused their DM is lifted.
            deliveries_repo.lift_slack_stop(session, person=person, now=now)
    if person.is_deleted:
        deps.active.forget(team_id, person.slack_user_id)  # committed: reads now see it
