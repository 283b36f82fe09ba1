"""A mentor's circle and the people around it, as plain rows (no Slack)."""

from __future__ import annotations

from sqlmodel import Session

from bot.services.circles import forms
from bot.services.circles.views import CircleView
from storage.models import Person
from tests.services.matching_fixtures import NOW, TEAM, mentor, person

__all__ = ["NOW", "TEAM", "circle_of", "mentor", "person"]


def circle_of(
    session: Session,
    owner: Person,
    *,
    seats: int = 3,
    skills: tuple[str, ...] = ("Python", "System design"),
    approval: bool = False,
    topic: str = "Growing into staff engineering",
) -> CircleView:
    form = forms.CircleForm(
        topic=topic,
        listed_skills=skills,
        seats=str(seats),
        cadence="weekly",
        weekday="2",
        needs_approval=approval,
    )
    opened = forms.open_circle(session, mentor=owner, form=form, now=NOW)
    assert opened.circle is not None, opened.errors
    return opened.circle
