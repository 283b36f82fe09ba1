"""The send gate: one run of 429s pauses every sender; a lone 429 only delays its own delivery."""

from __future__ import annotations

import threading
import time

GATE_AFTER_429S = 3  # 429s in a row that mean "over the limit": every sender pauses


class SendGate:
    """Pauses every sender together when Slack keeps answering 429: a lone 429 (a busy moment)
    only delays its own delivery, but GATE_AFTER_429S in a row mean we are over the limit, and
    then nobody sends until the Retry-After has passed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_a_row = 0
        self._closed_until = 0.0

    def wait(self) -> None:
        while True:
            with self._lock:
                pause = self._closed_until - time.monotonic()
            if pause <= 0:
                return
            time.sleep(pause)

    def rate_limited(self, retry_after: float) -> None:
        with self._lock:
            self._in_a_row += 1
            if self._in_a_row >= GATE_AFTER_429S:
                self._closed_until = max(self._closed_until, time.monotonic() + retry_after)

    def passed(self) -> None:
        with self._lock:
            self._in_a_row = 0
