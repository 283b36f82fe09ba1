"""The export of everything stored about a person, as plain JSON-ready data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel

from storage.models import Person
from storage.repositories import data_rights as data_rights_repo
from storage.repositories import programs as programs_repo

EXPORT_VERSION = 1


# Tables whose rows about the person the export includes (directly or through their parent).
EXPORTED = (
    "person",
    "role_grant",
    "reflection",
    "reflection_dialog",
    "skill_gap",
    "goal",
    "goal_update",
    "mentor_profile",
    "mentor_skill",
    "mentor_search",
    "skill_watch",
    "intro_request",
    "pair",
    "meeting",
    "workspace_settings",
    "channel_member",
    "delivery",
    "delivery_day",
    "reminder_preference",
    "pulse_answer",
    "retrospective",
    "prepared_questions",
    "dm_help",
    *programs_repo.ERASED,
    *programs_repo.SCRUBBED,
)


def export_person(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> dict[str, Any]:
    """Everything stored about the person, as plain JSON-ready data."""
    person = session.get(Person, person_id)
    if person is None or person.team_id != team_id:
        return {}
    rows = data_rights_repo.rows_about(session, team_id=team_id, person=person)
    return {
        "export_version": EXPORT_VERSION,
        "exported_at": now.isoformat(),
        "person": _plain(person),
        **{key: [_plain(row) for row in found] for key, found in rows.items()},
        **{
            name: [_plain(row) for row in found]
            for name, found in programs_repo.export_rows(session, person_id=person_id).items()
        },
    }


def _plain(row: SQLModel) -> dict[str, Any]:
    return {key: _json_value(value) for key, value in row.model_dump().items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
