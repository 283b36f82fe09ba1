"""The scheduler: the database says what is due; APScheduler only wakes a pass each minute."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

logger = logging.getLogger("mentorbot.scheduler")

PASS_INTERVAL_SECONDS = 60


@dataclass
class PassReport:
    """What one pass did: a line per delivery sent, and counts for the summary line."""

    at: datetime
    sent: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (
            f"pass at {self.at.isoformat()}: {len(self.sent)} sent, "
            f"{self.skipped} skipped, {self.failed} failed"
        )


PassFn = Callable[[datetime], PassReport]


def start_background(run_pass: PassFn, now: Callable[[], datetime]) -> object:
    """Start APScheduler in UTC, running one pass a minute, never two at once in this process."""
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone="UTC")

    def wake() -> None:
        try:
            report = run_pass(now())
            if report.sent or report.failed:
                logger.info(report.summary())
        except Exception:
            logger.exception("scheduler pass failed")

    scheduler.add_job(
        wake,
        "interval",
        seconds=PASS_INTERVAL_SECONDS,
        id="scheduler-pass",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=PASS_INTERVAL_SECONDS,
    )
    scheduler.start()
    return scheduler
