"""Roles an admin gave: "admin" and "lead" grants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, func, or_, select

from storage.models import Person, RoleGrant


def grant(
    session: Session, *, team_id: str, person_id: int, role: str, by_person_id: int, now: datetime
) -> bool:
    """Give the role; False when the person already had it."""
    existing = session.exec(
        select(RoleGrant.id).where(
            RoleGrant.team_id == team_id, RoleGrant.person_id == person_id, RoleGrant.role == role
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        RoleGrant(
            team_id=team_id,
            person_id=person_id,
            role=role,
            granted_by_person_id=by_person_id,
            created_at=now,
        )
    )
    session.flush()
    return True


def revoke(session: Session, *, team_id: str, person_id: int, role: str) -> bool:
    """Take the role back; False when the person did not have it."""
    result = session.execute(
        delete(RoleGrant).where(
            col(RoleGrant.team_id) == team_id,
            col(RoleGrant.person_id) == person_id,
            col(RoleGrant.role) == role,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def holders(session: Session, *, team_id: str, role: str) -> list[Person]:
    """People (still in the workspace) holding a granted role, by name."""
    statement = (
        select(Person)
        .join(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
        .where(RoleGrant.team_id == team_id, RoleGrant.role == role, Person.is_deleted == False)  # noqa: E712
    )
    return sorted(session.exec(statement), key=lambda p: p.name.casefold())


def workspace_admins(session: Session, *, team_id: str) -> list[Person]:
    """People Slack told us are workspace admins or owners (as far as we have seen them)."""
    statement = select(Person).where(
        Person.team_id == team_id,
        Person.is_deleted == False,  # noqa: E712
        or_(col(Person.is_workspace_admin), col(Person.is_workspace_owner)),
    )
    return sorted(session.exec(statement), key=lambda p: p.name.casefold())


def people_named(session: Session, *, team_id: str, name: str) -> list[Person]:
    """People whose display or real name is `name`, ignoring case."""
    wanted = name.casefold()
    statement = select(Person).where(
        Person.team_id == team_id,
        or_(
            func.lower(col(Person.display_name)) == wanted,
            func.lower(col(Person.real_name)) == wanted,
        ),
    )
    return list(session.exec(statement))
