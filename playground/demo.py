"""Loading the demo workspace (playground/demo_workspace.py) for `mentorbot shell --demo`.

The emulator learns the people and channels (what users.info and conversations.* answer); the
database gets them through the same services and repositories the app uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient
from sqlmodel import Session

from bot.services import skills as skills_service
from bot.services.people import SlackProfile, apply_profile
from playground.demo_workspace import CHANNELS, GOALS, PAIRS, PEOPLE, channel_members
from playground.emulator import SlackEmulator
from storage.engine import Database
from storage.models import Goal, MentorProfile, MentorSkill
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo


@dataclass(frozen=True)
class DemoSummary:
    people: int
    mentors: int
    pairs: int
    seeded_database: bool


def seed_emulator(emulator: SlackEmulator) -> None:
    """The people and channels, as Slack would know them."""
    for person in PEOPLE:
        emulator.add_user(
            person.user_id,
            name=person.name,
            real_name=person.real_name,
            tz=person.tz,
            title=f"{person.title}, {person.team}",
            is_admin=person.is_admin,
            email=f"{person.name}@example.com",
        )
    for channel_id, name, purpose in CHANNELS:
        members = [*channel_members(name), emulator.bot_user_id]
        emulator.add_channel(channel_id, name=name, purpose=purpose, members=members)


def load_demo(
    emulator: SlackEmulator, client: WebClient, db: Database, *, now: datetime
) -> DemoSummary:
    """Seed the emulator, then the database unless a demo is already stored there."""
    seed_emulator(emulator)
    team_id = emulator.team_id
    with db.begin() as session:
        if _already_seeded(session, team_id):
            return DemoSummary(len(PEOPLE), _mentor_count(), len(PAIRS), seeded_database=False)
        ids = _seed_people(session, team_id, now)
        _seed_mentors(session, team_id, ids, now)
        _seed_goals(session, team_id, ids, now)
    group_dms = {
        (mentor, mentee): _open_group_dm(client, mentor, mentee)
        for mentor, mentee, _cadence, _weekday in PAIRS
    }
    with db.begin() as session:
        _seed_pairs(session, team_id, ids, group_dms, now)
    return DemoSummary(len(PEOPLE), _mentor_count(), len(PAIRS), seeded_database=True)


def _open_group_dm(client: WebClient, mentor: str, mentee: str) -> str:
    """The pair's group DM with the bot, opened the way the app opens one."""
    answer = client.conversations_open(users=f"{_uid(mentor)},{_uid(mentee)}")
    return str(answer["channel"]["id"])


def _uid(name: str) -> str:
    return next(p.user_id for p in PEOPLE if p.name == name)


def _mentor_count() -> int:
    return sum(1 for p in PEOPLE if p.skills)


def _already_seeded(session: Session, team_id: str) -> bool:
    first = PEOPLE[0]
    return people_repo.get_person(session, team_id=team_id, slack_user_id=first.user_id) is not None


def _seed_people(session: Session, team_id: str, now: datetime) -> dict[str, int]:
    ids: dict[str, int] = {}
    for p in PEOPLE:
        profile = SlackProfile(
            slack_user_id=p.user_id,
            display_name=p.name,
            real_name=p.real_name,
            tz=p.tz,
            is_admin=p.is_admin,
            is_owner=False,
            is_deleted=False,
            is_bot=False,
        )
        person = apply_profile(session, team_id=team_id, profile=profile, now=now)
        assert person.id is not None
        ids[p.name] = person.id
    return ids


def _seed_mentors(session: Session, team_id: str, ids: dict[str, int], now: datetime) -> None:
    listed = {entry.key for entry in skills_service.catalog(session, team_id=team_id, now=now)}
    for p in PEOPLE:
        if not p.skills:
            continue
        profile = MentorProfile(
            team_id=team_id,
            person_id=ids[p.name],
            helps_with=p.helps_with,
            capacity=p.capacity,
            alumni=p.alumni,
            team_name=p.team,
            created_at=now,
            updated_at=now,
        )
        session.add(profile)
        session.flush()
        assert profile.id is not None
        for label in p.skills.split(","):
            key = skills_service.normalize_skill(label)
            if key not in listed:
                skills_service.remember_typed(
                    session, team_id=team_id, key=key, label=label.strip(), now=now
                )
            session.add(MentorSkill(team_id=team_id, profile_id=profile.id, skill_key=key))
    session.flush()


def _seed_goals(session: Session, team_id: str, ids: dict[str, int], now: datetime) -> None:
    for name, text, measure, target in GOALS:
        session.add(
            Goal(
                team_id=team_id,
                person_id=ids[name],
                text=text,
                measure=measure,
                target_date=target,
                progress=20,
                created_at=now,
            )
        )
    session.flush()


def _seed_pairs(
    session: Session,
    team_id: str,
    ids: dict[str, int],
    group_dms: dict[tuple[str, str], str],
    now: datetime,
) -> None:
    for mentor, mentee, cadence, weekday in PAIRS:
        pair = pairs_repo.create_pair(
            session,
            team_id=team_id,
            mentor_id=ids[mentor],
            mentee_id=ids[mentee],
            now=now,
            cadence=cadence,
            meeting_weekday=weekday,
        )
        pair.group_channel_id = group_dms[(mentor, mentee)]
        session.add(pair)
    session.flush()
