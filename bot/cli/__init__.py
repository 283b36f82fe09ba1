"""The `mentorbot` command: serve, migrate, tick, manifest, shell, match, report."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bot.cli import match, report
from bot.cli.commands import manifest, shell, tick
from bot.cli.common import CliError, say
from bot.cli.database import checked_database, migrate
from bot.cli.environment import read_env_file, settings_from_environment, slack_environment_hidden
from bot.cli.serve import serve
from bot.config import ConfigError

__all__ = ["CliError", "main", "main_mode", "read_env_file", "settings_from_environment"]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = settings_from_environment()
        with slack_environment_hidden():
            code: int = args.run(settings, args)
        return code
    except ConfigError as error:
        say(f"{error.name} {error.problem}")
        return 2
    except CliError as error:
        say(str(error))
        return 2
    except KeyboardInterrupt:
        return 130


def main_mode() -> int:
    """Print what `bin/run` starts: "http", "socket", or "shell" (the playground) when no Slack
    credentials are set. The settings are read and checked as every command reads them."""
    try:
        settings = settings_from_environment()
    except ConfigError as error:
        say(f"{error.name} {error.problem}")
        return 2
    if settings.signing_secret and (settings.bot_token or settings.multi_workspace):
        print("http")
    elif settings.bot_token and settings.app_token:
        print("socket")
    else:
        print("shell")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentorbot", description=__doc__)
    subs = parser.add_subparsers(dest="command", required=True)

    serving = subs.add_parser("serve", help="run the app (HTTP on $PORT, or Socket Mode)")
    serving.add_argument("--socket", action="store_true", help="use Socket Mode (SLACK_APP_TOKEN)")
    serving.add_argument(
        "--migrate", action="store_true", help="bring the database schema up to date first"
    )
    serving.set_defaults(run=serve)

    migrating = subs.add_parser("migrate", help="bring the database schema up to date")
    migrating.set_defaults(run=migrate)

    ticking = subs.add_parser("tick", help="run one scheduler pass and exit")
    ticking.add_argument("--at", help="ISO-8601 moment to run the pass as (default: now)")
    ticking.set_defaults(run=tick)

    manifesting = subs.add_parser("manifest", help="print the Slack app manifest (YAML)")
    manifesting.add_argument(
        "--url", help="public https:// URL of this app, e.g. https://bot.example.com (HTTP mode)"
    )
    manifesting.add_argument("--socket", action="store_true", help="a Socket Mode manifest")
    manifesting.add_argument(
        "--multi-workspace",
        action="store_true",
        help="for OAuth installs (implied by SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)",
    )
    manifesting.set_defaults(run=manifest)

    shelling = subs.add_parser("shell", help="the offline playground: no Slack needed")
    shelling.add_argument("--db", help="keep the playground database in this SQLite file")
    shelling.add_argument("--demo", action="store_true", help="load a sample workspace")
    shelling.add_argument("--script", help="read commands from this file and print the transcript")
    shelling.set_defaults(run=shell)

    match.add_parser(subs, open_database=checked_database)
    report.add_parser(subs, open_database=checked_database)
    return parser
