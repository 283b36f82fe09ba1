"""Whether a message we tried to post can be known not to have reached the person."""

from __future__ import annotations

import urllib.error

from slack_sdk.errors import SlackApiError


def not_delivered(error: BaseException) -> bool:
    """True when Slack answered with an error (after the client's retries) or the connection
    was refused: nothing was posted. A timeout may have posted, so it is not known (False)."""
    if isinstance(error, SlackApiError):
        return True
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    return isinstance(reason, ConnectionRefusedError)
