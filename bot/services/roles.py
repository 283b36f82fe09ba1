"""Who may do what: admins configure the program, leads and admins read channel summaries and
program reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.people import is_admin
from storage.models import Person
from storage.repositories import people as people_repo
from storage.repositories import roles as roles_repo

ADMIN = "admin"
LEAD = "lead"
ROLES = (ADMIN, LEAD)


def is_lead(session: Session, person: Person) -> bool:
    """People an admin named as team leads (and still in the workspace)."""
    if person.is_deleted or person.id is None:
        return False
    return LEAD in people_repo.granted_roles(session, team_id=person.team_id, person_id=person.id)


def can_read_summaries(session: Session, person: Person) -> bool:
    """Team leads and admins see channel summaries."""
    return is_admin(session, person) or is_lead(session, person)


def can_read_program_reports(session: Session, person: Person) -> bool:
    """Admins and team leads see a program's report (aggregates only)."""
    return is_admin(session, person) or is_lead(session, person)


@dataclass(frozen=True)
class RoleChange:
    """What a grant or revoke did: "granted", "already", "revoked", "not_held", "from_slack"."""

    outcome: str
    person: Person
    role: str


def grant_role(
    session: Session, *, actor: Person, person: Person, role: str, now: datetime
) -> RoleChange:
    """Give `person` the role (the caller checked that `actor` is an admin)."""
    assert person.id is not None and actor.id is not None
    if role == ADMIN and (person.is_workspace_admin or person.is_workspace_owner):
        return RoleChange("from_slack", person, role)
    granted = roles_repo.grant(
        session,
        team_id=person.team_id,
        person_id=person.id,
        role=role,
        by_person_id=actor.id,
        now=now,
    )
    return RoleChange("granted" if granted else "already", person, role)


def revoke_role(session: Session, *, person: Person, role: str) -> RoleChange:
    """Take a granted role back; a Slack workspace admin stays an admin whatever we store."""
    assert person.id is not None
    revoked = roles_repo.revoke(session, team_id=person.team_id, person_id=person.id, role=role)
    if role == ADMIN and (person.is_workspace_admin or person.is_workspace_owner):
        return RoleChange("from_slack", person, role)
    return RoleChange("revoked" if revoked else "not_held", person, role)


@dataclass(frozen=True)
class RoleList:
    role: str
    granted: list[Person]
    # For "admin": workspace admins and owners we have seen in users.info.
    from_slack: list[Person]


def list_role(session: Session, *, team_id: str, role: str) -> RoleList:
    granted = roles_repo.holders(session, team_id=team_id, role=role)
    from_slack = roles_repo.workspace_admins(session, team_id=team_id) if role == ADMIN else []
    return RoleList(role, granted, from_slack)
