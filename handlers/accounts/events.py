"""A workspace's and a person's account as Slack changes them: app_uninstalled and
tokens_revoked (the app leaving a workspace), user_change (a name, timezone or deactivation)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import people as people_service
from bot.services.circles import closing as circle_closing
from bot.services.data_rights import erase, retention
from handlers.slack.event_claims import EventWork
from handlers.slack.people import profile_from_user
from storage.repositories import deliveries as deliveries_repo

logger = logging.getLogger("mentorbot.lifecycle")


def handle_event_app_uninstalled(_client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    team_id = str(body.get("team_id") or "")
    if not team_id:
        return
    # Erase first: nothing can be sent any more, and nothing stays that must go.
    with deps.db.begin() as session:
        erased = erase.erase_workspace(session, team_id=team_id, now=deps.clock.now())
    _forget_installation(deps, body, team_id, bot_only=False)
    logger.info(
        "app uninstalled; workspace erased", extra={"team_id": team_id, "people": len(erased)}
    )


def handle_event_tokens_revoked(_client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    team_id = str(body.get("team_id") or "")
    tokens = (body.get("event") or {}).get("tokens") or {}
    if not team_id or not isinstance(tokens, dict) or not tokens.get("bot"):
        return  # we hold no user tokens; nothing else to forget
    with deps.db.begin() as session:
        cancelled = retention.stop_workspace_deliveries(session, team_id=team_id)
    _forget_installation(deps, body, team_id, bot_only=True)
    logger.info(
        "bot token revoked; deliveries stop",
        extra={"team_id": team_id, "cancelled": cancelled},
    )


def _forget_installation(deps: Deps, body: dict[str, Any], team_id: str, *, bot_only: bool) -> None:
    """Multi-workspace mode: without an installation no job gets a client for the team."""
    if deps.installations is None:
        return
    enterprise_id = body.get("enterprise_id") or None
    if bot_only:
        deps.installations.delete_bot(enterprise_id=enterprise_id, team_id=team_id)
    else:
        deps.installations.delete_all(enterprise_id=enterprise_id, team_id=team_id)


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
        else:  # a deactivated mentor's circles close; their members get a kind note
            circle_closing.close_circles_of(session, mentor=person, now=now)
    if person.is_deleted:
        deps.active.forget(team_id, person.slack_user_id)  # committed: reads now see it


EVENTS: dict[str, EventWork] = {
    "app_uninstalled": handle_event_app_uninstalled,
    "tokens_revoked": handle_event_tokens_revoked,
    "user_change": handle_event_user_change,
}
