"""A circle's private message as the reminder buttons see it: the member's seat it is about."""

from __future__ import annotations

from sqlmodel import Session

from storage.models import CircleMember, Delivery, Person
from storage.repositories import circles as circles_repo


def seated_row(session: Session, row: Delivery, person: Person) -> CircleMember | None:
    """The person's seat in the circle the delivery is about, while they hold it."""
    if row.circle_id is None or person.id is None:
        return None
    member = circles_repo.member_row(session, circle_id=row.circle_id, person_id=person.id)
    return member if member is not None and member.status == "member" else None
