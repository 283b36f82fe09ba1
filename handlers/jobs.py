"""The scheduler pass on the Slack side: claim due deliveries and send them."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import PassReport
from bot.services import data_rights
from handlers.jobs_digest import run_digest_pass


def run_scheduler_pass(client: WebClient, deps: Deps, now: datetime) -> PassReport:
    """One pass as if it were `now`; returns what it sent."""
    report = PassReport(at=now)
    run_digest_pass(client, deps, now, report)  # weekly channel digests (handlers/jobs_digest.py)
    purge_expired(deps, now)
    return report


def purge_expired(deps: Deps, now: datetime) -> None:
    """Retention: drop old searches and once-only keys (see README, Security and privacy)."""
    with deps.db.begin() as session:
        data_rights.purge_expired(session, now=now)
