"""What a person's own private "come prepared" nudge may remind them of: their goals being
worked on and the takeaway of their last check-in with this pair. Never anyone else's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import literal, union_all
from sqlmodel import Session, col, select

from storage.models import Goal, Meeting

MAX_GOALS = 3


@dataclass(frozen=True)
class Preparation:
    goals: tuple[str, ...] = ()
    takeaway: str = ""


NOTHING = Preparation()


def own_preparation(session: Session, *, person_id: int, pair_id: int) -> Preparation:
    """`person_id`'s active goals (newest first) and their latest takeaway in `pair_id`, in
    one statement (the send pipeline counts them)."""
    goals = (
        select(literal("g").label("kind"), col(Goal.id).label("n"), col(Goal.text).label("text"))
        .where(Goal.person_id == person_id, Goal.status == "active")
        .order_by(col(Goal.id).desc())
        .limit(MAX_GOALS)
        .subquery()
    )
    takeaway = (
        select(
            literal("t").label("kind"),
            col(Meeting.id).label("n"),
            col(Meeting.takeaway).label("text"),
        )
        .where(Meeting.person_id == person_id, Meeting.pair_id == pair_id, Meeting.takeaway != "")
        .order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())
        .limit(1)
        .subquery()
    )
    both = union_all(
        select(goals.c.kind, goals.c.n, goals.c.text),
        select(takeaway.c.kind, takeaway.c.n, takeaway.c.text),
    ).subquery()
    rows = session.exec(select(both.c.kind, both.c.text).order_by(both.c.kind, both.c.n.desc()))
    found: dict[str, list[str]] = {"g": [], "t": []}
    for kind, text in rows:
        if str(text).strip():
            found[str(kind)].append(str(text).strip())
    return Preparation(tuple(found["g"]), found["t"][0] if found["t"] else "")
