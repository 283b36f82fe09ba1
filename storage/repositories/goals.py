"""Goals and their history (progress, milestones, done and dropped)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.models import Goal, GoalUpdate


def add_goal(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    reflection_id: int | None,
    text: str,
    measure: str,
    target_date: date | None,
    now: datetime,
) -> Goal:
    goal = Goal(
        team_id=team_id,
        person_id=person_id,
        reflection_id=reflection_id,
        text=text,
        measure=measure,
        target_date=target_date,
        created_at=now,
    )
    session.add(goal)
    session.flush()
    return goal


def delete_goal(session: Session, *, goal: Goal) -> None:
    """Remove a goal and its history."""
    for update in session.exec(select(GoalUpdate).where(GoalUpdate.goal_id == goal.id)).all():
        session.delete(update)
    session.flush()
    session.delete(goal)
    session.flush()


def goals_of(
    session: Session, *, team_id: str, person_id: int, status: str | None = None
) -> list[Goal]:
    """The person's goals in the order they were set; only those of `status` if given."""
    statement = select(Goal).where(Goal.team_id == team_id, Goal.person_id == person_id)
    if status is not None:
        statement = statement.where(Goal.status == status)
    return list(session.exec(statement.order_by(col(Goal.id))))


def active_goal_texts(session: Session, *, team_id: str, person_id: int) -> list[str]:
    statement = (
        select(Goal.text)
        .where(Goal.team_id == team_id, Goal.person_id == person_id, Goal.status == "active")
        .order_by(col(Goal.id))
    )
    return list(session.exec(statement))


def goals_of_reflection(session: Session, *, reflection_id: int | None) -> list[Goal]:
    return list(session.exec(select(Goal).where(Goal.reflection_id == reflection_id)).all())


def goal_ids_of_reflection(session: Session, *, reflection_id: int | None) -> list[int]:
    ids = session.exec(select(Goal.id).where(Goal.reflection_id == reflection_id)).all()
    return [i for i in ids if i is not None]


def reflection_has_goal(session: Session, *, reflection_id: int | None) -> bool:
    goal = session.exec(select(Goal.id).where(Goal.reflection_id == reflection_id)).first()
    return goal is not None


def add_update(
    session: Session,
    *,
    goal: Goal,
    kind: str,
    progress: int | None,
    note: str,
    now: datetime,
) -> None:
    """One entry of the goal's history."""
    assert goal.id is not None
    session.add(
        GoalUpdate(
            team_id=goal.team_id,
            goal_id=goal.id,
            progress=progress,
            note=note,
            kind=kind,
            created_at=now,
        )
    )
    session.flush()


def history(session: Session, *, goal_id: int) -> list[GoalUpdate]:
    statement = select(GoalUpdate).where(GoalUpdate.goal_id == goal_id)
    return list(session.exec(statement.order_by(col(GoalUpdate.id))))
