"""The scheduler pass on the Slack side: claim due deliveries and send them."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import PassReport


def run_scheduler_pass(client: WebClient, deps: Deps, now: datetime) -> PassReport:
    """One pass as if it were `now`; returns what it sent."""
    del client, deps  # nothing is scheduled yet; the scheduler issue fills this in
    return PassReport(at=now)
