"""Slack's rate limits as Slack applies them: per method and workspace, by tier.

Tier 1 allows 1+ calls a minute, Tier 2 20+, Tier 3 50+, Tier 4 100+ (each method's tier is in
web_api_methods.py). `chat.postMessage` has its own limit: about one message a second per
channel, with short bursts allowed. A call over the limit gets HTTP 429 with Retry-After.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

TIER_PER_MINUTE = {1: 1.0, 2: 20.0, 3: 50.0, 4: 100.0}
# Slack tolerates "a small amount of burst behavior" on Tier 1 (apps.connections.open: a start
# and a reconnect or two); the other tiers burst up to a minute's worth.
TIER_1_BURST = 5.0
POST_PER_SECOND = 1.0
POST_BURST = 4.0  # "short bursts": a few messages at once into one channel are fine


@dataclass
class _Bucket:
    rate: float  # tokens a second
    capacity: float
    tokens: float
    updated: float


class RateTiers:
    """Token buckets per (workspace, method), and per channel for chat.postMessage."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._buckets: dict[tuple[str, ...], _Bucket] = {}

    def wait_needed(
        self, method: str, tier: int | None, *, team_id: str, channel: str | None
    ) -> int | None:
        """None when the call may go ahead (and is counted); else Retry-After in seconds."""
        if method == "chat.postMessage":
            key: tuple[str, ...] = (team_id, method, channel or "")
            rate, capacity = POST_PER_SECOND, POST_BURST
        elif tier in TIER_PER_MINUTE:
            key = (team_id, method)
            rate = TIER_PER_MINUTE[tier] / 60.0
            capacity = TIER_1_BURST if tier == 1 else TIER_PER_MINUTE[tier]
        else:
            return None
        now = self._clock()
        bucket = self._buckets.setdefault(key, _Bucket(rate, capacity, capacity, now))
        bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.updated) * bucket.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return max(1, math.ceil((1.0 - bucket.tokens) / bucket.rate))
