"""The export of everything stored about a person, as plain JSON-ready data."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel

from storage.models import Person
from storage.repositories import circles as circles_repo
from storage.repositories import data_rights as data_rights_repo
from storage.repositories import meeting_times as meeting_times_repo
from storage.repositories import programs as programs_repo

EXPORT_VERSION = 1


# Each table with rows about the person, and the key of the export that holds them (directly
# or through their parent).
EXPORTED = {
    "person": "person",
    "role_grant": "roles",
    "reflection": "reflections",
    "reflection_dialog": "reflection_dialogs",
    "skill_gap": "skill_gaps",
    "goal": "goals",
    "goal_update": "goal_updates",
    "mentor_profile": "mentor_profile",
    "mentor_skill": "mentor_skills",
    "mentor_search": "searches",
    "skill_watch": "skill_watches",
    "intro_request": "intro_requests",
    "pair": "pairs",
    "meeting": "meetings",
    "workspace_settings": "settings_changed",
    "channel_member": "channel_memberships_cached",
    "delivery": "deliveries",
    "delivery_day": "delivery_days",
    "reminder_preference": "reminder_preferences",
    "pulse_answer": "pulse_answers",
    "retrospective": "retrospectives",
    "prepared_questions": "questions_for_meetings",
    "dm_help": "dm_help_last_shown",
    **programs_repo.EXPORT_KEYS,
    **meeting_times_repo.EXPORT_KEYS,
    **circles_repo.EXPORT_KEYS,
}


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
        **{
            name: [_plain(row) for row in found]
            for name, found in meeting_times_repo.export_rows(session, person_id=person_id).items()
        },
        **{
            name: [_plain(row) for row in found]
            for name, found in circles_repo.export_rows(session, person_id=person_id).items()
        },
    }


def _plain(row: SQLModel) -> dict[str, Any]:
    return {key: _json_value(value) for key, value in row.model_dump().items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
