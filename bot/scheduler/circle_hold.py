"""Three check-ins of one circle unanswered in a row hold that member's check-ins in that
circle alone (circle_member.checkins_held) and ask them once; their other circles and pairs go
on. Answering the question (Keep them coming, Pause for me) releases it and starts the count
afresh (circle_deliveries.release_checkins); so does leaving the circle."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.scheduler.kinds import circle_ask
from storage.models import Delivery, Person
from storage.repositories import circles as circles_repo
from storage.repositories import deliveries as repo


def ignored_too_often(
    session: Session, row: Delivery, person: Person, now: datetime, *, in_a_row: int
) -> bool:
    """`in_a_row` of this circle's check-ins sent to the member since they last answered the
    question, none answered: hold them and ask once."""
    member = circles_repo.member_row(
        session, circle_id=row.circle_id or 0, person_id=person.id or 0
    )
    if member is None:
        return False
    recent = repo.recent_sent(
        session,
        person_id=person.id or 0,
        kind=row.kind,
        count=in_a_row,
        since=member.checkins_told_at,
        circle_id=row.circle_id,
    )
    if len(recent) < in_a_row or any(r.answered_at for r in recent):
        return False
    if not member.checkins_held:
        member.checkins_held = True
        session.add(member)
        circle_ask.ask_member(session, person=person, about=row, now=now)
    return True
