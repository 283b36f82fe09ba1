"""Erasing a person on request, or a whole workspace when the app leaves it.

Erasure removes private answers and personal data and keeps only what counts need (see
ANONYMOUS_KEPT): the person's row stays as a nameless tombstone so ended pairs and meetings
still add up in aggregate summaries, but nothing in it names or describes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, or_, select

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
from storage.repositories import pairs as pairs_repo

PENDING_REQUESTS = ("open", "waiting")

# What erasure does with each table that points at a person. A new table holding person ids
# must be added here (tests/services/data_rights/test_data_rights.py walks the schema to make sure).
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
)
SCRUBBED = {
    "person": "names, timezone, Slack id and DM channel removed; the row stays as a tombstone",
    "intro_request": "the message is removed; pending requests are withdrawn",
    "meeting": "the takeaway and next steps are removed",
    "workspace_settings": "who last changed the settings is forgotten",
}
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
