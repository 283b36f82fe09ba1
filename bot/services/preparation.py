"""What a person's own private "come prepared" nudge may remind them of: their goals being
worked on and the takeaway of their last check-in with this pair. Never anyone else's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from storage.repositories import preparations as preparations_repo

MAX_GOALS = 3


@dataclass(frozen=True)
class Preparation:
    goals: tuple[str, ...] = ()
    takeaway: str = ""


NOTHING = Preparation()


def own_preparation(session: Session, *, person_id: int, pair_id: int) -> Preparation:
    """`person_id`'s active goals (newest first) and their latest takeaway in `pair_id`."""
    goals, takeaways = preparations_repo.own_goals_and_takeaway(
        session, person_id=person_id, pair_id=pair_id, max_goals=MAX_GOALS
    )
    return Preparation(tuple(goals), takeaways[0] if takeaways else "")
