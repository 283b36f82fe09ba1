"""Whether a message we tried to post reached the person: known from the error, or looked up."""

from __future__ import annotations

import time
import urllib.error

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from handlers.slack.apology import settling_time

# Our message lands within a few messages of what the person did.
LOOKBACK = 10


def not_delivered(error: BaseException) -> bool:
    """True when Slack answered with an error (after the client's retries) or the connection
    was refused: nothing was posted. A timeout may have posted, so it is not known (False)."""
    if isinstance(error, SlackApiError):
        return True
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, ConnectionRefusedError)


def posted_since(client: WebClient, *, channel: str, since: str, text: str) -> bool:
    """After a timed-out post: whether a bot message with this `text` is in `channel` after
    the Slack timestamp `since`. Looks once Slack had time to finish the call; a failed look
    counts as yes (unsure, so the caller takes nothing back)."""
    time.sleep(settling_time(client))
    try:
        response = client.conversations_history(channel=channel, oldest=since, limit=LOOKBACK)
    except Exception:  # noqa: BLE001 - unsure; the original error goes on to the log
        return True
    return any(
        m.get("bot_id") and _unescaped(str(m.get("text") or "")) == text
        for m in response.get("messages") or []
    )


def _unescaped(text: str) -> str:
    """Slack stores &, < and > of a posted text escaped."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
