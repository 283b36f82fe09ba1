"""What every handler and job needs, built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.active_accounts import RecentlyActive, RecentUsers
from bot.clock import Clock
from bot.config import Settings
from bot.executor import TrackingExecutor
from bot.search_worker import Searches
from storage.engine import Database


@dataclass
class Deps:
    settings: Settings
    db: Database
    clock: Clock
    executor: TrackingExecutor = field(default_factory=TrackingExecutor)
    # slack_sdk InstallationStore in multi-workspace mode; None with a single SLACK_BOT_TOKEN.
    installations: Any = None
    # Where rankings run (bot/search_worker.py); in the calling thread unless the app factory
    # starts worker processes.
    searches: Searches = field(init=False)
    # Accounts seen active a moment ago: the ack path's deactivation check skips the database.
    active: RecentlyActive = field(default_factory=RecentlyActive)
    # users.info answers of a moment ago: the first request of someone new asks Slack once.
    slack_users: RecentUsers = field(default_factory=RecentUsers)

    def __post_init__(self) -> None:
        self.searches = Searches(self.db, self.executor)
