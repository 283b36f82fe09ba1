"""Mentor profiles: validating the form, saving it, and the watches it sets off.

A person's alumni network lives on their MentorProfile. Someone who is not a mentor can still
fill it in by saving a profile with availability "paused": paused profiles are never offered
as mentors, but their alumni field lets /find-mentor point them to fellow alumni.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services import skills as skills_service
from bot.services import typed_text
from bot.services.typed_text import whole_number
from storage.models import MentorProfile, Person, SkillWatch
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import mentor_profiles as profiles_repo
from storage.repositories import skill_watches as watches_repo

MIN_CAPACITY = 1
MAX_CAPACITY = 10
MAX_SKILLS = 25
MAX_HELPS_WITH = 1000
MAX_SHORT_FIELD = 255


@dataclass(frozen=True)
class ProfileForm:
    """What the profile modal sent, as raw strings (validated by validate_form)."""

    listed_skills: Sequence[str]  # keys picked from the catalog
    extra_skills: str  # typed, comma separated
    helps_with: str
    capacity: str
    is_open: bool
    alumni: str
    team_name: str
    open_to_peers: bool = False  # suggested as a peer, with what they want to learn


@dataclass(frozen=True)
class ValidProfile:
    skills: tuple[tuple[str, str], ...]  # (key, label)
    helps_with: str
    capacity: int
    is_open: bool
    alumni: str
    team_name: str
    open_to_peers: bool = False


@dataclass(frozen=True)
class WatchHit:
    """Someone who asked to be told when a mentor with this skill opts in."""

    watcher_id: int
    skill_key: str
    watch_id: int = 0


@dataclass(frozen=True)
class SavedProfile:
    profile: MentorProfile
    created: bool
    watch_hits: list[WatchHit]


FIELD_CAPACITY = "capacity"
FIELD_SKILLS = "skills"


def parse_capacity(text: str) -> int | None:
    """A whole number of mentees from 1 to 10, or None ("ten", "0", "1000", "2.5")."""
    value = whole_number(text, max_digits=3)
    return value if value is not None and MIN_CAPACITY <= value <= MAX_CAPACITY else None


def validate_form(form: ProfileForm) -> ValidProfile | dict[str, str]:
    """The cleaned profile, or field errors keyed by FIELD_* names."""
    errors: dict[str, str] = {}
    capacity = parse_capacity(form.capacity)
    if capacity is None:
        errors[FIELD_CAPACITY] = (
            f"Capacity is how many mentees at once: a whole number from {MIN_CAPACITY} to "
            f"{MAX_CAPACITY}, like 2."
        )
    skills = _skills_of(form)
    if not skills and form.is_open:
        errors[FIELD_SKILLS] = "Pick or type at least one skill you can help with."
    if len(skills) > MAX_SKILLS:
        errors[FIELD_SKILLS] = f"Keep it to your {MAX_SKILLS} strongest skills."
    if errors or capacity is None:
        return errors
    return ValidProfile(
        skills=tuple(skills),
        helps_with=typed_text.clean(form.helps_with, limit=MAX_HELPS_WITH),
        capacity=capacity,
        is_open=form.is_open,
        alumni=typed_text.clean(form.alumni, limit=MAX_SHORT_FIELD),
        team_name=typed_text.clean(form.team_name, limit=MAX_SHORT_FIELD),
        open_to_peers=form.open_to_peers,
    )


def _skills_of(form: ProfileForm) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for key in form.listed_skills:
        normalized = skills_service.normalize_skill(key)
        if normalized:
            found.setdefault(normalized, "")
    for skill in skills_service.typed_skills(form.extra_skills):
        found.setdefault(skill.key, skill.label)
    return list(found.items())


def get_profile(session: Session, *, team_id: str, person_id: int) -> MentorProfile | None:
    return profiles_repo.profile_of(session, team_id=team_id, person_id=person_id)


def profile_skill_keys(session: Session, *, profile_id: int) -> list[str]:
    return profiles_repo.skill_keys_of_profile(session, profile_id=profile_id)


def save_profile(
    session: Session, *, person: Person, valid: ValidProfile, now: datetime
) -> SavedProfile:
    """Create or replace the person's profile; open profiles fire the matching skill watches."""
    assert person.id is not None
    profile = get_profile(session, team_id=person.team_id, person_id=person.id)
    created = profile is None
    if profile is None:
        profile = MentorProfile(
            team_id=person.team_id, person_id=person.id, created_at=now, updated_at=now
        )
    profile.helps_with = valid.helps_with
    profile.capacity = valid.capacity
    profile.is_open = valid.is_open
    profile.open_to_peers = valid.open_to_peers
    profile.alumni = valid.alumni
    profile.team_name = valid.team_name
    profile.updated_at = now
    session.add(profile)
    session.flush()
    assert profile.id is not None
    _replace_skills(session, profile=profile, skills=valid.skills, now=now)
    hits = _fire_watches(session, profile=profile, now=now) if profile.is_open else []
    for hit in hits:
        # Told by the scheduler, not from here: working hours, one message a day, Snooze and
        # Stop apply, and a Slack error retries instead of losing the note.
        watcher = session.get(Person, hit.watcher_id)
        if watcher is not None and not watcher.is_deleted:
            deliveries_repo.enqueue_skill_watch(
                session, watcher=watcher, watch_id=hit.watch_id, now=now
            )
    return SavedProfile(profile=profile, created=created, watch_hits=hits)


def _replace_skills(
    session: Session,
    *,
    profile: MentorProfile,
    skills: Sequence[tuple[str, str]],
    now: datetime,
) -> None:
    for key, typed_label in skills:
        if typed_label:
            skills_service.remember_typed(
                session, team_id=profile.team_id, key=key, label=typed_label, now=now
            )
    profiles_repo.replace_skills(session, profile=profile, keys=[key for key, _ in skills])


def _fire_watches(session: Session, *, profile: MentorProfile, now: datetime) -> list[WatchHit]:
    """Claim the unsent watches for this mentor's skills (each watcher is told once)."""
    assert profile.id is not None
    keys = profile_skill_keys(session, profile_id=profile.id)
    if not keys:
        return []
    watches = watches_repo.unsent_watches(
        session, team_id=profile.team_id, skill_keys=keys, mentor_id=profile.person_id
    )
    hits: list[WatchHit] = []
    told: set[int] = set()
    for watch in watches:
        watch.notified_at = now
        watch.notified_mentor_id = profile.person_id
        session.add(watch)
        if watch.person_id not in told:
            told.add(watch.person_id)
            hits.append(WatchHit(watch.person_id, watch.skill_key, watch.id or 0))
    session.flush()
    return hits


def add_watch(
    session: Session, *, team_id: str, person_id: int, skill_key: str, now: datetime
) -> bool:
    """Remember "tell me when"; False when an unsent watch for that skill already exists."""
    existing = watches_repo.watch_of(
        session, team_id=team_id, person_id=person_id, skill_key=skill_key
    )
    if existing is not None and existing.notified_at is None:
        return False
    if existing is None:
        existing = SkillWatch(
            team_id=team_id, person_id=person_id, skill_key=skill_key, created_at=now
        )
    else:  # told once before; asking again re-arms it
        existing.notified_at = None
        existing.notified_mentor_id = None
        existing.created_at = now
    session.add(existing)
    session.flush()
    return True
