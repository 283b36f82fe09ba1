"""DeliveryKind: everything the scheduler knows of one kind of delivery, declared in one place.

Each module of bot/scheduler/kinds/ declares one (`KIND = DeliveryKind(...)`) and
bot/scheduler/registry.py finds them all, so adding a kind touches its own module (and names it
in storage/models/deliveries.py, which the layers below the scheduler use).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlmodel import Session

from bot.scheduler.plans import SendPlan
from handlers.meetings.blocks.context import DeliveryContext, Message
from storage.models import Circle, Delivery, Pair
from storage.models.deliveries import KIND_LABELS

# Plans the next rows of this kind (and what comes with it) for a pair with none open.
Planner = Callable[[Session, Pair, datetime], date]
# Plans the next rows of this kind for a circle with none open (bot/services/circles/rhythm.py).
CirclePlanner = Callable[[Session, Circle, datetime], date]
# Amends the plan of a claimed row with what only this kind's message needs.
Details = Callable[[Session, Delivery, SendPlan], SendPlan]
# Why a claimed row is of no use any more (what it is about moved on), or None: the row is
# skipped before any rule reserves the recipient's one message of the day.
Stale = Callable[[Session, Delivery], str | None]
# Records where the message landed, in the transaction that marks the row sent: (session, the
# plan, channel, ts, now).
Sent = Callable[[Session, SendPlan, str, str, datetime], None]


@dataclass(frozen=True)
class DeliveryKind:
    """One kind of scheduled message and the rules it keeps beyond those every delivery keeps."""

    name: str  # what Delivery.kind holds: one of storage.models.deliveries' names
    build: Callable[[DeliveryContext], Message]  # the message: text fallback and blocks
    # fixed: tied to a meeting day; flexible kinds give way to a fixed one due the same day.
    day: Literal["fixed", "flexible"] = "flexible"
    planner: Planner | None = None  # None: enqueued by whatever the kind is about
    circle_planner: CirclePlanner | None = None  # planned per circle instead of per pair
    recurring: bool = False  # comes back every period: a snooze skips it instead of deferring
    # Three sent in a row without an answer hold the kind and ask once: the person's own
    # answers count, or (for what goes to the group DM) anything either of the pair says.
    unanswered: Literal["person", "pair"] | None = None
    # Of no use once its meeting day has come ("on its day") or gone ("after its day").
    expires: Literal["on its day", "after its day"] | None = None
    keeps_its_day: bool = False  # never pushed past its day by the one-message-a-day rule
    footer: bool = True  # Snooze and Stop; a one-off notice has nothing to snooze or stop
    details: Details | None = None
    stale: Stale | None = None
    sent: Sent | None = None

    @property
    def label(self) -> str:
        """What a person calls these messages ("no more check-ins for you")."""
        return KIND_LABELS[self.name]

    @property
    def fixed_day(self) -> bool:
        return self.day == "fixed"
