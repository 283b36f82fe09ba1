"""What a busy or failing Slack does: injected failures, stalls, token buckets and rate tiers."""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from playground.emulator.rate_tiers import RateTiers
from playground.emulator.web_api_method import WebApiMethod
from playground.emulator.wire import Reply, SlackRefusal, rate_limited


@dataclass
class _Injection:
    method: str | None
    status: int
    retry_after: int
    error: str | None
    after: int = 0  # matching calls to let through before this one fails


@dataclass
class _RandomFailures:
    rng: random.Random
    rate_429: float
    rate_500: float
    retry_after: int


@dataclass
class _Bucket:
    rate: float
    tokens: float
    updated: float


class Faults:
    """The failures queued for the next calls and the limits calls are held to.

    It also holds the one lock every answer is given under, and the monotonic clock.
    """

    def __init__(self, *, clock: Callable[[], float], rate_limits: bool) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._injections: list[_Injection] = []
        self._random_failures: dict[str, _RandomFailures] = {}
        self._stalls: list[tuple[str, float]] = []
        self._buckets: dict[str, _Bucket] = {}
        # Slack's per-method tiers; a test that bursts on purpose switches them off.
        self._rate_tiers: RateTiers | None = RateTiers(clock) if rate_limits else None

    def fail_next(
        self,
        count: int = 1,
        *,
        method: str | None = None,
        status: int = 429,
        retry_after: int = 1,
        error: str | None = None,
        after: int = 0,
    ) -> None:
        """Fail the next `count` calls (to `method`, or to any Web API method when None).

        429 answers HTTP 429 with Retry-After; 5xx answers that status; 200 answers
        `{"ok": false, "error": error}`. `method` may also be "response_url" or "upload_url".
        `after` lets that many matching calls succeed first (a failure half-way through paging).
        """
        with self._lock:
            for _ in range(count):
                self._injections.append(_Injection(method, status, retry_after, error, after))

    def fail_randomly(
        self,
        method: str,
        *,
        rate_429: float = 0.0,
        rate_500: float = 0.0,
        seed: int = 0,
        retry_after: int = 1,
    ) -> None:
        """Answer a seeded random share of calls to `method` with HTTP 429 (Retry-After) or
        HTTP 500, as a busy Slack does now and then. Rates of 0 switch it off."""
        if not (0 <= rate_429 and 0 <= rate_500 and rate_429 + rate_500 <= 1):
            raise ValueError("rates must be between 0 and 1 and add up to at most 1")
        with self._lock:
            if rate_429 == 0 and rate_500 == 0:
                self._random_failures.pop(method, None)
                return
            self._random_failures[method] = _RandomFailures(
                random.Random(seed), rate_429, rate_500, retry_after
            )

    def stall_next(self, method: str, seconds: float) -> None:
        """Answer the next call to `method` only after `seconds` (a client times out first)."""
        with self._lock:
            self._stalls.append((method, seconds))

    def set_rate_tiers(self, enabled: bool) -> None:
        """Apply Slack's rate tiers (the default) or let every call through."""
        with self._lock:
            self._rate_tiers = RateTiers(self.clock) if enabled else None

    def set_rate_limit(self, method: str, per_second: float) -> None:
        """Token bucket for `method`; calls beyond it get HTTP 429 with Retry-After."""
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        with self._lock:
            capacity = max(1.0, per_second)
            self._buckets[method] = _Bucket(per_second, capacity, self.clock())

    # --- applied to each call -----------------------------------------------------------------

    def _stall(self, method: str) -> None:
        with self._lock:
            found = next((s for s in self._stalls if s[0] == method), None)
            if found is not None:
                self._stalls.remove(found)
        if found is not None:
            time.sleep(found[1])  # outside the lock: other calls go on meanwhile

    def _take_injection(self, method: str, *, api: bool) -> Reply | None:
        for index, injection in enumerate(self._injections):
            if injection.method == method or (injection.method is None and api):
                if injection.after > 0:
                    injection.after -= 1
                    return None
                del self._injections[index]
                return _injected_reply(injection)
        failures = self._random_failures.get(method)
        if failures is not None:
            draw = failures.rng.random()
            if draw < failures.rate_429:
                return _injected_reply(_Injection(method, 429, failures.retry_after, None))
            if draw < failures.rate_429 + failures.rate_500:
                return _injected_reply(_Injection(method, 500, 0, None))
        return None

    def _rate_limited(self, method: str) -> Reply | None:
        bucket = self._buckets.get(method)
        if bucket is None:
            return None
        now = self.clock()
        capacity = max(1.0, bucket.rate)
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * bucket.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return rate_limited(max(1, math.ceil((1.0 - bucket.tokens) / bucket.rate)))

    def _tier_limited(
        self, spec: WebApiMethod, args: Mapping[str, Any], *, team_id: str
    ) -> Reply | None:
        if self._rate_tiers is None:
            return None
        channel = args.get("channel")
        wait = self._rate_tiers.wait_needed(
            spec.name,
            spec.rate_tier,
            team_id=team_id,
            channel=str(channel) if channel else None,
        )
        return None if wait is None else rate_limited(wait)


def _injected_reply(injection: _Injection) -> Reply:
    if injection.status == 429:
        return rate_limited(max(0, injection.retry_after), injection.error or "ratelimited")
    if injection.status == 200:
        return Reply(200, SlackRefusal(injection.error or "fatal_error", "[ERROR] injected").body())
    return Reply(injection.status, {"ok": False, "error": injection.error or "internal_error"})
