"""Small builders for matching and introduction tests (plain rows, no Slack)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlmodel import Session

from bot.services import profiles
from storage.models import Person, Reflection, SkillGap
from storage.repositories import people as people_repo

TEAM = "T0TEST"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def person(
    session: Session, slack_id: str, *, tz: str = "Europe/Paris", deleted: bool = False
) -> Person:
    people_repo.ensure_workspace(session, team_id=TEAM, now=NOW)
    found = people_repo.get_person(session, team_id=TEAM, slack_user_id=slack_id)
    p = found or people_repo.add_person(session, team_id=TEAM, slack_user_id=slack_id, now=NOW)
    p.real_name = f"Person {slack_id}"
    p.tz = tz
    p.is_deleted = deleted
    session.add(p)
    session.flush()
    return p


def mentor(
    session: Session,
    slack_id: str,
    skills: Sequence[str],
    *,
    tz: str = "Europe/Paris",
    capacity: int = 2,
    is_open: bool = True,
    team: str = "",
    alumni: str = "",
    helps_with: str = "",
    deleted: bool = False,
    open_to_peers: bool = True,
) -> Person:
    p = person(session, slack_id, tz=tz, deleted=deleted)
    valid = profiles.validate_form(
        profiles.ProfileForm(
            listed_skills=list(skills),
            extra_skills="",
            helps_with=helps_with,
            capacity=str(capacity),
            is_open=is_open,
            alumni=alumni,
            team_name=team,
            open_to_peers=open_to_peers,
        )
    )
    assert isinstance(valid, profiles.ValidProfile), valid
    profiles.save_profile(session, person=p, valid=valid, now=NOW)
    return p


def gaps(session: Session, p: Person, keys: Sequence[str]) -> None:
    assert p.id is not None
    reflection = Reflection(
        team_id=TEAM, person_id=p.id, step="done", started_at=NOW, updated_at=NOW
    )
    session.add(reflection)
    session.flush()
    assert reflection.id is not None
    for key in keys:
        session.add(
            SkillGap(
                team_id=TEAM,
                reflection_id=reflection.id,
                person_id=p.id,
                skill_key=key,
                created_at=NOW,
            )
        )
    session.flush()
