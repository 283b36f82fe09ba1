"""The workspace's cached list of public channels, and when it was last synced."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, delete, func, or_, select

from storage.models import ChannelSync, PublicChannel
from storage.repositories.savepoints import add_if_new


def locked_sync_row(session: Session, *, team_id: str, now: datetime) -> ChannelSync:
    """The workspace's sync row, locked: two refreshes at once (two listener threads or two
    replicas) take turns instead of colliding on the rows they both delete and insert."""
    sync = session.get(ChannelSync, team_id, with_for_update=True)
    if sync is not None:
        return sync
    # Another refresh may create it first: then wait for its lock below.
    add_if_new(session, ChannelSync(team_id=team_id, synced_at=now))
    sync = session.get(ChannelSync, team_id, with_for_update=True, populate_existing=True)
    assert sync is not None
    return sync


def delete_channels(session: Session, *, team_id: str) -> None:
    session.exec(delete(PublicChannel).where(col(PublicChannel.team_id) == team_id))


def channels_mentioning(
    session: Session, *, team_id: str, words: Sequence[str], limit: int
) -> list[PublicChannel]:
    """Channels whose name, topic or purpose contain a word (or it hyphenated); busiest first."""
    haystack = func.lower(
        col(PublicChannel.name) + " " + col(PublicChannel.topic) + " " + col(PublicChannel.purpose)
    )
    matchers = [haystack.contains(w.replace(" ", "-"), autoescape=True) for w in words]
    matchers += [haystack.contains(w, autoescape=True) for w in words]
    return list(
        session.exec(
            select(PublicChannel)
            .where(PublicChannel.team_id == team_id, or_(*matchers))
            .order_by(col(PublicChannel.num_members).desc(), col(PublicChannel.name))
            .limit(limit)
        ).all()
    )
