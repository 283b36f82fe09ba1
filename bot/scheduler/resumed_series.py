"""A pause that ran out: the scheduler made the pair active again while planning, and this
source of due work (after the planning, see passes.py) starts its agreed series again in both
people's calendars (same UID, a higher SEQUENCE), once across passes and replicas."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler.report import PassReport
from bot.scheduler.sending import TeamClients
from bot.services.calendar import changes
from handlers.calendar.invites import send_invites

logger = logging.getLogger("mentorbot.calendar")
BATCH = 100
MAX_BATCHES = 1000  # a guard: each batch leaves the paused state behind


def restart_resumed_series(
    client: WebClient, deps: Deps, now: datetime, report: PassReport
) -> None:
    """Send the restarted series of every pair whose pause ended in this pass's planning."""
    clients = TeamClients(client, deps)
    for _ in range(MAX_BATCHES):
        with deps.db.begin() as session:
            restarted = changes.restart_lifted_pauses(session, now=now, limit=BATCH)
        for view in restarted:
            team_client = clients.get(view.pair.team_id)
            if team_client is None:
                continue
            try:
                send_invites(team_client, deps, view)
            except Exception:  # noqa: BLE001 - one pair's failure must not stop the others
                logger.exception("resumed invite failed", extra={"pair_id": view.pair.id})
                report.failed += 1
        if len(restarted) < BATCH:
            return
