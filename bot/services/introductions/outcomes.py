"""What a step of an introduction request comes to: an Outcome of a known kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from storage.models import IntroRequest, Pair

Answer = Literal["accept", "not_now", "decline"]
OutcomeKind = Literal[
    "sent",
    "duplicate",
    "accepted",
    "declined",
    "waiting",
    "withdrawn",
    "thanked",
    "already_thanked",
    "not_yours",
    "closed",
    "full",
    "unavailable",
    "paired",
    "declined_recently",
    "self",
    "empty",
]


@dataclass(frozen=True)
class Outcome:
    """What happened; `request` and `pair` are detached copies safe to read after the commit."""

    kind: OutcomeKind
    request: IntroRequest | None = None
    pair: Pair | None = None

    @property
    def changed(self) -> bool:
        return self.kind in ("sent", "accepted", "declined", "waiting", "withdrawn", "thanked")
