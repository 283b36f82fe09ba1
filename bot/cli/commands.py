"""`mentorbot tick`, `mentorbot manifest` and `mentorbot shell`."""

from __future__ import annotations

import argparse
from dataclasses import replace

from bot.cli.common import CliError, configure_logs, say
from bot.cli.database import checked_database
from bot.config import ConfigError, Settings


def tick(settings: Settings, args: argparse.Namespace) -> int:
    from bot import preflight
    from bot.app import create_app, deps_of
    from bot.clock import ManualClock, SystemClock, parse_iso
    from bot.scheduler.passes import run_scheduler_pass

    if not settings.bot_token and not settings.multi_workspace:
        raise ConfigError("SLACK_BOT_TOKEN", "is not set; the pass needs it to send messages")
    try:
        at = parse_iso(args.at) if args.at else SystemClock().now()
    except ValueError:
        raise CliError(f"--at {args.at!r} is not an ISO-8601 moment") from None
    db = checked_database(settings)
    configure_logs(settings)
    try:
        preflight.check_slack(settings)
    except preflight.SlackNotReady as error:
        if not error.transient:
            raise CliError(str(error)) from None
        say(f"{error}; nothing was sent, the next tick tries again")
        return 1
    # One pass, then exit: no search worker process to start (a next match ranks inline).
    app = create_app(replace(settings, search_processes=0), db=db, clock=ManualClock(at))
    report = run_scheduler_pass(app.client, deps_of(app), at)
    for line in report.sent:
        print(line)
    print(report.summary())
    return 0 if report.failed == 0 else 1


def manifest(settings: Settings, args: argparse.Namespace) -> int:
    import yaml

    from bot.manifest import build_manifest

    multi_workspace = args.multi_workspace or settings.multi_workspace
    url = _manifest_url(args, multi_workspace=multi_workspace)
    built = build_manifest(
        url,
        socket_mode=args.socket,
        multi_workspace=multi_workspace,
        redirect_uri=settings.redirect_uri,
    )
    print(yaml.safe_dump(built, sort_keys=False), end="")
    return 0


def _manifest_url(args: argparse.Namespace, *, multi_workspace: bool) -> str | None:
    """The app's public base URL from --url, or None for Socket Mode; one line when wrong."""
    from bot.manifest import public_base_url

    if args.socket:
        if args.url:
            raise CliError("--url: Socket Mode needs no public URL; leave --url out")
        if multi_workspace:
            raise CliError(
                "--socket: OAuth installs into several workspaces need HTTP mode "
                "(--url https://...)"
            )
        return None
    if not args.url:
        raise CliError("--url is required: the app's public https:// URL (or --socket)")
    try:
        return public_base_url(args.url)
    except ValueError as error:
        raise CliError(f"--url {error}") from None


def shell(settings: Settings, args: argparse.Namespace) -> int:
    try:
        from playground.shell import run_shell
    except ImportError:
        raise CliError("the playground is not part of this build yet") from None
    code: int = run_shell(settings, args)
    return code
