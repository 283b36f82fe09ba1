"""The baseline: a Bolt app that acks every command, action and event and does nothing else,
behind the same server as mentorbot (bot/server.py on waitress, MENTORBOT_THREADS threads).

    PORT=3001 SLACK_SIGNING_SECRET=... DATABASE_URL=... python -m bench.bare_app
"""

from __future__ import annotations

import os
import re
from typing import Any

from slack_bolt import Ack, App

from bot.app import make_web_client
from bot.clock import SystemClock
from bot.config import Settings, load_settings
from bot.deps import Deps
from bot.executor import TrackingExecutor
from bot.server import SlackWsgiApp, serve_forever
from storage.engine import Database

ANYTHING = re.compile(".*")


def build_bare_app(settings: Settings) -> App:
    deps = Deps(
        settings=settings,
        db=Database(settings.database_url, pool_size=settings.db_pool_size),
        clock=SystemClock(),
        executor=TrackingExecutor(max_workers=settings.threads),
    )
    app = App(
        client=make_web_client(settings),
        signing_secret=settings.signing_secret or "",
        token_verification_enabled=False,
        listener_executor=deps.executor,
        raise_error_for_unhandled_request=False,
    )
    app._mentorbot_deps = deps  # type: ignore[attr-defined]  # the server's /healthz reads it

    def just_ack(ack: Ack, **_: Any) -> None:
        ack()

    app.command(ANYTHING)(just_ack)
    app.action(ANYTHING)(just_ack)
    app.view(ANYTHING)(just_ack)
    app.event(ANYTHING)(just_ack)
    app.event("message")(just_ack)
    return app


def main() -> None:
    settings = load_settings(os.environ)
    serve_forever(
        SlackWsgiApp(build_bare_app(settings)), port=settings.port, threads=settings.threads
    )


if __name__ == "__main__":
    main()
