"""How long Slack asks us to wait: its Retry-After header, read one way everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_SECONDS = 1.0  # what we wait when a 429 says nothing readable


def retry_after_seconds(headers: Mapping[str, Any] | None) -> float:
    """The seconds a 429's Retry-After asks for (never negative; 1 when absent or unreadable).

    The header's name is matched in any case, and its value may come as a list (as slack_sdk's
    HTTP layer gives headers) or as a string (as a SlackResponse does).
    """
    value = next((v for k, v in (headers or {}).items() if k.lower() == "retry-after"), None)
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else DEFAULT_SECONDS
    except (TypeError, ValueError):
        return DEFAULT_SECONDS
