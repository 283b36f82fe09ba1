"""The statements behind a person's data rights: every row about them for the export, the
deletes and scrubs of erasure, and the retention sweeps that cross aggregates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
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

ERASED_PREFIX = "erased-"


def rows_about(session: Session, *, team_id: str, person: Person) -> dict[str, list[SQLModel]]:
    """Every row about the person, by the export's key; the other person's meeting records
    are theirs and not included."""
    person_id = person.id
    reflections = _rows(session, Reflection, Reflection.person_id == person_id)
    goals = _rows(session, Goal, Goal.person_id == person_id)
    profile = _rows(session, MentorProfile, MentorProfile.person_id == person_id)
    return {
        "roles": _rows(session, RoleGrant, RoleGrant.person_id == person_id),
        "reflections": reflections,
        "reflection_dialogs": _rows_in(session, ReflectionDialog, "reflection_id", reflections),
        "skill_gaps": _rows(session, SkillGap, SkillGap.person_id == person_id),
        "goals": goals,
        "goal_updates": _rows_in(session, GoalUpdate, "goal_id", goals),
        "mentor_profile": profile,
        "mentor_skills": _rows_in(session, MentorSkill, "profile_id", profile),
        **_matching_rows(session, person_id=person_id),
        **_scheduling_rows(session, person_id=person_id),
        "channel_memberships_cached": _rows(
            session,
            ChannelMember,
            (ChannelMember.team_id == team_id)
            & (ChannelMember.slack_user_id == person.slack_user_id),
        ),
    }


def _matching_rows(session: Session, *, person_id: int | None) -> dict[str, list[SQLModel]]:
    return {
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
    }


def _scheduling_rows(session: Session, *, person_id: int | None) -> dict[str, list[SQLModel]]:
    return {
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
    }


def _rows(session: Session, model: type[SQLModel], condition: Any) -> list[SQLModel]:
    return list(session.exec(select(model).where(condition)))


def _rows_in(
    session: Session, model: type[SQLModel], column: str, parents: Iterable[SQLModel]
) -> list[SQLModel]:
    wanted = [getattr(parent, "id") for parent in parents]  # noqa: B009 - every table has one
    if not wanted:
        return []
    return _rows(session, model, col(getattr(model, column)).in_(wanted))


def close_requests(
    session: Session, *, team_id: str, person_id: int, pending: Sequence[str], now: datetime
) -> None:
    """Withdraw the person's pending requests; remove the words of all of them."""
    mine = or_(IntroRequest.mentee_id == person_id, IntroRequest.mentor_id == person_id)
    session.execute(
        update(IntroRequest)
        .where(
            col(IntroRequest.team_id) == team_id,
            mine,
            col(IntroRequest.status).in_(pending),
        )
        .values(status="withdrawn", answered_at=now)
    )
    session.execute(
        update(IntroRequest)
        .where(col(IntroRequest.team_id) == team_id, mine)
        .values(message="", mentor_channel_id=None, mentor_message_ts=None)
    )


def delete_private_rows(session: Session, *, team_id: str, person_id: int) -> dict[str, int]:
    """Delete the person's private rows, children first so foreign keys hold at every step;
    how many went, by table."""
    _forget_as_actor(session, person_id=person_id)
    person = session.get(Person, person_id)
    slack_user_id = person.slack_user_id if person is not None else ""
    removed: dict[str, int] = {}
    for table, statement in _private_deletes(person_id, slack_user_id):
        result = session.execute(statement.where(statement.table.c.team_id == team_id))
        removed[table] = int(getattr(result, "rowcount", 0) or 0)
    return removed


def _forget_as_actor(session: Session, *, person_id: int) -> None:
    """Rows of others keep no trace of the person as the one who did something."""
    session.execute(
        update(SkillWatch)
        .where(col(SkillWatch.notified_mentor_id) == person_id)
        .values(notified_mentor_id=None)
    )
    session.execute(
        update(RoleGrant)
        .where(col(RoleGrant.granted_by_person_id) == person_id)
        .values(granted_by_person_id=None)
    )
    session.execute(
        update(WorkspaceSettings)
        .where(col(WorkspaceSettings.updated_by_person_id) == person_id)
        .values(updated_by_person_id=None)
    )


def _private_deletes(person_id: int, slack_user_id: str) -> list[tuple[str, Any]]:
    reflection_ids = select(Reflection.id).where(Reflection.person_id == person_id)
    goal_ids = select(Goal.id).where(Goal.person_id == person_id)
    profile_ids = select(MentorProfile.id).where(MentorProfile.person_id == person_id)
    return [
        ("delivery_day", delete(DeliveryDay).where(col(DeliveryDay.person_id) == person_id)),
        ("dm_help", delete(DmHelp).where(col(DmHelp.person_id) == person_id)),
        ("pulse_answer", delete(PulseAnswer).where(col(PulseAnswer.person_id) == person_id)),
        ("retrospective", delete(Retrospective).where(col(Retrospective.person_id) == person_id)),
        (
            "prepared_questions",
            delete(PreparedQuestions).where(col(PreparedQuestions.person_id) == person_id),
        ),
        (
            "reminder_preference",
            delete(ReminderPreference).where(col(ReminderPreference.person_id) == person_id),
        ),
        ("delivery", delete(Delivery).where(col(Delivery.person_id) == person_id)),
        ("goal_update", delete(GoalUpdate).where(col(GoalUpdate.goal_id).in_(goal_ids))),
        ("goal", delete(Goal).where(col(Goal.person_id) == person_id)),
        ("skill_gap", delete(SkillGap).where(col(SkillGap.person_id) == person_id)),
        (
            "reflection_dialog",
            delete(ReflectionDialog).where(col(ReflectionDialog.reflection_id).in_(reflection_ids)),
        ),
        ("reflection", delete(Reflection).where(col(Reflection.person_id) == person_id)),
        ("mentor_skill", delete(MentorSkill).where(col(MentorSkill.profile_id).in_(profile_ids))),
        ("mentor_profile", delete(MentorProfile).where(col(MentorProfile.person_id) == person_id)),
        ("mentor_search", delete(MentorSearch).where(col(MentorSearch.person_id) == person_id)),
        ("skill_watch", delete(SkillWatch).where(col(SkillWatch.person_id) == person_id)),
        ("role_grant", delete(RoleGrant).where(col(RoleGrant.person_id) == person_id)),
        (
            "channel_member",
            delete(ChannelMember).where(col(ChannelMember.slack_user_id) == slack_user_id),
        ),
    ]


def scrub_meetings(session: Session, *, person_id: int) -> None:
    """The person's meeting records keep date, outcome and score, not their words."""
    session.execute(
        update(Meeting)
        .where(col(Meeting.person_id) == person_id)
        .values(takeaway="", next_steps="")
    )


def people_not_erased(session: Session, *, team_id: str) -> list[Person]:
    return list(
        session.exec(
            select(Person).where(
                Person.team_id == team_id, col(Person.slack_user_id).not_like(f"{ERASED_PREFIX}%")
            )
        ).all()
    )


def departed_before(session: Session, *, cutoff: datetime) -> list[tuple[str, int]]:
    """(team, person) of accounts Slack deactivated, not erased, last synced before `cutoff`."""
    statement = select(Person.team_id, Person.id).where(
        col(Person.is_deleted) == True,  # noqa: E712
        col(Person.slack_user_id).not_like(f"{ERASED_PREFIX}%"),
        col(Person.profile_synced_at) < cutoff,
    )
    return [(team, pid) for team, pid in session.exec(statement) if pid is not None]


def open_delivery_pairs(
    session: Session, *, team_id: str, open_statuses: Sequence[str]
) -> set[int]:
    """The pairs with a delivery still to be sent in the workspace."""
    open_ids = select(Delivery.id).where(
        col(Delivery.team_id) == team_id, col(Delivery.status).in_(open_statuses)
    )
    return {
        pair_id
        for pair_id in session.exec(select(Delivery.pair_id).where(col(Delivery.id).in_(open_ids)))
        if pair_id is not None
    }


def cancel_open_without_pair(
    session: Session, *, team_id: str, open_statuses: Sequence[str]
) -> int:
    """Cancel the workspace's open deliveries to no pair (to one person); how many."""
    rest = session.execute(
        update(Delivery)
        .where(
            col(Delivery.team_id) == team_id,
            col(Delivery.status).in_(open_statuses),
            col(Delivery.pair_id).is_(None),
        )
        .values(status="cancelled")
    )
    return int(getattr(rest, "rowcount", 0) or 0)
