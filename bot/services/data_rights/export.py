"""The export of everything stored about a person, as plain JSON-ready data."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, or_, select

from storage.models import (
    ChannelMember,
    Delivery,
    DeliveryDay,
    DmHelp,
    Goal,
    GoalUpdate,
    IntroRequest,
    Meeting,
    MentorProfile,
    MentorSearch,
    MentorSkill,
    Pair,
    Person,
    PreparedQuestions,
    PulseAnswer,
    Reflection,
    ReflectionDialog,
    ReminderPreference,
    Retrospective,
    RoleGrant,
    SkillGap,
    SkillWatch,
    WorkspaceSettings,
)

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
)


def export_person(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> dict[str, Any]:
    """Everything stored about the person, as plain JSON-ready data."""
    person = session.get(Person, person_id)
    if person is None or person.team_id != team_id:
        return {}
    reflections = _rows(session, Reflection, Reflection.person_id == person_id)
    reflection_ids = [r["id"] for r in reflections]
    goals = _rows(session, Goal, Goal.person_id == person_id)
    profile = _rows(session, MentorProfile, MentorProfile.person_id == person_id)
    profile_ids = [p["id"] for p in profile]
    return {
        "export_version": EXPORT_VERSION,
        "exported_at": now.isoformat(),
        "person": _plain(person),
        "roles": _rows(session, RoleGrant, RoleGrant.person_id == person_id),
        "reflections": reflections,
        "reflection_dialogs": _rows_in(session, ReflectionDialog, "reflection_id", reflection_ids),
        "skill_gaps": _rows(session, SkillGap, SkillGap.person_id == person_id),
        "goals": goals,
        "goal_updates": _rows_in(session, GoalUpdate, "goal_id", [g["id"] for g in goals]),
        "mentor_profile": profile,
        "mentor_skills": _rows_in(session, MentorSkill, "profile_id", profile_ids),
        "searches": _rows(session, MentorSearch, MentorSearch.person_id == person_id),
        "skill_watches": _rows(session, SkillWatch, SkillWatch.person_id == person_id),
        "intro_requests": _rows(
            session,
            IntroRequest,
            or_(IntroRequest.mentee_id == person_id, IntroRequest.mentor_id == person_id),
        ),
        "pairs": _rows(
            session, Pair, or_(Pair.mentor_id == person_id, Pair.mentee_id == person_id)
        ),
        # Only the person's own meeting records: the other person's answers are theirs.
        "meetings": _rows(session, Meeting, Meeting.person_id == person_id),
        "settings_changed": _rows(
            session, WorkspaceSettings, WorkspaceSettings.updated_by_person_id == person_id
        ),
        "deliveries": _rows(session, Delivery, Delivery.person_id == person_id),
        "delivery_days": _rows(session, DeliveryDay, DeliveryDay.person_id == person_id),
        "reminder_preferences": _rows(
            session, ReminderPreference, ReminderPreference.person_id == person_id
        ),
        "pulse_answers": _rows(session, PulseAnswer, PulseAnswer.person_id == person_id),
        "retrospectives": _rows(session, Retrospective, Retrospective.person_id == person_id),
        "questions_for_meetings": _rows(
            session, PreparedQuestions, PreparedQuestions.person_id == person_id
        ),
        "dm_help_last_shown": _rows(session, DmHelp, DmHelp.person_id == person_id),
        "channel_memberships_cached": _rows(
            session,
            ChannelMember,
            (ChannelMember.team_id == team_id)
            & (ChannelMember.slack_user_id == person.slack_user_id),
        ),
    }


def _rows(session: Session, model: type[SQLModel], condition: Any) -> list[dict[str, Any]]:
    statement = select(model).where(condition)
    return [_plain(row) for row in session.exec(statement)]


def _rows_in(
    session: Session, model: type[SQLModel], column: str, ids: Iterable[Any]
) -> list[dict[str, Any]]:
    wanted = list(ids)
    if not wanted:
        return []
    return _rows(session, model, col(getattr(model, column)).in_(wanted))


def _plain(row: SQLModel) -> dict[str, Any]:
    return {key: _json_value(value) for key, value in row.model_dump().items()}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
