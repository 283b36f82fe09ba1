"""The ids Slack hands out: numbered ids, message timestamps and view hashes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable


class Ids:
    """Counters behind every id the emulator makes; `wall_clock` gives epoch seconds."""

    def __init__(self, wall_clock: Callable[[], float]) -> None:
        self._wall_clock = wall_clock
        self._counter = 0
        self._last_ts = 0.0

    def next_number(self) -> int:
        self._counter += 1
        return self._counter

    def new_id(self, prefix: str) -> str:
        """`prefix` and eight hex digits: V0000002A, F0000002B, ..."""
        return f"{prefix}{self.next_number():08X}"

    def next_ts(self) -> str:
        """A message ts: the wall clock, always later than the last one handed out."""
        now = max(self._wall_clock(), self._last_ts + 0.000001)
        self._last_ts = now
        return f"{now:.6f}"

    def new_hash(self) -> str:
        """A view's `hash`, new on every change."""
        digest = hashlib.sha1(str(self.next_number()).encode()).hexdigest()[:8]
        return f"{int(self._wall_clock())}.{digest}"
