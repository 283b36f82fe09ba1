"""Workspaces and people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import Person, RoleGrant, Workspace


def ensure_workspace(session: Session, *, team_id: str, now: datetime) -> Workspace:
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        return workspace
    try:
        # A savepoint: another replica may insert the same workspace between our read and write.
        with session.begin_nested():
            workspace = Workspace(team_id=team_id, created_at=now)
            session.add(workspace)
    except IntegrityError:
        workspace = session.get(Workspace, team_id, populate_existing=True)
        assert workspace is not None
    return workspace


def get_person(session: Session, *, team_id: str, slack_user_id: str) -> Person | None:
    statement = select(Person).where(
        Person.team_id == team_id, Person.slack_user_id == slack_user_id
    )
    return session.exec(statement).first()


def is_deactivated(connection: Connection, *, team_id: str, slack_user_id: str) -> bool:
    """True when we stored the person as deactivated (unknown people are not)."""
    return bool(stored_deactivation(connection, team_id=team_id, slack_user_id=slack_user_id))


def stored_deactivation(connection: Connection, *, team_id: str, slack_user_id: str) -> bool | None:
    """The person's stored deactivation flag; None when we have never stored them."""
    statement = select(col(Person.is_deleted)).where(
        col(Person.team_id) == team_id, col(Person.slack_user_id) == slack_user_id
    )
    found = connection.execute(statement).scalar()
    return None if found is None else bool(found)


def get_person_by_id(session: Session, *, team_id: str, person_id: int) -> Person | None:
    person = session.get(Person, person_id)
    return person if person is not None and person.team_id == team_id else None


def people_by_slack_ids(
    session: Session, *, team_id: str, slack_user_ids: Sequence[str]
) -> list[Person]:
    if not slack_user_ids:
        return []
    statement = select(Person).where(
        Person.team_id == team_id, col(Person.slack_user_id).in_(list(slack_user_ids))
    )
    return list(session.exec(statement))


def add_person(session: Session, *, team_id: str, slack_user_id: str, now: datetime) -> Person:
    """Insert the person; when another replica just inserted them, return that row."""
    try:
        with session.begin_nested():
            person = Person(team_id=team_id, slack_user_id=slack_user_id, created_at=now)
            session.add(person)
    except IntegrityError:
        existing = get_person(session, team_id=team_id, slack_user_id=slack_user_id)
        assert existing is not None
        return existing
    return person


def granted_roles(session: Session, *, team_id: str, person_id: int) -> set[str]:
    statement = select(RoleGrant.role).where(
        RoleGrant.team_id == team_id, RoleGrant.person_id == person_id
    )
    return set(session.exec(statement))


def lock_person(session: Session, *, person_id: int) -> Person | None:
    """The person's row, locked until the unit of work ends (SELECT ... FOR UPDATE; SQLite's
    writers take turns anyway), so two of their requests that check then write go one by one."""
    return session.get(Person, person_id, with_for_update=True, populate_existing=True)
