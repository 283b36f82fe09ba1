"""Who is in the demo workspace of `mentorbot shell --demo`: people, teams, mentors, pairs, goals.

Twenty people in three teams across six timezones; seven are mentors with varied skills; three pairs
already meet. playground/demo.py loads them into the emulator and the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
