"""A short-lived cache of channel member lists, for team-lead summaries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, insert
from sqlmodel import Session, col

from storage.models import ChannelMember, ChannelMemberList


def member_list(session: Session, *, team_id: str, channel_id: str) -> ChannelMemberList | None:
    return session.get(ChannelMemberList, (team_id, channel_id))


def replace_member_list(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    slack_user_ids: Sequence[str],
    now: datetime,
) -> None:
    """Store a complete member list in place of the old one (bulk insert, one statement)."""
    session.execute(
        delete(ChannelMember).where(
            col(ChannelMember.team_id) == team_id, col(ChannelMember.channel_id) == channel_id
        )
    )
    unique_ids = list(dict.fromkeys(slack_user_ids))
    if unique_ids:
        session.execute(
            insert(ChannelMember),
            [
                {"team_id": team_id, "channel_id": channel_id, "slack_user_id": u}
                for u in unique_ids
            ],
        )
    listing = session.get(ChannelMemberList, (team_id, channel_id))
    if listing is None:
        listing = ChannelMemberList(team_id=team_id, channel_id=channel_id, fetched_at=now)
    listing.member_count = len(unique_ids)
    listing.fetched_at = now
    session.add(listing)
    session.flush()


def has_channel_member(
    session: Session, *, team_id: str, channel_id: str, slack_user_id: str
) -> bool:
    return session.get(ChannelMember, (team_id, channel_id, slack_user_id)) is not None
