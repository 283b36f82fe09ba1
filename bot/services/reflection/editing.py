"""Editing a reflection later, in a modal: the form as it opens and saving it in place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services import skills as skills_service
from bot.services.reflection import overview, progress, skill_gaps, steps
from storage.models import Reflection
from storage.repositories import reflections as reflections_repo


@dataclass(frozen=True)
class EditForm:
    """The person's current reflection as the edit modal shows it."""

    reflection_id: int
    answers: dict[str, str]
    skill_keys: list[str]
    catalog: list[skills_service.SkillEntry]


@dataclass(frozen=True)
class EditResult:
    """After a save: `changed` is False when the submission matched what was stored."""

    changed: bool
    summary: overview.Summary
    notes: tuple[str, ...] = ()


def edit_form(
    session: Session, *, team_id: str, person_id: int, reflection_id: int, now: datetime
) -> EditForm | None:
    """The form for editing the person's current reflection. `reflection_id` (from a button)
    must be theirs, else None; an older run of theirs opens the current one."""
    if _owned(session, team_id=team_id, person_id=person_id, reflection_id=reflection_id) is None:
        return None
    reflection = progress.current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None or reflection.id is None:
        return None
    return EditForm(
        reflection_id=reflection.id,
        answers={step: str(getattr(reflection, step)) for step in steps.TEXT_STEPS},
        skill_keys=skill_gaps.gap_keys(session, reflection),
        catalog=skills_service.catalog(session, team_id=team_id, now=now),
    )


def save_edit(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    reflection_id: int,
    answers: dict[str, str],
    keys: list[str],
    typed: str,
    now: datetime,
) -> EditResult | None:
    """Update the current reflection in place: the four answers (trimmed to MAX_ANSWER_CHARS)
    and the skill gaps (replaced). None when it is not the person's current reflection;
    a submission equal to what is stored (a double submit) writes nothing."""
    reflection = _owned(
        session, team_id=team_id, person_id=person_id, reflection_id=reflection_id, lock=True
    )
    if reflection is None or not reflection.is_current:
        return None
    cleaned, notes = _clean_answers(answers)
    current_keys = skill_gaps.gap_keys(session, reflection)
    typed_skills = skills_service.typed_skills(typed, known=current_keys)
    wanted = skill_gaps.wanted_skills(session, reflection, keys, [s.key for s in typed_skills], now)
    changed = set(wanted) != set(current_keys) or any(
        getattr(reflection, step) != text for step, text in cleaned.items()
    )
    if changed:
        for step, text in cleaned.items():
            setattr(reflection, step, text)
        skill_gaps.remember_typed(session, reflection, typed_skills, now)
        skill_gaps.set_gaps(session, reflection, wanted, now)
        reflection.updated_at = now
        session.add(reflection)
        session.flush()
    found = overview.summary(session, team_id=team_id, person_id=person_id)
    assert found is not None
    return EditResult(changed=changed, summary=found, notes=notes)


def _owned(
    session: Session, *, team_id: str, person_id: int, reflection_id: int, lock: bool = False
) -> Reflection | None:
    """The reflection re-read from the database, only if it belongs to this person."""
    reflection = reflections_repo.reflection_by_id(session, reflection_id=reflection_id, lock=lock)
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return None
    return reflection


def _clean_answers(answers: dict[str, str]) -> tuple[dict[str, str], tuple[str, ...]]:
    cleaned: dict[str, str] = {}
    notes: list[str] = []
    for step in steps.TEXT_STEPS:
        cleaned[step], trimmed = steps.clean(answers.get(step) or "")
        if trimmed:
            notes.append(steps.EDIT_TRIMMED_NOTE.format(name=steps.ANSWER_NAMES[step]))
    return cleaned, tuple(notes)
