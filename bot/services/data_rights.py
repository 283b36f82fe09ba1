"""A person's data rights: export everything stored about them, erase it on request.

Erasure removes private answers and personal data and keeps only what counts need (see
ANONYMOUS_KEPT): the person's row stays as a nameless tombstone so ended pairs and meetings
still add up in aggregate summaries, but nothing in it names or describes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, SQLModel, col, or_, select

from bot.services import scheduling
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
    ProcessedEvent,
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
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import pairs as pairs_repo
from storage.repositories import programs as programs_repo

EXPORT_VERSION = 1
# How long what is kept only to make buttons and retries work stays (see README, retention).
SEARCH_RETENTION = timedelta(days=30)
ONCE_KEY_RETENTION = timedelta(days=2)
# A deactivated account gets nothing at once (the scheduler skips them); its data goes after
# this long, unless Slack reactivates it first.
DEACTIVATED_GRACE = timedelta(days=30)
PENDING_REQUESTS = ("open", "waiting")
OPEN_DELIVERIES = deliveries_repo.OPEN_STATUSES

# What erasure does with each table that points at a person. A new table holding person ids
# must be added here (tests/services/test_data_rights.py walks the schema to make sure).
ERASED = (
    "reflection",
    "reflection_dialog",
    "skill_gap",
    "goal",
    "goal_update",
    "mentor_profile",
    "mentor_skill",
    "mentor_search",
    "skill_watch",
    "role_grant",
    "channel_member",
    "delivery",
    "delivery_day",
    "reminder_preference",
    "pulse_answer",
    "retrospective",
    "prepared_questions",
    "dm_help",
    *programs_repo.ERASED,
)
SCRUBBED = {
    "person": "names, timezone, Slack id and DM channel removed; the row stays as a tombstone",
    "intro_request": "the message is removed; pending requests are withdrawn",
    "meeting": "the takeaway and next steps are removed",
    "workspace_settings": "who last changed the settings is forgotten",
    **programs_repo.SCRUBBED,
}
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
ANONYMOUS_KEPT = {
    "pair": "who was paired with whom (tombstone ids), cadence, start and end dates",
    "meeting": "date, outcome and the 1-5 usefulness score",
    "intro_request": "status and dates",
    "delivery": "messages to a pair's group DM (kind and dates), cancelled when the pair ends",
}


@dataclass(frozen=True)
class EndedPair:
    """A live pair erasure ended: tell the other person (their Slack id) kindly."""

    pair_id: int
    other_slack_id: str
    other_person_id: int
    erased_was_mentor: bool


@dataclass
class Erasure:
    """What erasing one person removed, by table, and whom to tell."""

    person_id: int
    removed: dict[str, int] = field(default_factory=dict)
    ended_pairs: list[EndedPair] = field(default_factory=list)
    already_erased: bool = False


def tombstone_id(person_id: int) -> str:
    """The Slack id an erased person's row carries: nobody's, so nobody maps back to it."""
    return f"erased-{person_id}"


def is_erased(person: Person) -> bool:
    return person.slack_user_id.startswith("erased-")


# --- export -----------------------------------------------------------------------------------


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
        **{
            name: [_plain(row) for row in rows]
            for name, rows in programs_repo.export_rows(session, person_id=person_id).items()
        },
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


# --- erasure ----------------------------------------------------------------------------------


def erase_person(session: Session, *, team_id: str, person_id: int, now: datetime) -> Erasure:
    """Remove the person's private answers and personal data; end their live pairs.

    Idempotent: erasing an erased person removes nothing more and ends nothing.
    """
    erasure = Erasure(person_id=person_id)
    person = session.get(Person, person_id)
    if person is None or person.team_id != team_id:
        erasure.already_erased = True
        return erasure
    erasure.already_erased = is_erased(person)
    erasure.ended_pairs = _end_live_pairs(session, team_id=team_id, person_id=person_id, now=now)
    _close_requests(session, team_id=team_id, person_id=person_id, now=now)
    erasure.removed = _delete_private_rows(session, team_id=team_id, person_id=person_id)
    erasure.removed |= programs_repo.erase_person_rows(
        session, team_id=team_id, person_id=person_id
    )
    _scrub_meetings(session, person_id=person_id)
    _tombstone(person)
    session.add(person)
    session.flush()
    return erasure


def _end_live_pairs(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> list[EndedPair]:
    ended: list[EndedPair] = []
    for pair in pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person_id):
        assert pair.id is not None
        pair.status = "ended"
        pair.ended_at = now
        pair.ended_by_id = person_id
        session.add(pair)
        scheduling.cancel_open(session, pair_id=pair.id)  # nothing more goes to the pair
        was_mentor = pair.mentor_id == person_id
        other_id = pair.mentee_id if was_mentor else pair.mentor_id
        other = session.get(Person, other_id)
        if other is not None and not is_erased(other):
            ended.append(EndedPair(pair.id, other.slack_user_id, other_id, was_mentor))
    return ended


def _close_requests(session: Session, *, team_id: str, person_id: int, now: datetime) -> None:
    mine = or_(IntroRequest.mentee_id == person_id, IntroRequest.mentor_id == person_id)
    session.execute(
        update(IntroRequest)
        .where(
            col(IntroRequest.team_id) == team_id,
            mine,
            col(IntroRequest.status).in_(PENDING_REQUESTS),
        )
        .values(status="withdrawn", answered_at=now)
    )
    session.execute(
        update(IntroRequest)
        .where(col(IntroRequest.team_id) == team_id, mine)
        .values(message="", mentor_channel_id=None, mentor_message_ts=None)
    )


def _delete_private_rows(session: Session, *, team_id: str, person_id: int) -> dict[str, int]:
    """Children first, so foreign keys hold at every step."""
    reflection_ids = select(Reflection.id).where(Reflection.person_id == person_id)
    goal_ids = select(Goal.id).where(Goal.person_id == person_id)
    profile_ids = select(MentorProfile.id).where(MentorProfile.person_id == person_id)
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
    person = session.get(Person, person_id)
    slack_user_id = person.slack_user_id if person is not None else ""
    steps: list[tuple[str, Any]] = [
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
    removed: dict[str, int] = {}
    for table, statement in steps:
        result = session.execute(statement.where(_team_clause(statement, team_id)))
        removed[table] = int(getattr(result, "rowcount", 0) or 0)
    return removed


def _team_clause(statement: Any, team_id: str) -> Any:
    return statement.table.c.team_id == team_id


def _scrub_meetings(session: Session, *, person_id: int) -> None:
    session.execute(
        update(Meeting)
        .where(col(Meeting.person_id) == person_id)
        .values(takeaway="", next_steps="")
    )


def _tombstone(person: Person) -> None:
    assert person.id is not None
    person.slack_user_id = tombstone_id(person.id)
    person.display_name = ""
    person.real_name = ""
    person.tz = "UTC"
    person.dm_channel_id = None
    person.is_deleted = True
    person.is_workspace_admin = False
    person.is_workspace_owner = False


# --- a workspace leaving ----------------------------------------------------------------------


def erase_workspace(session: Session, *, team_id: str, now: datetime) -> list[Erasure]:
    """The app was uninstalled: erase everyone in the workspace (nobody is messaged)."""
    people = session.exec(
        select(Person).where(
            Person.team_id == team_id, col(Person.slack_user_id).not_like("erased-%")
        )
    ).all()
    return [
        erase_person(session, team_id=team_id, person_id=p.id, now=now)
        for p in people
        if p.id is not None
    ]


# --- retention ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Purge:
    searches: int
    once_keys: int


def purge_expired(session: Session, *, now: datetime) -> Purge:
    """Drop what is past its retention: old searches (what people typed) and once-only keys."""
    searches = session.execute(
        delete(MentorSearch).where(col(MentorSearch.created_at) < now - SEARCH_RETENTION)
    )
    keys = session.execute(
        delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < now - ONCE_KEY_RETENTION)
    )
    return Purge(
        searches=int(getattr(searches, "rowcount", 0) or 0),
        once_keys=int(getattr(keys, "rowcount", 0) or 0),
    )


def stop_workspace_deliveries(session: Session, *, team_id: str) -> int:
    """The bot token was revoked: cancel everything still to be sent in the workspace."""
    open_ids = select(Delivery.id).where(
        col(Delivery.team_id) == team_id, col(Delivery.status).in_(OPEN_DELIVERIES)
    )
    pair_ids = {
        pair_id
        for pair_id in session.exec(select(Delivery.pair_id).where(col(Delivery.id).in_(open_ids)))
        if pair_id is not None
    }
    cancelled = sum(scheduling.cancel_open(session, pair_id=p) for p in pair_ids)
    rest = session.execute(
        update(Delivery)
        .where(
            col(Delivery.team_id) == team_id,
            col(Delivery.status).in_(OPEN_DELIVERIES),
            col(Delivery.pair_id).is_(None),
        )
        .values(status="cancelled")
    )
    return cancelled + int(getattr(rest, "rowcount", 0) or 0)


def departed_to_erase(session: Session, *, now: datetime) -> list[tuple[str, int]]:
    """(team, person) of accounts deactivated in Slack for longer than the grace period."""
    statement = select(Person.team_id, Person.id).where(
        col(Person.is_deleted) == True,  # noqa: E712
        col(Person.slack_user_id).not_like("erased-%"),
        col(Person.profile_synced_at) < now - DEACTIVATED_GRACE,
    )
    return [(team, pid) for team, pid in session.exec(statement) if pid is not None]
