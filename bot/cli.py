"""The `mentorbot` command: serve, migrate, tick, manifest, shell."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from dataclasses import replace

from bot.config import ConfigError, Settings, load_settings


class CliError(Exception):
    """A problem the person can fix; printed as one line, exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from dotenv import load_dotenv

        load_dotenv(os.environ.get("MENTORBOT_ENV_FILE", ".env"), override=False)
        # .env.example's blank `SLACK_CLIENT_ID=` lines load as empty strings, and Bolt turns
        # OAuth on when these two are merely present: a copied example would break the app.
        for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
            if os.environ.get(name) == "":
                del os.environ[name]
        settings = load_settings(os.environ)
        code: int = args.run(settings, args)
        return code
    except ConfigError as error:
        print(f"mentorbot: {error.name} {str(error).split(': ', 1)[1]}", file=sys.stderr)
        return 2
    except CliError as error:
        print(f"mentorbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentorbot", description=__doc__)
    subs = parser.add_subparsers(dest="command", required=True)

    serve = subs.add_parser("serve", help="run the app (HTTP on $PORT, or Socket Mode)")
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (SLACK_APP_TOKEN)")
    serve.set_defaults(run=_serve)

    migrate = subs.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=_migrate)

    tick = subs.add_parser("tick", help="run one scheduler pass and exit")
    tick.add_argument("--at", help="ISO-8601 moment to run the pass as (default: now)")
    tick.set_defaults(run=_tick)

    manifest = subs.add_parser("manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument("--url", help="public base URL of this app, e.g. https://bot.example.com")
    manifest.add_argument("--socket", action="store_true", help="a Socket Mode manifest")
    manifest.set_defaults(run=_manifest)

    shell = subs.add_parser("shell", help="the offline playground: no Slack needed")
    shell.add_argument("--db", help="keep the playground database in this SQLite file")
    shell.add_argument("--demo", action="store_true", help="load a sample workspace")
    shell.add_argument("--script", help="read commands from this file and print the transcript")
    shell.set_defaults(run=_shell)
    return parser


def _open_database(settings: Settings) -> object:
    from sqlalchemy.exc import SQLAlchemyError

    from storage.engine import Database

    try:
        db = Database(settings.database_url, pool_size=settings.db_pool_size)
        with db.engine.connect():
            pass
    except (SQLAlchemyError, ImportError) as error:
        reason = str(error).splitlines()[0][:200]
        raise CliError(f"DATABASE_URL: cannot open the database ({reason})") from None
    return db


def _checked_database(settings: Settings) -> object:
    from storage.engine import Database
    from storage.migrate import is_up_to_date

    db = _open_database(settings)
    assert isinstance(db, Database)
    if not is_up_to_date(db.engine):
        raise CliError("the database schema is out of date; run `mentorbot migrate` first")
    return db


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot import logs
    from bot.app import create_app
    from bot.scheduler import PassReport, start_background
    from bot.server import SlackWsgiApp, serve_forever
    from handlers.events import finish_unfinished_events
    from handlers.jobs import run_scheduler_pass
    from storage.engine import Database

    if args.socket:
        settings.require_socket_credentials()
    else:
        settings.require_http_credentials()
    logs.configure(
        settings.log_level,
        settings.log_format,
        (settings.bot_token, settings.signing_secret, settings.app_token, settings.client_secret),
    )
    db = _checked_database(settings)
    assert isinstance(db, Database)
    app = create_app(settings, db=db)
    from bot.app import deps_of

    deps = deps_of(app)
    # Events acked before a crash whose work never ran: done now (once their lease is up).
    started = deps.clock.now()
    finish_unfinished_events(app.client, deps, started, PassReport(at=started))
    start_background(lambda now: run_scheduler_pass(app.client, deps, now), deps.clock.now)
    # SIGTERM (a replica being replaced) unwinds like Ctrl-C, so the search workers stop too.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        if args.socket:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            SocketModeHandler(app, settings.app_token).start()  # type: ignore[no-untyped-call]
            return 0
        print(f"mentorbot: serving on :{settings.port} (POST /slack/events, GET /healthz)")
        serve_forever(SlackWsgiApp(app), port=settings.port, threads=settings.threads)
        return 0
    finally:
        deps.searches.close()


def _exit_on_sigterm(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from storage.engine import Database
    from storage.migrate import current_revision, upgrade

    db = _open_database(settings)
    assert isinstance(db, Database)
    before = current_revision(db.engine)
    upgrade(settings.database_url)
    after = current_revision(db.engine)
    db.dispose()
    if before == after:
        print(f"mentorbot: schema already at {after}")
    else:
        print(f"mentorbot: schema upgraded from {before or 'empty'} to {after}")
    return 0


def _tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import create_app, deps_of
    from bot.clock import ManualClock, SystemClock, parse_iso
    from handlers.jobs import run_scheduler_pass
    from storage.engine import Database

    if not settings.bot_token:
        raise ConfigError("SLACK_BOT_TOKEN", "is not set; the pass needs it to send messages")
    try:
        at = parse_iso(args.at) if args.at else SystemClock().now()
    except ValueError:
        raise CliError(f"--at {args.at!r} is not an ISO-8601 moment") from None
    db = _checked_database(settings)
    assert isinstance(db, Database)
    # One pass, then exit: no search worker process to start (a next match ranks inline).
    app = create_app(replace(settings, search_processes=0), db=db, clock=ManualClock(at))
    report = run_scheduler_pass(app.client, deps_of(app), at)
    for line in report.sent:
        print(line)
    print(report.summary())
    return 0 if report.failed == 0 else 1


def _manifest(_settings: Settings, args: argparse.Namespace) -> int:
    import yaml

    from bot.manifest import build_manifest

    print(
        yaml.safe_dump(build_manifest(args.url, socket_mode=args.socket), sort_keys=False), end=""
    )
    return 0


def _shell(settings: Settings, args: argparse.Namespace) -> int:
    try:
        from bot.playground.shell import run_shell
    except ImportError:
        raise CliError("the playground is not part of this build yet") from None
    code: int = run_shell(settings, args)
    return code


if __name__ == "__main__":
    sys.exit(main())
