"""Before serving: does Slack answer, and does it take our token? Told in one line when not."""

from __future__ import annotations

import logging
import socket
import time
import urllib.error
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings

# Slack's answers that mean the credential itself is refused: retrying cannot help.
REFUSED = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
    }
)
_SILENT = logging.getLogger("mentorbot.preflight.slack_sdk")
_SILENT.disabled = True
FIRST_DELAY_S = 1.0
LONGEST_DELAY_S = 60.0


class SlackNotReady(Exception):
    """Slack cannot be used yet; the message is the one line to print.

    `transient` when waiting may help (unreachable, 5xx); not when a credential is refused.
    """

    def __init__(self, line: str, *, transient: bool) -> None:
        super().__init__(line)
        self.transient = transient


def check_slack(settings: Settings) -> None:
    """auth.test with the bot token (api.test in multi-workspace mode, which has none)."""
    # One attempt per check (the waiting is ours), and slack_sdk's own error lines stay out:
    # the failure is told once, by the caller.
    client = WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=10,
        retry_handlers=[],
        logger=_SILENT,
    )
    call = client.auth_test if settings.bot_token else client.api_test
    guard(call, settings, setting="SLACK_BOT_TOKEN")


def guard(call: Callable[[], object], settings: Settings, *, setting: str) -> None:
    """Run one Slack call; raise SlackNotReady with a line naming what to check if it fails."""
    where = settings.api_url
    try:
        call()
    except SlackApiError as error:
        status = int(error.response.status_code)
        code = str(error.response.get("error") or f"HTTP {status}")
        if code in REFUSED:
            raise SlackNotReady(
                f"{setting}: Slack refused it ({code}); copy it again from the app's settings "
                "on api.slack.com",
                transient=False,
            ) from None
        raise SlackNotReady(
            f"Slack at {where} answered {code} (HTTP {status}); check SLACK_API_URL",
            transient=True,
        ) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SlackNotReady(
            f"cannot reach Slack at {where} ({describe(error)}); check SLACK_API_URL and "
            "the network",
            transient=True,
        ) from None


def describe(error: BaseException) -> str:
    """A few words for a network error: 'connection refused', 'host not found', ..."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, TimeoutError):
        return "timed out"
    text = str(reason).strip() or type(reason).__name__
    return text.splitlines()[0][:120]


def wait_for_slack(
    check: Callable[[], None],
    say: Callable[[str], None],
    *,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run `check` until it passes, saying each transient failure in one line and waiting
    longer each time (1 s, 2 s, 4 s, ... up to a minute); a refusal is raised at once."""
    delay = FIRST_DELAY_S
    while True:
        try:
            check()
            return
        except SlackNotReady as error:
            if not error.transient:
                raise
            say(f"{error}; trying again in {delay:g} s")
        sleep(delay)
        delay = min(delay * 2, LONGEST_DELAY_S)
