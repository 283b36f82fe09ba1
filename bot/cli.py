"""The `mentorbot` command: serve, migrate, tick, manifest, shell, match."""

from __future__ import annotations

import argparse
import io
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config import ConfigError, Settings, load_settings, tidy_environment


class CliError(Exception):
    """A problem the person can fix; printed as one line, exit code 2."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = settings_from_environment()
        with _slack_environment_hidden():
            code: int = args.run(settings, args)
        return code
    except ConfigError as error:
        _say(f"{error.name} {error.problem}")
        return 2
    except CliError as error:
        _say(str(error))
        return 2
    except KeyboardInterrupt:
        return 130


def _say(line: str) -> None:
    print(f"mentorbot: {line}", file=sys.stderr, flush=True)


def main_mode() -> int:
    """Print what `bin/run` starts: "http", "socket", or "shell" (the playground) when no Slack
    credentials are set. The settings are read and checked as every command reads them."""
    try:
        settings = settings_from_environment()
    except ConfigError as error:
        _say(f"{error.name} {error.problem}")
        return 2
    if settings.signing_secret and (settings.bot_token or settings.multi_workspace):
        print("http")
    elif settings.bot_token and settings.app_token:
        print("socket")
    else:
        print("shell")
    return 0


def settings_from_environment() -> Settings:
    """Settings from the process environment over `.env` (MENTORBOT_ENV_FILE, the real
    environment wins), where an empty value counts as unset."""
    merged = read_env_file(Path(os.environ.get("MENTORBOT_ENV_FILE", ".env")))
    merged.update({name: value for name, value in os.environ.items() if value.strip()})
    tidy, notes = tidy_environment(merged)
    for note in notes:
        _say(note)
    return load_settings(tidy)


@contextmanager
def _slack_environment_hidden() -> Iterator[None]:
    """No SLACK_* variable in the process environment while a command runs: Bolt and slack_sdk
    read some on their own (SLACK_CLIENT_ID, even empty, turns on Bolt's file-based OAuth
    store), and must act only on the settings we hand them."""
    hidden = {name: value for name, value in os.environ.items() if name.startswith("SLACK_")}
    for name in hidden:
        del os.environ[name]
    try:
        yield
    finally:
        os.environ.update(hidden)


def read_env_file(path: Path) -> dict[str, str]:
    """The assignments of a `.env` file (quotes, `export ` and CRLF line ends as a shell reads
    them); a line that cannot be read is a ConfigError naming it. No file: nothing."""
    from dotenv.parser import parse_stream

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError("MENTORBOT_ENV_FILE", f"cannot read {path} ({error})") from None
    values: dict[str, str] = {}
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            statement = binding.original.string
            # The statement may start with blank lines; name the line where it really starts.
            blank = statement[: len(statement) - len(statement.lstrip())]
            line = binding.original.line + blank.count("\n")
            named = re.match(r"\s*(?:export\s+)?([A-Za-z_]\w*)\s*=", statement)
            raise ConfigError(
                named.group(1) if named else str(path),
                f"cannot be read from {path} (line {line}); check its quotes",
            )
        if binding.key is not None and binding.value is not None:
            values[binding.key] = binding.value
    return values


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentorbot", description=__doc__)
    subs = parser.add_subparsers(dest="command", required=True)

    serve = subs.add_parser("serve", help="run the app (HTTP on $PORT, or Socket Mode)")
    serve.add_argument("--socket", action="store_true", help="use Socket Mode (SLACK_APP_TOKEN)")
    serve.add_argument(
        "--migrate", action="store_true", help="bring the database schema up to date first"
    )
    serve.set_defaults(run=_serve)

    migrate = subs.add_parser("migrate", help="bring the database schema up to date")
    migrate.set_defaults(run=_migrate)

    tick = subs.add_parser("tick", help="run one scheduler pass and exit")
    tick.add_argument("--at", help="ISO-8601 moment to run the pass as (default: now)")
    tick.set_defaults(run=_tick)

    manifest = subs.add_parser("manifest", help="print the Slack app manifest (YAML)")
    manifest.add_argument(
        "--url", help="public https:// URL of this app, e.g. https://bot.example.com (HTTP mode)"
    )
    manifest.add_argument("--socket", action="store_true", help="a Socket Mode manifest")
    manifest.add_argument(
        "--multi-workspace",
        action="store_true",
        help="for OAuth installs (implied by SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)",
    )
    manifest.set_defaults(run=_manifest)

    shell = subs.add_parser("shell", help="the offline playground: no Slack needed")
    shell.add_argument("--db", help="keep the playground database in this SQLite file")
    shell.add_argument("--demo", action="store_true", help="load a sample workspace")
    shell.add_argument("--script", help="read commands from this file and print the transcript")
    shell.set_defaults(run=_shell)

    from bot import cli_match  # its own module (issue 18); it imports its services when run

    cli_match.add_parser(subs, open_database=_checked_database)
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
    from bot import preflight
    from bot.app import create_app, deps_of
    from bot.scheduler import PassReport, start_background
    from bot.scheduler.passes import run_scheduler_pass
    from bot.server import SlackWsgiApp, serve_forever
    from handlers.events import finish_unfinished_events
    from storage.engine import Database

    if args.socket:
        settings.require_socket_credentials()
    else:
        settings.require_http_credentials()
    # SIGTERM (a replica being replaced) unwinds like Ctrl-C, so the search workers stop too.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    if args.migrate:  # in this process: bin/run starts one Python instead of two
        _migrate(settings, args)
    # Checked before logging is set up, so that a bad database is its one line (no Alembic
    # INFO lines before it).
    db = _checked_database(settings)
    assert isinstance(db, Database)
    _configure_logs(settings)
    _wait_for_slack(lambda: preflight.check_slack(settings))
    app = create_app(settings, db=db)
    deps = deps_of(app)
    # Events acked before a crash whose work never ran: done now (once their lease is up).
    started = deps.clock.now()
    finish_unfinished_events(app.client, deps, started, PassReport(at=started))
    start_background(lambda now: run_scheduler_pass(app.client, deps, now), deps.clock.now)
    try:
        if args.socket:
            _serve_socket_mode(settings, app)
            return 0
        print(f"mentorbot: serving on :{settings.port} (POST /slack/events, GET /healthz)")
        serve_forever(SlackWsgiApp(app), port=settings.port, threads=settings.threads)
        return 0
    finally:
        deps.searches.close()


def _configure_logs(settings: Settings) -> None:
    import logging

    from bot import logs

    logs.configure(
        settings.log_level,
        settings.log_format,
        (settings.bot_token, settings.signing_secret, settings.app_token, settings.client_secret),
    )
    # slack_sdk logs every failed request at ERROR (and each retry at INFO), then raises; what
    # it raises is told once, by whoever made the call, so Slack being down is not a flood.
    logging.getLogger("slack_sdk.web.base_client").setLevel(logging.CRITICAL)


def _wait_for_slack(check: Callable[[], None]) -> None:
    """Retry `check` with back-off while Slack cannot be reached; a refused credential stops
    serve with its one line."""
    from bot.preflight import SlackNotReady, wait_for_slack

    try:
        wait_for_slack(check, _say)
    except SlackNotReady as refused:
        raise CliError(str(refused)) from None


def _serve_socket_mode(settings: Settings, app: Any) -> None:
    import threading

    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.preflight import guard

    handler = SocketModeHandler(app, settings.app_token)
    _wait_for_slack(lambda: guard(handler.connect, settings, setting="SLACK_APP_TOKEN"))
    print("mentorbot: connected to Slack in Socket Mode")
    threading.Event().wait()  # the handler's own threads serve; reconnects are theirs too


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
    from bot import preflight
    from bot.app import create_app, deps_of
    from bot.clock import ManualClock, SystemClock, parse_iso
    from bot.scheduler.passes import run_scheduler_pass
    from storage.engine import Database

    if not settings.bot_token and not settings.multi_workspace:
        raise ConfigError("SLACK_BOT_TOKEN", "is not set; the pass needs it to send messages")
    try:
        at = parse_iso(args.at) if args.at else SystemClock().now()
    except ValueError:
        raise CliError(f"--at {args.at!r} is not an ISO-8601 moment") from None
    db = _checked_database(settings)
    assert isinstance(db, Database)
    _configure_logs(settings)
    try:
        preflight.check_slack(settings)
    except preflight.SlackNotReady as error:
        if not error.transient:
            raise CliError(str(error)) from None
        _say(f"{error}; nothing was sent, the next tick tries again")
        return 1
    # One pass, then exit: no search worker process to start (a next match ranks inline).
    app = create_app(replace(settings, search_processes=0), db=db, clock=ManualClock(at))
    report = run_scheduler_pass(app.client, deps_of(app), at)
    for line in report.sent:
        print(line)
    print(report.summary())
    return 0 if report.failed == 0 else 1


def _manifest(settings: Settings, args: argparse.Namespace) -> int:
    import yaml

    from bot.manifest import build_manifest, public_base_url

    multi_workspace = args.multi_workspace or settings.multi_workspace
    if args.socket:
        if args.url:
            raise CliError("--url: Socket Mode needs no public URL; leave --url out")
        if multi_workspace:
            raise CliError(
                "--socket: OAuth installs into several workspaces need HTTP mode "
                "(--url https://...)"
            )
        url = None
    elif not args.url:
        raise CliError("--url is required: the app's public https:// URL (or --socket)")
    else:
        try:
            url = public_base_url(args.url)
        except ValueError as error:
            raise CliError(f"--url {error}") from None
    manifest = build_manifest(
        url,
        socket_mode=args.socket,
        multi_workspace=multi_workspace,
        redirect_uri=settings.redirect_uri,
    )
    print(yaml.safe_dump(manifest, sort_keys=False), end="")
    return 0


def _shell(settings: Settings, args: argparse.Namespace) -> int:
    try:
        from playground.shell import run_shell
    except ImportError:
        raise CliError("the playground is not part of this build yet") from None
    code: int = run_shell(settings, args)
    return code


if __name__ == "__main__":
    sys.exit(main())
