"""The in-pass retry queue's rule: after a 429 or 5xx a delivery keeps its claim and waits its
Retry-After (or a short backoff) while the other senders go on; past its budget, or past a safe
share of the lease, it fails as before and a later pass retries it."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace

from slack_sdk.errors import SlackApiError

from bot.scheduler.claims import LEASE
from bot.scheduler.gate import SendGate
from bot.scheduler.plans import SendPlan
from handlers.slack.retry_after import retry_after_seconds

RATE_LIMIT_RETRIES = 3  # in-pass retries of one delivery after 429s (each after Retry-After)
SERVER_ERROR_RETRIES = 2  # ... and after 5xx, with SERVER_ERROR_BACKOFF doubling
SERVER_ERROR_BACKOFF = 0.25  # seconds
RETRY_JITTER = 0.1  # seconds, so retries of one busy moment do not arrive together
IN_PASS_RETRY_WINDOW = LEASE / 2  # never resend a claim near the end of its lease


@dataclass(frozen=True)
class Attempt:
    """A claimed delivery on its way: the plan once begin_send allowed it, the retries it has
    used in this pass, and the earliest moment (monotonic) it may be tried again."""

    delivery_id: int
    claimed_at: float
    round: int = 0  # rounds of one batch go one after another (see pipeline.Pipeline)
    plan: SendPlan | None = None
    rate_limited: int = 0
    server_errors: int = 0
    not_before: float = 0.0

    @property
    def may_have_posted(self) -> bool:
        # A 5xx from chat.postMessage almost always means nothing was posted, but not surely:
        # look in the channel (find_posted) before resending after one.
        return self.server_errors > 0


def retry_later(attempt: Attempt, error: SlackApiError, gate: SendGate | None) -> Attempt | None:
    """The attempt to queue again after a 429 or 5xx, or None when its retries in this pass
    are used up (or would outlast a safe share of the lease): then it fails as before and a
    later pass retries it."""
    status = error.response.status_code
    if status == 429:
        if attempt.rate_limited >= RATE_LIMIT_RETRIES:
            return None
        wait_s = retry_after_seconds(error.response.headers)
        if gate is not None:
            gate.rate_limited(wait_s)
        retry = replace(attempt, rate_limited=attempt.rate_limited + 1)
    elif status >= 500:
        if attempt.server_errors >= SERVER_ERROR_RETRIES:
            return None
        wait_s = SERVER_ERROR_BACKOFF * 2**attempt.server_errors
        retry = replace(attempt, server_errors=attempt.server_errors + 1)
    else:
        return None
    not_before = time.monotonic() + wait_s + random.uniform(0, RETRY_JITTER)  # noqa: S311
    if not_before - attempt.claimed_at > IN_PASS_RETRY_WINDOW.total_seconds():
        return None  # the lease must outlive every send of this claim
    return replace(retry, not_before=not_before)


def worth_retrying(error: SlackApiError) -> bool:
    status = int(error.response.status_code)
    return status == 429 or status >= 500
