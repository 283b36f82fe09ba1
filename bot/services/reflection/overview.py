"""A person's reflection as a whole, for their own eyes (or their mentor's, when they share
it), and where they may share it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.services.goals import tracking as goals_service
from bot.services.reflection import progress, skill_gaps, steps
from storage.models import Reflection
from storage.repositories import goals as goals_repo
from storage.repositories import pairs as pairs_repo
from storage.repositories import reflections as reflections_repo


@dataclass(frozen=True)
class Summary:
    """A person's reflection, for their own eyes (or their mentor's, when they share it)."""

    reflection_id: int
    step: str
    answers: dict[str, str]
    goals: list[goals_service.GoalView] = field(default_factory=list)
    skill_labels: list[str] = field(default_factory=list)
    completed_at: datetime | None = None

    @property
    def is_done(self) -> bool:
        return self.step == steps.DONE

    @property
    def is_empty(self) -> bool:
        return not any(self.answers.values()) and not self.goals and not self.skill_labels


def summary(session: Session, *, team_id: str, person_id: int) -> Summary | None:
    """The person's current reflection, or None when they never started one."""
    reflection = progress.current_reflection(session, team_id=team_id, person_id=person_id)
    if reflection is None:
        return None
    assert reflection.id is not None
    return Summary(
        reflection_id=reflection.id,
        step=reflection.step,
        answers={step: str(getattr(reflection, step)) for step in steps.TEXT_STEPS},
        goals=reflection_goals(session, reflection),
        skill_labels=skill_gaps.skill_labels(session, reflection),
        completed_at=reflection.completed_at,
    )


def chosen_skill_keys(
    session: Session, *, team_id: str, person_id: int, reflection_id: int
) -> list[str] | None:
    """The skill keys already chosen in this reflection (None if it is not the person's)."""
    reflection = session.get(Reflection, reflection_id)
    if reflection is None or reflection.team_id != team_id or reflection.person_id != person_id:
        return None
    return reflections_repo.gap_keys(session, reflection_id=reflection_id)


def reflection_goals(session: Session, reflection: Reflection) -> list[goals_service.GoalView]:
    goals = goals_service.list_goals(
        session, team_id=reflection.team_id, person_id=reflection.person_id
    )
    ids = set(goals_repo.goal_ids_of_reflection(session, reflection_id=reflection.id))
    return [g for g in goals if g.id in ids]


@dataclass(frozen=True)
class ShareTarget:
    channel_id: str
    summary: Summary


def share_target(
    session: Session, *, team_id: str, person_id: int, pair_id: int
) -> ShareTarget | None:
    """Where the person may share their reflection: a live pair they are in, with a group DM."""
    live = pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person_id)
    pair = next((p for p in live if p.id == pair_id), None)
    found = summary(session, team_id=team_id, person_id=person_id)
    if pair is None or not pair.group_channel_id or found is None or found.is_empty:
        return None
    return ShareTarget(channel_id=pair.group_channel_id, summary=found)
