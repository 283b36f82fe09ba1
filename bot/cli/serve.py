"""`mentorbot serve`: HTTP on $PORT, or Socket Mode with `--socket`."""

from __future__ import annotations

import argparse
import signal
import threading
from typing import TYPE_CHECKING

from bot.cli.common import configure_logs, wait_for_slack
from bot.cli.database import checked_database, upgraded_database
from bot.config import Settings

if TYPE_CHECKING:  # Bolt and the app are imported when serve runs, not with the CLI
    from slack_bolt import App

    from bot.deps import Deps


def serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot import preflight
    from bot.app import create_app, deps_of

    if args.socket:
        settings.require_socket_credentials()
    else:
        settings.require_http_credentials()
    # SIGTERM (a replica being replaced) unwinds like Ctrl-C, so the search workers stop too.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    # Before logging is set up, so that a bad database is its one line (no Alembic INFO lines
    # before it). --migrate upgrades in this process: bin/run starts one Python, not two.
    db = upgraded_database(settings) if args.migrate else checked_database(settings)
    configure_logs(settings)
    wait_for_slack(lambda: preflight.check_slack(settings))
    app = create_app(settings, db=db)
    deps = deps_of(app)
    try:
        if args.socket:
            # Connected before the scheduler starts, so a refused app token is one line alone.
            _connect_socket_mode(settings, app)
            print("mentorbot: connected to Slack in Socket Mode")
        _start_background_work(app, deps)
        if args.socket:
            threading.Event().wait()  # the client's own threads serve; reconnects are theirs too
        else:
            _serve_http(settings, app)
        return 0
    finally:
        deps.searches.close()


def _start_background_work(app: App, deps: Deps) -> None:
    from bot.scheduler import PassReport, start_background
    from bot.scheduler.passes import run_scheduler_pass
    from handlers.events import finish_unfinished_events

    # Events acked before a crash whose work never ran: done now (once their lease is up).
    started = deps.clock.now()
    finish_unfinished_events(app.client, deps, started, PassReport(at=started))
    start_background(lambda now: run_scheduler_pass(app.client, deps, now), deps.clock.now)


def _serve_http(settings: Settings, app: App) -> None:
    from bot.server import SlackWsgiApp, serve_forever

    print(f"mentorbot: serving on :{settings.port} (POST /slack/events, GET /healthz)")
    serve_forever(SlackWsgiApp(app), port=settings.port, threads=settings.threads)


def _connect_socket_mode(settings: Settings, app: App) -> None:
    """Open the Socket Mode connection, waiting while Slack cannot be reached; a refused app
    token stops serve with one line naming SLACK_APP_TOKEN."""
    from bot.preflight import guard
    from bot.socket_mode import SocketModeHandler

    assert settings.app_token is not None  # require_socket_credentials checked it
    handler = SocketModeHandler(app, settings.app_token)

    def connect() -> None:
        handler.client.connect()
        if not handler.client.is_connected():  # the client logged why
            raise ConnectionError("the Socket Mode connection did not open")

    wait_for_slack(lambda: guard(connect, settings, setting="SLACK_APP_TOKEN"))


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(0)
