"""What a request to /slack/events must pass before anything reads its body.

Bolt parses the body before it checks the signature, and its verifier raises on a malformed
timestamp instead of refusing it, so the server checks both itself, strictly, first.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any, Protocol
from urllib.parse import urlparse

# Slack refuses requests older than five minutes; so do we, in both directions.
MAX_AGE_SECONDS = 5 * 60
# Slack's deepest payloads (a modal's state inside a view inside a block_actions) nest about 10.
MAX_NESTING = 64
# The context key Bolt's listeners and the error handler read: this request passed the check.
VERIFIED = "mentorbot_verified"
SLACK_HOOKS = "https://hooks.slack.com/"

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_JSON_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def unverified_reason(
    secret: str, body: bytes, headers: Mapping[str, str], *, now: float
) -> str | None:
    """None when the body carries Slack's valid v0 signature, else why not (for the log)."""
    if not secret:
        return "no signing secret is configured"
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not _TIMESTAMP.fullmatch(timestamp):
        return "missing or malformed X-Slack-Request-Timestamp"
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return "X-Slack-Request-Timestamp is more than five minutes away"
    if not _SIGNATURE.fullmatch(signature):
        return "missing or malformed X-Slack-Signature"
    base = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        return "X-Slack-Signature does not match the body"
    return None


def nested_too_deeply(text: str, *, limit: int = MAX_NESTING) -> bool:
    """True when JSON text opens more than `limit` objects or arrays inside each other.

    Counted without parsing, because the parser is what a deep body would crash.
    """
    brackets = _NOT_BRACKETS.sub("", _JSON_STRINGS.sub("", text))
    depths = accumulate(1 if c in "[{" else -1 for c in brackets)
    return max(depths, default=0) > limit


def is_slack_url(url: str, *, api_url: str) -> bool:
    """A response_url Slack could have sent: its hooks host, or the configured API host."""
    if url.startswith(SLACK_HOOKS):
        return True
    parsed, api = urlparse(url), urlparse(api_url)
    return bool(parsed.netloc) and (parsed.scheme, parsed.netloc) == (api.scheme, api.netloc)


class _Request(Protocol):
    mode: str
    context: Any


def was_verified(request: _Request) -> bool:
    """The request came over Socket Mode's authenticated connection or passed the server's
    signature check; nothing else may make the app act."""
    return request.mode == "socket_mode" or request.context.get(VERIFIED) is True
