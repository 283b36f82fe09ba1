"""Reflections: a person's runs, the dialog row of each, and the skill gaps it names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Reflection, ReflectionDialog, SkillGap


def current_reflection(session: Session, *, team_id: str, person_id: int) -> Reflection | None:
    statement = (
        select(Reflection)
        .where(
            Reflection.team_id == team_id,
            Reflection.person_id == person_id,
            Reflection.is_current == True,  # noqa: E712
        )
        .order_by(col(Reflection.id).desc())
    )
    return session.exec(statement).first()


def reflection_by_id(
    session: Session, *, reflection_id: int, lock: bool = False
) -> Reflection | None:
    """The reflection re-read from the database; `lock` holds its row for the unit of work."""
    statement = select(Reflection).where(Reflection.id == reflection_id)
    if lock:  # two submits of one modal on PostgreSQL: the second waits, then sees the first
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return session.exec(statement).first()


def create_reflection(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> Reflection:
    reflection = Reflection(team_id=team_id, person_id=person_id, started_at=now, updated_at=now)
    session.add(reflection)
    session.flush()
    return reflection


def locked_dialog(session: Session, *, reflection: Reflection, now: datetime) -> ReflectionDialog:
    """The dialog row, locked for this unit of work so two deliveries cannot interleave."""
    statement = (
        select(ReflectionDialog)
        .where(ReflectionDialog.reflection_id == reflection.id)
        .with_for_update()
    )
    dialog = session.exec(statement).first()
    if dialog is None:
        assert reflection.id is not None
        dialog = ReflectionDialog(
            reflection_id=reflection.id, team_id=reflection.team_id, updated_at=now
        )
        session.add(dialog)
        session.flush()
    return dialog


def gap_keys(session: Session, *, reflection_id: int | None) -> list[str]:
    """The reflection's skill gaps, in the order they were added."""
    statement = select(SkillGap.skill_key).where(SkillGap.reflection_id == reflection_id)
    return list(session.exec(statement.order_by(col(SkillGap.id))))


def current_gap_keys(session: Session, *, team_id: str, person_id: int) -> list[str]:
    """The skill gaps of the person's current reflection, oldest first (with repeats)."""
    statement = (
        select(col(SkillGap.skill_key))
        .join(Reflection, col(Reflection.id) == col(SkillGap.reflection_id))
        .where(
            col(SkillGap.team_id) == team_id,
            col(SkillGap.person_id) == person_id,
            col(Reflection.is_current) == True,  # noqa: E712
        )
        .order_by(col(SkillGap.id))
    )
    return [str(k) for k in session.execute(statement).scalars()]


def set_gaps(
    session: Session, *, reflection: Reflection, keys: Sequence[str], now: datetime
) -> None:
    """Make the reflection's skill gaps exactly `keys` (distinct, in order); rows of kept
    skills stay as they are."""
    assert reflection.id is not None
    rows = session.exec(select(SkillGap).where(SkillGap.reflection_id == reflection.id)).all()
    for row in rows:
        if row.skill_key not in keys:
            session.delete(row)
    existing = {row.skill_key for row in rows}
    for key in (k for k in keys if k not in existing):
        session.add(
            SkillGap(
                team_id=reflection.team_id,
                reflection_id=reflection.id,
                person_id=reflection.person_id,
                skill_key=key,
                created_at=now,
            )
        )
    session.flush()
