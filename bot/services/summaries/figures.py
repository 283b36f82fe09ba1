"""The figures a summary shows, each with how many people it describes, and the one privacy
rule on them: a figure about fewer than five people is not shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.services.summaries.periods import Window

PRIVACY_MINIMUM = 5
HIDDEN = "hidden (too few people)"  # words, never a number that reads as the figure itself


def privacy_safe(value: str, *, people: int) -> str:
    """The one privacy rule: a figure describing fewer than five people is not shown."""
    return value if people >= PRIVACY_MINIMUM else HIDDEN


@dataclass(frozen=True)
class Figure:
    """A number and how many distinct people it describes."""

    value: float | None
    people: int
    kind: str = "count"  # count, average, share
    withheld: bool = False  # hidden although about five or more: it would give another away

    @property
    def visible(self) -> bool:
        return self.value is not None and self.people >= PRIVACY_MINIMUM and not self.withheld

    @property
    def text(self) -> str:
        """The figure as shown to a lead: formatted, or HIDDEN."""
        return self._formatted() if self.visible else HIDDEN

    def _formatted(self) -> str:
        if self.value is None:
            return "n/a"
        if self.kind == "share":
            return f"{self.value:.0%}"
        if self.kind == "average":
            return f"{self.value:.1f}"
        return f"{int(self.value):,}"


def trend(now: Figure, before: Figure) -> str | None:
    """The change against the previous period ("+3", "-1.0", "+12 pts", "no change");
    None when either figure is hidden."""
    if not (now.visible and before.visible):
        return None
    assert now.value is not None and before.value is not None
    delta = now.value - before.value
    if now.kind == "share":
        points = round(delta * 100)
        return "no change" if points == 0 else f"{points:+d} pts"
    if now.kind == "average":
        return "no change" if abs(delta) < 0.05 else f"{delta:+.1f}"
    return "no change" if delta == 0 else f"{int(delta):+,d}"


@dataclass(frozen=True)
class PeriodFigures:
    with_mentor: Figure
    mentors: Figure
    free_capacity: Figure
    active_pairs: Figure
    meetings_held: Figure
    usefulness: Figure
    checkins_answered: Figure
    goals_set: Figure
    goals_completed: Figure
    # Peer pairs, counted apart from the mentoring pairs above (which exclude them).
    peer_pairs: Figure = Figure(0, 0)
    # Circles (summaries/circles.py): open at the end, the people in them, meetings held.
    open_circles: Figure = Figure(0, 0)
    people_in_circles: Figure = Figure(0, 0)
    circle_meetings: Figure = Figure(0, 0)


@dataclass(frozen=True)
class SkillDemand:
    key: str
    label: str
    asked_by: Figure
    mentors_offering: Figure


@dataclass(frozen=True)
class WeekMeetings:
    week_start: date
    meetings: Figure


@dataclass(frozen=True)
class ChannelSummary:
    channel_id: str
    period_key: str
    current: Window
    previous: Window
    members: Figure
    now: PeriodFigures
    before: PeriodFigures
    skills: list[SkillDemand]  # listed skills asked for by at least five people only
    other_skills: Figure  # people who asked for a typed (unlisted) skill; never named
    weeks: list[WeekMeetings]
