"""A pair's agreed meeting time and its changed occurrences."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from storage.models import MeetingTime, MeetingTimeChange, Pair

ERASED = ("meeting_time",)
EXPORT_KEYS = {"meeting_time": "meeting_times", "meeting_time_change": "meeting_time_changes"}
SCRUBBED = {"meeting_time_change": "who moved or skipped a meeting is forgotten"}


def _pairs_of(person_id: int) -> Any:
    return select(col(Pair.id)).where(
        (col(Pair.mentor_id) == person_id) | (col(Pair.mentee_id) == person_id)
    )


def export_rows(session: Session, *, person_id: int) -> dict[str, list[Any]]:
    """The meeting times of the person's pairs and the changes to them."""
    pairs = _pairs_of(person_id)
    about = {
        "meeting_times": select(MeetingTime).where(col(MeetingTime.pair_id).in_(pairs)),
        "meeting_time_changes": select(MeetingTimeChange).where(
            col(MeetingTimeChange.pair_id).in_(pairs)
        ),
    }
    return {name: list(session.execute(s).scalars()) for name, s in about.items()}


def erase_person_rows(session: Session, *, team_id: str, person_id: int) -> dict[str, int]:
    """Delete the meeting times of the person's pairs (erasure ends those pairs; the time and
    the organiser's zone go with them) and forget who changed an occurrence."""
    pairs = _pairs_of(person_id)
    changes = session.execute(
        delete(MeetingTimeChange).where(
            col(MeetingTimeChange.team_id) == team_id, col(MeetingTimeChange.pair_id).in_(pairs)
        )
    )
    times = session.execute(
        delete(MeetingTime).where(
            col(MeetingTime.team_id) == team_id, col(MeetingTime.pair_id).in_(pairs)
        )
    )
    session.execute(
        update(MeetingTimeChange)
        .where(col(MeetingTimeChange.changed_by_id) == person_id)
        .values(changed_by_id=None)
    )
    return {
        "meeting_time": int(getattr(times, "rowcount", 0) or 0),
        "meeting_time_change": int(getattr(changes, "rowcount", 0) or 0),
    }


def of_pair(session: Session, *, pair_id: int) -> MeetingTime | None:
    return session.execute(
        select(MeetingTime).where(col(MeetingTime.pair_id) == pair_id)
    ).scalar_one_or_none()


def add_first(session: Session, *, row: MeetingTime) -> bool:
    """Insert the pair's first agreed time; False when the other person's pick got there first
    (the unique pair id), leaving the session usable."""
    from sqlalchemy.exc import IntegrityError

    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


def replace_if_sequence(
    session: Session, *, row_id: int, expected_sequence: int, values: dict[str, Any]
) -> bool:
    """Change the agreed time only if nobody changed it since the picker saw it: the one who
    wins a race bumps the sequence, the other finds it moved and is told."""
    result = session.execute(
        update(MeetingTime)
        .where(col(MeetingTime.id) == row_id, col(MeetingTime.sequence) == expected_sequence)
        .values(**values, sequence=expected_sequence + 1)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def changes_of(session: Session, *, pair_id: int) -> list[MeetingTimeChange]:
    statement = (
        select(MeetingTimeChange)
        .where(col(MeetingTimeChange.pair_id) == pair_id)
        .order_by(col(MeetingTimeChange.original_start))
    )
    return list(session.execute(statement).scalars())


def change_at(session: Session, *, pair_id: int, original_start: Any) -> MeetingTimeChange | None:
    """The change of the occurrence that was due at `original_start`, if any."""
    return session.execute(
        select(MeetingTimeChange).where(
            col(MeetingTimeChange.pair_id) == pair_id,
            col(MeetingTimeChange.original_start) == original_start,
        )
    ).scalar_one_or_none()


def drop_changes_from(session: Session, *, pair_id: int, moment: Any) -> int:
    """Forget the skips and moves of occurrences at or after `moment` (or moved to after it):
    a pause ends the series there, and a resume starts afresh."""
    result = session.execute(
        delete(MeetingTimeChange)
        .where(
            col(MeetingTimeChange.pair_id) == pair_id,
            (col(MeetingTimeChange.original_start) >= moment)
            | (col(MeetingTimeChange.new_start) >= moment),
        )
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def live_times_of(session: Session, *, team_id: str, person_id: int) -> list[MeetingTime]:
    """The person's pairs' agreed or paused times (those a calendar still holds)."""
    statement = select(MeetingTime).where(
        col(MeetingTime.team_id) == team_id,
        col(MeetingTime.pair_id).in_(_pairs_of(person_id)),
        col(MeetingTime.status) != "cancelled",
    )
    return list(session.execute(statement).scalars())


def paused_of_active_pairs(session: Session, *, limit: int) -> list[MeetingTime]:
    """Paused series whose pair is active again (the scheduler lifted the pause)."""
    statement = (
        select(MeetingTime)
        .join(Pair, col(Pair.id) == col(MeetingTime.pair_id))
        .where(col(MeetingTime.status) == "paused", col(Pair.status) == "active")
        .order_by(col(MeetingTime.id))
        .limit(limit)
    )
    return list(session.execute(statement).scalars())
