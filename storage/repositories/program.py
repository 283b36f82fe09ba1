"""Workspace settings, cached channel member lists and summary posts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, delete, insert, or_, update
from sqlmodel import Session, col, select

from storage.models import ChannelMember, ChannelMemberList, SummaryPost, WorkspaceSettings
from storage.repositories import people as people_repo
from storage.repositories.savepoints import add_if_new


def get_settings(session: Session, *, team_id: str) -> WorkspaceSettings | None:
    return session.get(WorkspaceSettings, team_id)


def ensure_settings(session: Session, *, team_id: str, now: datetime) -> WorkspaceSettings:
    settings = session.get(WorkspaceSettings, team_id)
    if settings is None:
        people_repo.ensure_workspace(session, team_id=team_id, now=now)
        settings = WorkspaceSettings(team_id=team_id, updated_at=now)
        session.add(settings)
        session.flush()
    return settings


def settings_with_digest(session: Session) -> list[WorkspaceSettings]:
    """Every workspace where an admin set a digest channel."""
    statement = select(WorkspaceSettings).where(
        col(WorkspaceSettings.digest_channel_id).is_not(None)
    )
    return list(session.exec(statement))


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


def claim_post(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    post_key: str,
    now: datetime,
    stale_before: datetime,
    retry_before: datetime | None = None,
) -> SummaryPost | None:
    """Claim the right to send this post; None when it was sent, failed for good, or is being
    sent by someone else. A claim older than `stale_before` (a crash mid-send) is taken over,
    and so is a failed try (state "retry") made at or before `retry_before`."""
    post = SummaryPost(team_id=team_id, channel_id=channel_id, post_key=post_key, claimed_at=now)
    if add_if_new(session, post):
        return post
    taken = session.execute(
        update(SummaryPost)
        .where(
            col(SummaryPost.team_id) == team_id,
            col(SummaryPost.channel_id) == channel_id,
            col(SummaryPost.post_key) == post_key,
            or_(
                and_(
                    col(SummaryPost.state) == "claimed",
                    col(SummaryPost.claimed_at) < stale_before,
                ),
                and_(
                    col(SummaryPost.state) == "retry",
                    col(SummaryPost.claimed_at) <= (retry_before or stale_before),
                ),
            ),
        )
        .values(claimed_at=now, state="claimed")
    )
    if not taken.rowcount:  # type: ignore[attr-defined]
        return None
    return session.exec(
        select(SummaryPost).where(
            SummaryPost.team_id == team_id,
            SummaryPost.channel_id == channel_id,
            SummaryPost.post_key == post_key,
        )
    ).one()


def get_post(session: Session, *, post_id: int) -> SummaryPost | None:
    return session.get(SummaryPost, post_id)


def release_post(session: Session, *, post_id: int) -> None:
    """Forget a claim whose send failed for a passing reason, so a later pass retries."""
    session.execute(delete(SummaryPost).where(col(SummaryPost.id) == post_id))


def has_channel_member(
    session: Session, *, team_id: str, channel_id: str, slack_user_id: str
) -> bool:
    return session.get(ChannelMember, (team_id, channel_id, slack_user_id)) is not None
