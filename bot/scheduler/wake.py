"""The wake: the database says what is due; APScheduler only wakes a pass each minute."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from bot.scheduler.report import PassFn

logger = logging.getLogger("mentorbot.scheduler")

PASS_INTERVAL_SECONDS = 60


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
