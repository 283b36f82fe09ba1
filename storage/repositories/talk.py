"""The short help's once-in-a-while record, claimed atomically across processes."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col

from storage.models import DmHelp
from storage.repositories.savepoints import add_if_new


def claim_help(
    session: Session, *, team_id: str, person_id: int, now: datetime, quiet: timedelta
) -> bool:
    """Record that the person gets the help now; False when they got it less than `quiet`
    ago (by this process or another: the conditional UPDATE and the primary key decide)."""
    moved = session.execute(
        update(DmHelp)
        .where(col(DmHelp.person_id) == person_id, col(DmHelp.helped_at) <= now - quiet)
        .values(helped_at=now)
    )
    if int(getattr(moved, "rowcount", 0) or 0):
        return True
    if session.get(DmHelp, person_id) is not None:
        return False
    return add_if_new(session, DmHelp(person_id=person_id, team_id=team_id, helped_at=now))
