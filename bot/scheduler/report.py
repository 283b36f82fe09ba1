"""What one scheduler pass did, as every source of due work reports it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PassReport:
    """What one pass did: a line per delivery sent, and counts for the summary line."""

    at: datetime
    sent: list[str] = field(default_factory=list)
    skipped: int = 0
    failed: int = 0

    def summary(self) -> str:
        return (
            f"pass at {self.at.isoformat()}: {len(self.sent)} sent, "
            f"{self.skipped} skipped, {self.failed} failed"
        )


PassFn = Callable[[datetime], PassReport]
