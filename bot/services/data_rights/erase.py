"""Erasing a person on request, or a whole workspace when the app leaves it.

Erasure removes private answers and personal data and keeps only what counts need (see
ANONYMOUS_KEPT): the person's row stays as a nameless tombstone so ended pairs and meetings
still add up in aggregate summaries, but nothing in it names or describes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.services.calendar.erasure import cancels_on_erasure
from bot.services.calendar.invites import Series
from storage.models import Person
from storage.repositories import circles as circles_repo
from storage.repositories import data_rights as data_rights_repo
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import meeting_times as meeting_times_repo
from storage.repositories import pairs as pairs_repo
from storage.repositories import programs as programs_repo

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
    *programs_repo.ERASED,
    *meeting_times_repo.ERASED,
    *circles_repo.ERASED,
)
SCRUBBED = {
    "person": "names, timezone, Slack id and DM channel removed; the row stays as a tombstone",
    "intro_request": "the message is removed; pending requests are withdrawn",
    "meeting": "the takeaway and next steps are removed",
    "workspace_settings": "who last changed the settings is forgotten",
    **programs_repo.SCRUBBED,
    **meeting_times_repo.SCRUBBED,
    **circles_repo.SCRUBBED,
}
ANONYMOUS_KEPT = {
    "pair": "who was paired with whom (tombstone ids), its kind (mentoring or peer), cadence, "
    "start and end dates",
    "meeting": "date, outcome and the 1-5 usefulness score",
    "intro_request": "status, kind (mentoring or peer) and dates",
    "delivery": "messages to a pair's group DM (kind and dates), cancelled when the pair ends",
}


@dataclass(frozen=True)
class EndedPair:
    """A live pair erasure ended: tell the other person (their Slack id) kindly."""

    pair_id: int
    other_slack_id: str
    other_person_id: int
    erased_was_mentor: bool
    cancel: Series | None = None  # the pair's calendar series, cancelled for the other person


@dataclass
class Erasure:
    """What erasing one person removed, by table, and whom to tell."""

    person_id: int
    removed: dict[str, int] = field(default_factory=dict)
    ended_pairs: list[EndedPair] = field(default_factory=list)
    already_erased: bool = False


def tombstone_id(person_id: int) -> str:
    """The Slack id an erased person's row carries: nobody's, so nobody maps back to it."""
    return f"{data_rights_repo.ERASED_PREFIX}{person_id}"


def is_erased(person: Person) -> bool:
    return person.slack_user_id.startswith(data_rights_repo.ERASED_PREFIX)


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
    data_rights_repo.close_requests(
        session, team_id=team_id, person_id=person_id, pending=PENDING_REQUESTS, now=now
    )
    erasure.removed = data_rights_repo.delete_private_rows(
        session, team_id=team_id, person_id=person_id
    )
    erasure.removed |= programs_repo.erase_person_rows(
        session, team_id=team_id, person_id=person_id
    )
    erasure.removed |= meeting_times_repo.erase_person_rows(
        session, team_id=team_id, person_id=person_id
    )
    erasure.removed |= circles_repo.erase_person_rows(
        session, team_id=team_id, person_id=person_id, now=now
    )
    data_rights_repo.scrub_meetings(session, person_id=person_id)
    _tombstone(person)
    session.add(person)
    session.flush()
    return erasure


def _end_live_pairs(
    session: Session, *, team_id: str, person_id: int, now: datetime
) -> list[EndedPair]:
    ended: list[EndedPair] = []
    stands_for = f"urn:x-slack:{team_id}:{tombstone_id(person_id)}"
    cancels = cancels_on_erasure(
        session, team_id=team_id, person_id=person_id, stands_for=stands_for
    )
    for pair in pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person_id):
        assert pair.id is not None
        pair.status = "ended"
        pair.ended_at = now
        pair.ended_by_id = person_id
        session.add(pair)
        deliveries_repo.cancel_open(session, pair_id=pair.id)  # nothing more goes to the pair
        was_mentor = pair.mentor_id == person_id
        other_id = pair.mentee_id if was_mentor else pair.mentor_id
        other = session.get(Person, other_id)
        if other is not None and not is_erased(other):
            cancel = cancels.get(pair.id)
            ended.append(EndedPair(pair.id, other.slack_user_id, other_id, was_mentor, cancel))
    return ended


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
    people = data_rights_repo.people_not_erased(session, team_id=team_id)
    return [
        erase_person(session, team_id=team_id, person_id=p.id, now=now)
        for p in people
        if p.id is not None
    ]
