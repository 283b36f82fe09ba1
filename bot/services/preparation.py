"""What a person's own private "come prepared" nudge may remind them of: their goals being
worked on and the takeaway of their last check-in with this pair. Never anyone else's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.models import Goal, Meeting

MAX_GOALS = 3


@dataclass(frozen=True)
class Preparation:
    goals: tuple[str, ...] = ()
    takeaway: str = ""


NOTHING = Preparation()


def own_preparation(session: Session, *, person_id: int, pair_id: int) -> Preparation:
    """`person_id`'s active goals (newest first) and their latest takeaway in `pair_id`."""
    goals = session.exec(
        select(Goal.text)
        .where(Goal.person_id == person_id, Goal.status == "active")
        .order_by(col(Goal.created_at).desc(), col(Goal.id).desc())
        .limit(MAX_GOALS)
    ).all()
    takeaway = session.exec(
        select(Meeting.takeaway)
        .where(Meeting.person_id == person_id, Meeting.pair_id == pair_id, Meeting.takeaway != "")
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())
        .limit(1)
    ).first()
    return Preparation(tuple(t for t in goals if t.strip()), (takeaway or "").strip())
