"""What a person's own come-prepared nudge reads: their goals and their last takeaway."""

from __future__ import annotations

from sqlalchemy import literal, union_all
from sqlmodel import Session, col, select

from storage.models import Goal, Meeting


def own_goals_and_takeaway(
    session: Session, *, person_id: int, pair_id: int, max_goals: int
) -> tuple[list[str], list[str]]:
    """`person_id`'s active goals (newest first) and their latest takeaway in `pair_id`, in
    one statement (the send pipeline counts them); blank texts left out."""
    goals = (
        select(literal("g").label("kind"), col(Goal.id).label("n"), col(Goal.text).label("text"))
        .where(Goal.person_id == person_id, Goal.status == "active")
        .order_by(col(Goal.id).desc())
        .limit(max_goals)
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
    return found["g"], found["t"]
