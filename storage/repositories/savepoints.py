"""Adding a row that only one process may add: the unique key decides, inside a savepoint."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel


def add_if_new(session: Session, row: SQLModel) -> bool:
    """Add and flush the row in a savepoint; False when its key is taken (by this process or
    another a moment ago), and then the unit of work goes on as if nothing was tried."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True
