"""Global middleware: one delivery per event_id, and the workspace row exists."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import App, BoltResponse

from bot.deps import Deps
from bot.logs import new_request_id
from storage.repositories import events as events_repo
from storage.repositories import people as people_repo

logger = logging.getLogger("mentorbot.middleware")

# Slack retries for about an hour at most; keep ids comfortably longer.
EVENT_ID_RETENTION = timedelta(days=2)


def register(app: App, deps: Deps) -> None:
    known_teams: set[str] = set()

    @app.middleware
    def skip_redelivered_events(
        body: dict[str, Any],
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        new_request_id(str(body.get("event_id") or body.get("trigger_id") or "") or None)
        team_id = _team_id(body)
        if team_id and team_id not in known_teams:
            with deps.db.begin() as session:
                people_repo.ensure_workspace(session, team_id=team_id, now=deps.clock.now())
            known_teams.add(team_id)
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and team_id:
            with deps.db.begin() as session:
                first = events_repo.claim_event(
                    session, team_id=team_id, event_id=str(event_id), now=deps.clock.now()
                )
            if not first:
                logger.info("skipping redelivered event", extra={"event_id": event_id})
                return BoltResponse(status=200, body="")
        return next()


def _team_id(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team and isinstance(body.get("user"), dict):
        team = body["user"].get("team_id")
    return str(team) if team else None
