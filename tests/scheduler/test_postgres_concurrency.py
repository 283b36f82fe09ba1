"""Two scheduler processes on one PostgreSQL database send each delivery exactly once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from bot.app import create_app, deps_of
from bot.clock import ManualClock
from bot.config import Settings
from bot.scheduler import PassReport
from bot.scheduler.passes import run_scheduler_pass
from playground.emulator import SlackEmulator
from storage.engine import Database
from storage.migrate import upgrade
from tests.scheduler.helpers import make_pair

PAIRS = 60
START = datetime(2026, 12, 1, 9, tzinfo=UTC)
WEDNESDAY = datetime(2026, 12, 2, 9, tzinfo=UTC)


@pytest.mark.postgres
def test_two_concurrent_passes_send_each_delivery_once(postgres_url: str) -> None:
    upgrade(postgres_url)
    # Concurrency, not Slack's limits: opening 60 DMs at once exceeds conversations.open's tier.
    emulator = SlackEmulator(rate_limits=False).start()
    databases = [Database(postgres_url), Database(postgres_url)]
    try:
        for n in range(PAIRS):
            emulator.add_user(f"UM{n}", name=f"mentor{n}", tz="Europe/London")
            emulator.add_user(f"UE{n}", name=f"mentee{n}", tz="Europe/London")
            make_pair(databases[0], START, mentor=f"UM{n}", mentee=f"UE{n}", weekday=3)
        settings = Settings(
            bot_token=emulator.token,
            signing_secret="s",
            app_token=None,
            api_url=emulator.api_url,
            database_url=postgres_url,
            port=0,
        )
        apps = [create_app(settings, db=db, clock=ManualClock(WEDNESDAY)) for db in databases]
        reports: list[PassReport] = []
        barrier = threading.Barrier(len(apps))

        def run(index: int) -> None:
            barrier.wait()
            app = apps[index]
            reports.append(run_scheduler_pass(app.client, deps_of(app), WEDNESDAY))

        # Both processes plan and send at the same moment, twice over.
        for _ in range(2):
            threads = [threading.Thread(target=run, args=(i,)) for i in range(len(apps))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        ids = [
            call.args["metadata"]["event_payload"]["delivery_id"]
            for call in emulator.ok_calls_to("chat.postMessage")
        ]
        assert len(ids) == len(set(ids)) == PAIRS  # one come-prepared nudge per mentee
        assert sum(len(r.sent) for r in reports) == PAIRS
        assert all(r.failed == 0 for r in reports)
    finally:
        for db in databases:
            db.dispose()
        emulator.stop()
