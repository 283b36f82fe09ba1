"""A sample workspace for `mentorbot shell --demo`: people, teams, mentors, pairs and goals.

Twenty people in three teams across six timezones; seven are mentors with varied skills; three pairs
already meet. The emulator learns the people and channels (what users.info and conversations.*
answer); the database gets them through the same services and repositories the app uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from slack_sdk import WebClient
from sqlmodel import Session

from bot.services import skills as skills_service
from bot.services.people import SlackProfile, apply_profile
from playground.slack_emulator import SlackEmulator
from storage.engine import Database
from storage.models import Goal, MentorProfile, MentorSkill
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo


@dataclass(frozen=True)
class DemoPerson:
    user_id: str
    name: str
    real_name: str
    team: str
    tz: str
    title: str
    skills: str = ""  # a mentor's skills, comma separated; empty for non-mentors
    helps_with: str = ""
    capacity: int = 2
    alumni: str = ""
    is_admin: bool = False


PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("U0ANA", "ana", "Ana Souza", "Platform", "Europe/Berlin", "Backend engineer"),
    DemoPerson(
        "U0BEN",
        "ben",
        "Ben Okafor",
        "Platform",
        "Europe/London",
        "Staff engineer",
        skills="Python, System design, Public speaking",
        helps_with="Designing services that stay simple, and giving your first conference talk.",
        capacity=3,
        alumni="University of Lagos",
    ),
    DemoPerson("U0CHLOE", "chloe", "Chloe Martin", "Platform", "Europe/Berlin", "SRE"),
    DemoPerson(
        "U0DEV",
        "dev",
        "Dev Iyer",
        "Platform",
        "Asia/Kolkata",
        "Principal engineer",
        skills="Go, Cloud infrastructure, DevOps, Leadership",
        helps_with="Running production systems calmly and growing into a tech lead.",
        capacity=2,
        alumni="IIT Madras",
    ),
    DemoPerson("U0EMMA", "emma", "Emma Lind", "Platform", "Europe/Stockholm", "Data engineer"),
    DemoPerson("U0FARID", "farid", "Farid Haddad", "Platform", "Asia/Kolkata", "Junior engineer"),
    DemoPerson(
        "U0GRACE",
        "grace",
        "Grace Kim",
        "Platform",
        "America/New_York",
        "Engineering manager",
        skills="People management, Giving feedback, Hiring and interviewing, Career growth",
        helps_with="Your first months as a manager, feedback that lands, and career conversations.",
        capacity=2,
        is_admin=True,
    ),
    DemoPerson("U0HUGO", "hugo", "Hugo Petit", "Product", "Europe/Paris", "Product manager"),
    DemoPerson(
        "U0IRIS",
        "iris",
        "Iris Novak",
        "Product",
        "America/New_York",
        "Group product manager",
        skills="Product management, Stakeholder management, Negotiation",
        helps_with="Roadmaps people believe in and saying no without losing friends.",
        capacity=2,
        alumni="University of Michigan",
    ),
    DemoPerson("U0JAMAL", "jamal", "Jamal Wright", "Product", "America/Chicago", "Analyst"),
    DemoPerson("U0KAITO", "kaito", "Kaito Sato", "Product", "Asia/Tokyo", "Product manager"),
    DemoPerson(
        "U0LEA",
        "lea",
        "Lea Fischer",
        "Product",
        "Europe/Berlin",
        "Data scientist",
        skills="Data analysis, SQL, Machine learning, Python",
        helps_with="Turning questions into queries and models into decisions.",
        capacity=2,
    ),
    DemoPerson("U0MIGUEL", "miguel", "Miguel Torres", "Product", "America/Los_Angeles", "PM"),
    DemoPerson("U0NINA", "nina", "Nina Rossi", "Product", "Europe/Rome", "Associate PM"),
    DemoPerson(
        "U0OMAR",
        "omar",
        "Omar Aziz",
        "Design",
        "Europe/London",
        "Design director",
        skills="UX design, Leadership, Public speaking, Writing",
        helps_with="Design critique, presenting work, and writing that people read.",
        capacity=2,
        alumni="Royal College of Art",
    ),
    DemoPerson("U0PRIYA", "priya", "Priya Shah", "Design", "Asia/Kolkata", "Product designer"),
    DemoPerson("U0QUINN", "quinn", "Quinn Baker", "Design", "America/Los_Angeles", "UX writer"),
    DemoPerson(
        "U0ROSA",
        "rosa",
        "Rosa Jimenez",
        "Design",
        "America/Los_Angeles",
        "Senior frontend engineer",
        skills="Frontend, TypeScript, JavaScript, Testing",
        helps_with="Frontend architecture, accessible UI and tests you trust.",
        capacity=1,
    ),
    DemoPerson("U0SAM", "sam", "Sam Taylor", "Design", "America/New_York", "Designer"),
    DemoPerson("U0TARA", "tara", "Tara Walsh", "Design", "Europe/Dublin", "Researcher"),
)

# (mentor, mentee, cadence, meeting weekday 0=Monday)
PAIRS: tuple[tuple[str, str, str, int], ...] = (
    ("ben", "chloe", "biweekly", 1),
    ("iris", "nina", "weekly", 3),
    ("omar", "priya", "monthly", 2),
)

# (person, goal, measure, target date)
GOALS: tuple[tuple[str, str, str, date], ...] = (
    ("chloe", "Lead the on-call review", "run 3 reviews with written notes", date(2027, 2, 26)),
    ("nina", "Own a roadmap area", "publish the Q2 plan for search", date(2027, 3, 31)),
    ("priya", "Present at design crit", "present twice and collect feedback", date(2027, 1, 29)),
    ("ana", "Give a tech talk", "one internal talk with slides shared", date(2027, 4, 30)),
)

CHANNELS: tuple[tuple[str, str, str], ...] = (
    ("C0GENERAL", "general", "Company-wide announcements"),
    ("C0PLATFORM", "team-platform", "Platform team"),
    ("C0PRODUCT", "team-product", "Product team"),
    ("C0DESIGN", "team-design", "Design team"),
    ("C0PYTHON", "python", "All things Python"),
    ("C0FRONTEND", "frontend", "Frontend, TypeScript and UI"),
    ("C0LEADERS", "new-managers", "For people managers and leads"),
)

DEFAULT_USER = "ana"


@dataclass(frozen=True)
class DemoSummary:
    people: int
    mentors: int
    pairs: int
    seeded_database: bool


def channel_members(channel_name: str) -> list[str]:
    """Everyone in #general; a team in its team channel; interest channels by mentor skill."""
    if channel_name == "general":
        return [p.user_id for p in PEOPLE]
    if channel_name.startswith("team-"):
        team = channel_name.removeprefix("team-").capitalize()
        return [p.user_id for p in PEOPLE if p.team == team]
    keywords = {"python": "python", "frontend": "frontend", "new-managers": "management"}
    word = keywords[channel_name]
    members = [p.user_id for p in PEOPLE if word in p.skills.lower()]
    return members + [PEOPLE[0].user_id]


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
