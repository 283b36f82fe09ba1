"""How long Slack asks us to wait after a 429: its Retry-After header, in seconds."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError


def retry_after(error: SlackApiError) -> float:
    """The Retry-After of a rate-limited answer (any case, a list or a value); 1 s when it is
    missing or unreadable."""
    headers = error.response.headers or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), "1")
    if isinstance(value, list):
        value = value[0] if value else "1"
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return 1.0
