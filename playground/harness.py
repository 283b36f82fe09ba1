"""The real app, a real HTTP server and the Slack emulator, wired together.

Used by the handler tests and by `mentorbot shell`: nothing is faked past the Slack boundary.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.app import create_app, deps_of, make_web_client
from bot.clock import ManualClock
from bot.config import Settings
from bot.deps import Deps
from bot.scheduler import PassReport
from bot.server import BackgroundServer, SlackWsgiApp
from playground.acting import ActsAsSlack
from playground.emulator import SlackEmulator
from playground.signed_client import SignedSlackClient
from storage.engine import Database

SIGNING_SECRET = "emulator-signing-secret"
DEFAULT_START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday morning


class Harness(ActsAsSlack):
    """Starts the emulator, the app and its HTTP server; sends signed requests and waits."""

    def __init__(
        self,
        database_url: str,
        *,
        start: datetime = DEFAULT_START,
        emulator: SlackEmulator | None = None,
        strict: bool = True,
        rate_limits: bool = True,
        **settings_overrides: Any,
    ) -> None:
        """`rate_limits=False` switches off Slack's rate tiers, for tests that burst calls."""
        self.emulator = emulator or SlackEmulator(strict=strict, rate_limits=rate_limits)
        self.clock = ManualClock(start)
        self.database_url = database_url
        self._overrides = settings_overrides
        self._server: BackgroundServer | None = None

    def start(self) -> Harness:
        self.emulator.start()
        self.settings = Settings(
            bot_token=self.emulator.token,
            signing_secret=SIGNING_SECRET,
            app_token=None,
            api_url=self.emulator.api_url,
            database_url=self.database_url,
            port=0,
        )
        self.settings = replace(self.settings, **self._overrides)
        self.db = Database(self.database_url)
        self.app = create_app(
            self.settings, db=self.db, client=make_web_client(self.settings), clock=self.clock
        )
        self._server = BackgroundServer(SlackWsgiApp(self.app)).start()
        self._slack = SignedSlackClient(
            f"{self._server.url}/slack/events",
            SIGNING_SECRET,
            team_id=self.emulator.team_id,
            trigger_ids=self.emulator.new_trigger_id,
            response_urls=self.emulator.response_url,
        )
        return self

    def stop(self) -> None:
        if self._server is not None:
            self.deps.executor.wait_idle(timeout=10)
            self._server.stop()
            self.deps.executor.shutdown(wait=True)
        self.db.dispose()
        self.emulator.stop()

    def __enter__(self) -> Harness:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def deps(self) -> Deps:
        return deps_of(self.app)

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return self._server.url

    @property
    def slack(self) -> SignedSlackClient:
        return self._slack

    def settle(self) -> None:
        """Wait until the app has finished the work it started after acking."""
        if not self.deps.executor.wait_idle(timeout=20):
            raise TimeoutError("listeners still running after 20 s")

    def tick(self, at: datetime | None = None) -> PassReport:
        """Run one scheduler pass at `at` (default: the harness clock's now)."""
        from bot.scheduler.passes import run_scheduler_pass

        if at is not None:
            self.clock.set(at)
        report = run_scheduler_pass(self.app.client, self.deps, self.clock.now())
        self.settle()
        return report

    def with_settings(self, **changes: Any) -> Settings:
        return replace(self.settings, **changes)
