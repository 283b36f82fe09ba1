"""A channel's member list, cached for a few minutes so a lead's clicks do not re-page Slack."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session

from storage.repositories import channel_members as members_repo
from storage.repositories import people as people_repo

MEMBER_LIST_TTL = timedelta(minutes=5)


def is_fresh(session: Session, *, team_id: str, channel_id: str, now: datetime) -> bool:
    """True when a complete member list of the channel was stored less than the TTL ago."""
    listing = members_repo.member_list(session, team_id=team_id, channel_id=channel_id)
    return listing is not None and timedelta(0) <= now - listing.fetched_at < MEMBER_LIST_TTL


def store(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    slack_user_ids: Sequence[str],
    now: datetime,
) -> None:
    """Keep a complete list (every page read); a partial one must never reach this."""
    people_repo.ensure_workspace(session, team_id=team_id, now=now)
    members_repo.replace_member_list(
        session, team_id=team_id, channel_id=channel_id, slack_user_ids=slack_user_ids, now=now
    )


def has_member(session: Session, *, team_id: str, channel_id: str, slack_user_id: str) -> bool:
    """True when the stored member list of the channel holds that user."""
    return members_repo.has_channel_member(
        session, team_id=team_id, channel_id=channel_id, slack_user_id=slack_user_id
    )
