"""What the commands share: the one-line error, and logging set up for a long run."""

from __future__ import annotations

import sys
from collections.abc import Callable

from bot.config import Settings


class CliError(Exception):
    """A problem the person can fix; printed as one line, exit code 2."""


def say(line: str) -> None:
    """One line for the operator, on stderr."""
    print(f"mentorbot: {line}", file=sys.stderr, flush=True)


def configure_logs(settings: Settings) -> None:
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


def wait_for_slack(check: Callable[[], None]) -> None:
    """Retry `check` with back-off while Slack cannot be reached; a refused credential stops
    the command with its one line."""
    from bot.preflight import SlackNotReady
    from bot.preflight import wait_for_slack as wait

    try:
        wait(check, say)
    except SlackNotReady as refused:
        raise CliError(str(refused)) from None
