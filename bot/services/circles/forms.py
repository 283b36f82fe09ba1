"""Opening a circle: the mentor's form checked, and the circle stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.services import cadence as cadence_service
from bot.services import skills as skills_service
from bot.services import typed_text
from bot.services.circles.views import CircleView, view_of
from bot.services.typed_text import whole_number
from storage.models import Person
from storage.models.circles import MAX_SEATS, MIN_SEATS
from storage.repositories import circles as circles_repo
from storage.repositories import mentor_profiles as profiles_repo
from storage.repositories.circles import NewCircle

MAX_TOPIC = 150  # Circle.topic
MAX_SKILLS = 10
MAX_OPEN_CIRCLES = 3  # per mentor at once

FIELD_TOPIC = "topic"
FIELD_SKILLS = "skills"
FIELD_SEATS = "seats"
FIELD_CADENCE = "cadence"
FIELD_WEEKDAY = "weekday"


@dataclass(frozen=True)
class CircleForm:
    """What the circle modal sent, as raw strings (checked by check_form)."""

    topic: str
    listed_skills: Sequence[str] = ()
    extra_skills: str = ""
    seats: str = "4"
    cadence: str = "biweekly"
    weekday: str = "1"
    needs_approval: bool = False


@dataclass(frozen=True)
class Opened:
    circle: CircleView | None
    errors: dict[str, str] = field(default_factory=dict)  # field -> what to fix


def is_mentor(session: Session, *, team_id: str, person_id: int) -> bool:
    """Circles are for mentors: someone with an open mentor profile."""
    profile = profiles_repo.profile_of(session, team_id=team_id, person_id=person_id)
    return profile is not None and profile.is_open


def parse_seats(text: str) -> int | None:
    value = whole_number(text, max_digits=2)
    return value if value is not None and MIN_SEATS <= value <= MAX_SEATS else None


def check_form(form: CircleForm) -> tuple[NewCircle | None, dict[str, str]]:
    """The circle's fields cleaned, or what is wrong with each, in the mentor's words."""
    errors: dict[str, str] = {}
    topic = typed_text.clean(" ".join(typed_text.clean(form.topic).split()), limit=MAX_TOPIC)
    if not any(ch.isalnum() for ch in topic):
        errors[FIELD_TOPIC] = "Give the circle a topic, like “Growing into staff engineering”."
    seats = parse_seats(form.seats)
    if seats is None:
        errors[FIELD_SEATS] = (
            f"A circle has {MIN_SEATS} to {MAX_SEATS} seats besides you: a whole number, like 4."
        )
    skills = _skills_of(form)
    if len(skills) > MAX_SKILLS:
        errors[FIELD_SKILLS] = f"Keep it to the circle's {MAX_SKILLS} main skills."
    if form.cadence not in cadence_service.CADENCES:
        errors[FIELD_CADENCE] = "Choose how often the circle meets."
    weekday = whole_number(form.weekday, max_digits=1)
    if weekday is None or weekday >= len(cadence_service.WEEKDAYS):
        errors[FIELD_WEEKDAY] = "Choose a weekday, Monday to Friday."
    if errors or seats is None or weekday is None:
        return None, errors
    return NewCircle(
        topic=topic,
        skill_keys=tuple(skills),
        seats=seats,
        cadence=form.cadence,
        meeting_weekday=weekday,
        needs_approval=form.needs_approval,
    ), {}


def _skills_of(form: CircleForm) -> dict[str, str]:
    """Skill key -> the label as typed ("" for a skill picked from the list)."""
    found: dict[str, str] = {}
    for key in form.listed_skills:
        normalized = skills_service.normalize_skill(typed_text.clean(key, limit=64))
        if normalized:
            found.setdefault(normalized, "")
    for skill in skills_service.typed_skills(typed_text.clean(form.extra_skills, limit=1000)):
        found.setdefault(skill.key, skill.label)
    return found


def open_circle(session: Session, *, mentor: Person, form: CircleForm, now: datetime) -> Opened:
    """Store a new open circle; errors by field when the form or the mentor can't have one."""
    assert mentor.id is not None
    if not is_mentor(session, team_id=mentor.team_id, person_id=mentor.id):
        return Opened(None, {FIELD_TOPIC: "Circles are for mentors: save a mentor profile first."})
    fields, errors = check_form(form)
    if fields is None:
        return Opened(None, errors)
    mine = circles_repo.circles_of_mentor(session, team_id=mentor.team_id, mentor_id=mentor.id)
    if len(mine) >= MAX_OPEN_CIRCLES:
        return Opened(
            None, {FIELD_TOPIC: f"You have {len(mine)} open circles; close one to open another."}
        )
    for key, label in _skills_of(form).items():
        if label:
            skills_service.remember_typed(
                session, team_id=mentor.team_id, key=key, label=label, now=now
            )
    circle = circles_repo.add_circle(
        session, team_id=mentor.team_id, mentor_id=mentor.id, fields=fields, now=now
    )
    return Opened(view_of(session, circle))
