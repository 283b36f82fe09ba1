"""Retention as one source of the scheduler pass (see README, "Security and privacy")."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import PassReport
from bot.services import data_rights


def purge_expired(_client: WebClient, deps: Deps, now: datetime, _report: PassReport) -> None:
    """Drop old searches and once-only keys."""
    with deps.db.begin() as session:
        data_rights.purge_expired(session, now=now)
