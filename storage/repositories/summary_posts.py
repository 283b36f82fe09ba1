"""The summaries posted (digests and "Post to channel" clicks), each claimed to go exactly once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, update
from sqlmodel import Session, col, select

from storage.models import SummaryPost
from storage.repositories.savepoints import add_if_new


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
    return post_by_key(session, team_id=team_id, channel_id=channel_id, post_key=post_key)


def post_by_key(
    session: Session, *, team_id: str, channel_id: str, post_key: str
) -> SummaryPost | None:
    return session.exec(
        select(SummaryPost).where(
            SummaryPost.team_id == team_id,
            SummaryPost.channel_id == channel_id,
            SummaryPost.post_key == post_key,
        )
    ).first()


def get_post(session: Session, *, post_id: int) -> SummaryPost | None:
    return session.get(SummaryPost, post_id)


def release_post(session: Session, *, post_id: int) -> None:
    """Forget a claim whose send failed for a passing reason, so a later pass retries."""
    session.execute(delete(SummaryPost).where(col(SummaryPost.id) == post_id))
