"""Who people are: kept in step with what Slack's users.info says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services import meeting_dates
from storage.models import Person
from storage.repositories import people as people_repo

PROFILE_MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class SlackProfile:
    """The parts of a users.info answer we keep."""

    slack_user_id: str
    display_name: str
    real_name: str
    tz: str
    is_admin: bool
    is_owner: bool
    is_deleted: bool
    is_bot: bool


def full_name(person: Person) -> str:
    """How a person signs a message: their real name, else their display name."""
    return person.real_name.strip() or person.name


def first_name(person: Person) -> str:
    """How a message greets a person: the first word of their real name, else their name."""
    return full_name(person).split(" ")[0] or person.name


def needs_refresh(person: Person | None, now: datetime) -> bool:
    """True when we have no profile or it is older than a day."""
    return person is None or profile_is_stale(person.profile_synced_at, now)


def profile_is_stale(synced_at: datetime | None, now: datetime) -> bool:
    return synced_at is None or now - synced_at > PROFILE_MAX_AGE


def apply_profile(
    session: Session, *, team_id: str, profile: SlackProfile, now: datetime
) -> Person:
    """Create or update the person from a fresh Slack profile."""
    people_repo.ensure_workspace(session, team_id=team_id, now=now)
    person = people_repo.get_person(session, team_id=team_id, slack_user_id=profile.slack_user_id)
    if person is None:
        person = people_repo.add_person(
            session, team_id=team_id, slack_user_id=profile.slack_user_id, now=now
        )
    person.display_name = profile.display_name[:255]
    person.real_name = profile.real_name[:255]
    moved = person.id is not None and person.tz != (profile.tz[:64] or "UTC")
    person.tz = profile.tz[:64] or "UTC"
    person.is_workspace_admin = profile.is_admin
    person.is_workspace_owner = profile.is_owner
    person.is_deleted = profile.is_deleted
    person.is_bot = profile.is_bot
    person.profile_synced_at = now
    session.add(person)
    session.flush()
    if moved:
        meeting_dates.zone_changed(session, person=person)
    return person


def is_admin(session: Session, person: Person) -> bool:
    """Workspace admins and owners, plus people an admin named."""
    if person.is_deleted:
        return False
    if person.is_workspace_admin or person.is_workspace_owner:
        return True
    assert person.id is not None
    return "admin" in people_repo.granted_roles(
        session, team_id=person.team_id, person_id=person.id
    )
