"""Retention as one source of the scheduler pass (see README, "Security and privacy")."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import PassReport
from bot.services.data_rights import retention
from handlers.data_rights.rights import erase_and_tell
from handlers.slack.team_clients import client_for_team


def purge_expired(client: WebClient, deps: Deps, now: datetime, _report: PassReport) -> None:
    """Drop old searches and once-only keys; erase accounts deactivated past the grace period
    (their former partners get the kind note)."""
    with deps.db.begin() as session:
        retention.purge_expired(session, now=now)
        departed = retention.departed_to_erase(session, now=now)
    for team_id, person_id in departed:
        team_client = client_for_team(client, deps, team_id)
        erase_and_tell(team_client, deps, team_id=team_id, person_id=person_id)
