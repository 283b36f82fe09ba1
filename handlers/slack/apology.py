"""The apology a person gets when a listener fails, and only when it is true.

A call that timed out on our side may still have reached Slack; apologising for it would put
"something went wrong" under the very reply it claims is missing. So a timeout is answered only
after looking, where the bot can look (its DM), and otherwise left to the log.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.request_checks import is_slack_url

logger = logging.getLogger("mentorbot")

# It promises nothing about what was stored: a failure can come before or after the write.
APOLOGY = (
    "Sorry, something went wrong on my side and I couldn't finish that. "
    "Please try again in a minute."
)
# Our own reply to a DM lands within a few messages of the person's.
_LOOKBACK = 10


class NotThere(Exception):
    """Raised after a timeout once the bot looked and its message is not there: the call
    certainly did not post, so the apology need not wait and look again."""


def apologize(
    body: dict[str, Any],
    respond: Any,
    client: WebClient,
    *,
    api_url: str,
    error: BaseException | None = None,
) -> None:
    """Tell the person instead of leaving them in silence; never raise from here."""
    try:
        event = body.get("event") or {}
        in_dm = event.get("channel_type") == "im" and event.get("user") and not event.get("bot_id")
        if error is not None and may_have_arrived(error):
            if not in_dm or _bot_replied_since(client, event, wait=settling_time(client)):
                logger.info("no apology: a call timed out and its message may have arrived")
                return
        response_url = body.get("response_url") or _first_response_url(body)
        if response_url:
            if is_slack_url(str(response_url), api_url=api_url):
                respond(text=APOLOGY, response_type="ephemeral", replace_original=False)
            else:
                logger.warning("no apology: the response_url is not Slack's")
            return
        if in_dm:
            client.chat_postMessage(channel=event["channel"], text=APOLOGY)
    except Exception:  # noqa: BLE001 - the apology is best effort; the error is logged already
        logger.warning("could not send the apology", exc_info=True)


def may_have_arrived(error: BaseException) -> bool:
    """True when a Web API call timed out waiting for Slack's answer: Slack may have acted."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, SlackApiError | NotThere):
            return False  # Slack answered, and the answer was no; or we looked
        if isinstance(current, TimeoutError):
            return True
        if isinstance(current, URLError) and isinstance(current.reason, TimeoutError):
            return True
        current = current.__cause__ or current.__context__
    return False


def settling_time(client: WebClient) -> float:
    """How long a slow Slack may take to finish a call it did not answer in time."""
    return min(2.0 * float(getattr(client, "timeout", 10)), 20.0)


def _bot_replied_since(client: WebClient, event: dict[str, Any], *, wait: float) -> bool:
    """Whether a bot message follows the person's in the DM (a failed look counts as yes).

    Looks only after `wait`: Slack may still be working on the call that timed out."""
    time.sleep(wait)
    try:
        response = client.conversations_history(
            channel=str(event.get("channel") or ""),
            oldest=str(event.get("ts") or "0"),
            limit=_LOOKBACK,
        )
    except Exception:  # noqa: BLE001 - unsure, so no apology; the failure is logged already
        return True
    return any(m.get("bot_id") for m in response.get("messages") or [])


def _first_response_url(body: dict[str, Any]) -> str | None:
    urls = body.get("response_urls")
    if isinstance(urls, list) and urls and isinstance(urls[0], dict):
        return str(urls[0].get("response_url") or "") or None
    return None
