"""Admins (from Slack or named), leads, and who reads summaries."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from bot.services import roles
from bot.services.people import is_admin
from storage.engine import Database
from storage.models import Person
from storage.repositories import people as people_repo

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _person(session: Session, uid: str, **flags: bool) -> Person:
    person = people_repo.add_person(session, team_id="T1", slack_user_id=uid, now=NOW)
    for name, value in flags.items():
        setattr(person, name, value)
    session.add(person)
    session.flush()
    return person


def test_grants_and_who_reads_summaries(db: Database) -> None:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        owner = _person(session, "UOWNER", is_workspace_owner=True)
        lead = _person(session, "ULEAD")
        member = _person(session, "UMEMBER")
        named = _person(session, "UNAMED")
        assert is_admin(session, owner) and not is_admin(session, member)
        assert (
            roles.grant_role(session, actor=owner, person=lead, role="lead", now=NOW).outcome
            == "granted"
        )
        assert (
            roles.grant_role(session, actor=owner, person=lead, role="lead", now=NOW).outcome
            == "already"
        )
        assert (
            roles.grant_role(session, actor=owner, person=named, role="admin", now=NOW).outcome
            == "granted"
        )
        assert (
            roles.grant_role(session, actor=owner, person=owner, role="admin", now=NOW).outcome
            == "from_slack"
        )
        assert roles.can_read_summaries(session, lead) and roles.is_lead(session, lead)
        assert roles.can_read_summaries(session, named) and is_admin(session, named)
        assert roles.can_read_summaries(session, owner)
        assert not roles.can_read_summaries(session, member)
        listing = roles.list_role(session, team_id="T1", role="admin")
        assert [p.slack_user_id for p in listing.granted] == ["UNAMED"]
        assert [p.slack_user_id for p in listing.from_slack] == ["UOWNER"]
        assert roles.revoke_role(session, person=lead, role="lead").outcome == "revoked"
        assert roles.revoke_role(session, person=lead, role="lead").outcome == "not_held"
        assert roles.revoke_role(session, person=owner, role="admin").outcome == "from_slack"
        assert not roles.can_read_summaries(session, lead)


def test_people_who_left_lose_their_roles(db: Database) -> None:
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=NOW)
        owner = _person(session, "UOWNER", is_workspace_owner=True)
        lead = _person(session, "ULEAD")
        roles.grant_role(session, actor=owner, person=lead, role="lead", now=NOW)
        lead.is_deleted = True
        session.add(lead)
        assert not roles.can_read_summaries(session, lead)
        assert roles.list_role(session, team_id="T1", role="lead").granted == []
