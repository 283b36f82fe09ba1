"""What every handler and job needs, built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.config import Settings
from bot.executor import TrackingExecutor
from storage.engine import Database


@dataclass
class Deps:
    settings: Settings
    db: Database
    clock: Clock
    executor: TrackingExecutor = field(default_factory=TrackingExecutor)
