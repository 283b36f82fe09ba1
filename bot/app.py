"""The app factory: a Bolt App wired to our handlers, storage and clock."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.deps import Deps
from bot.executor import TrackingExecutor
from bot.request_checks import was_verified
from bot.search_worker import make_searches
from handlers.slack.apology import APOLOGY, apologize
from handlers.slack.payload import team_of
from handlers.slack.retry_after import retry_after_seconds
from storage.engine import Database

logger = logging.getLogger("mentorbot")

__all__ = ["APOLOGY", "create_app", "deps_of", "make_web_client", "was_verified"]


class RetryAfterHandler(RateLimitErrorRetryHandler):
    """Wait what Slack's Retry-After says, plus at most 100 ms of jitter.

    slack_sdk's handler adds up to a whole second of jitter, which at a steady rate limit wastes
    up to half the allowed sends; a little jitter is enough to keep processes apart.
    """

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,  # noqa: ARG002 - the base class's signature
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        if response is None:
            raise error or RuntimeError("no response to retry")
        wait = retry_after_seconds(response.headers)
        state.next_attempt_requested = True
        time.sleep(wait + random.uniform(0, 0.1))  # noqa: S311 - jitter, not security
        state.increment_current_attempt()


def make_web_client(settings: Settings, *, token: str | None = None) -> WebClient:
    """A WebClient that retries rate limits (honouring Retry-After), connection errors and 5xx."""
    return WebClient(
        token=token or settings.bot_token,
        base_url=settings.api_url,
        timeout=10,
        retry_handlers=[
            RetryAfterHandler(max_retry_count=3),
            ConnectionErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def create_app(
    settings: Settings,
    *,
    db: Database,
    client: WebClient | None = None,
    clock: Clock | None = None,
) -> App:
    """Build the Bolt app; nothing global, everything injectable."""
    from handlers import register_all

    deps = _make_deps(settings, db, clock or SystemClock())
    client = client or make_web_client(settings)
    oauth_flow = None
    if settings.multi_workspace:
        from bot.oauth import build_oauth_flow

        oauth_flow, deps.installations = build_oauth_flow(settings, db.engine, client)
    app = App(
        # Named, or Bolt names the app after its caller's file with inspect.stack(), which
        # reads the source of every module on the stack: some 50 ms of every start.
        name="mentorbot",
        client=client,
        oauth_flow=oauth_flow,
        signing_secret=settings.signing_secret or "",
        # auth.test at start-up would make constructing the app need the network.
        token_verification_enabled=False,
        listener_executor=deps.executor,
        raise_error_for_unhandled_request=False,
        logger=logging.getLogger("mentorbot.bolt"),
    )
    app._mentorbot_deps = deps  # type: ignore[attr-defined]  # for the server, CLI and tests
    register_all(app, deps)
    app.error(_error_handler(deps))
    return app


def _make_deps(settings: Settings, db: Database, clock: Clock) -> Deps:
    deps = Deps(
        settings=settings,
        db=db,
        clock=clock,
        executor=TrackingExecutor(max_workers=settings.threads),
    )
    deps.searches = make_searches(db, deps.executor, processes=settings.search_processes)
    return deps


def _error_handler(deps: Deps) -> Callable[..., None]:
    """The one error handler: log one line, and apologise only to a verified request whose
    answer certainly did not reach Slack."""

    def handle_error(
        error: Exception,
        body: dict[str, Any],
        request: BoltRequest,
        respond: Any,
        client: WebClient,
    ) -> None:
        logger.error(
            "listener failed",
            exc_info=error,
            extra={"payload_type": body.get("type"), "team_id": team_of(body) or None},
        )
        if not was_verified(request):
            return  # nothing an unverified request names is written to or posted to
        apologize(body, respond, client, api_url=deps.settings.api_url, error=error)
        if body.get("type") == "view_submission":
            from handlers.slack.middleware import release_view_claim

            release_view_claim(deps, body)  # the person may submit the same form again

    return handle_error


def deps_of(app: App) -> Deps:
    """The Deps the factory attached to this app."""
    deps = app._mentorbot_deps  # type: ignore[attr-defined]
    assert isinstance(deps, Deps)
    return deps
