"""user_change: keep a person's name and timezone in step with Slack; erase those who leave."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import people as people_service
from bot.services import scheduling
from handlers.data_rights import erase_and_tell
from handlers.people import profile_from_user
from storage.repositories import people as people_repo


def register(app: App, deps: Deps) -> None:
    @app.event("user_change")
    def handle_event_user_change(
        event: dict[str, Any], body: dict[str, Any], client: WebClient
    ) -> None:
        user = event.get("user") or {}
        team_id = str(body.get("team_id") or user.get("team_id") or "")
        if not user.get("id") or not team_id:
            return
        if user.get("deleted"):
            _erase_departed(client, deps, team_id, str(user["id"]))
            return
        now = deps.clock.now()
        with deps.db.begin() as session:
            person = people_service.apply_profile(
                session, team_id=team_id, profile=profile_from_user(user), now=now
            )
            if not person.is_deleted:
                # Active again: a stop put on them because Slack refused their DM is lifted.
                scheduling.lift_slack_stop(session, person=person, now=now)


def _erase_departed(client: WebClient, deps: Deps, team_id: str, user_id: str) -> None:
    """A deactivated account: stop everything addressed to them and remove their data.

    Someone we never stored stays unstored (no row is created just to mark them deleted).
    """
    with deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=team_id, slack_user_id=user_id)
    if person is not None and person.id is not None:
        erase_and_tell(client, deps, team_id=team_id, person_id=person.id)
