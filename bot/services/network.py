"""Beyond the org chart: public channels about the skills, and fellow alumni who mentor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services.matching.near_matches import words_of
from storage.models import ChannelSync, PublicChannel
from storage.repositories import mentor_profiles as profiles_repo
from storage.repositories import public_channels as channels_repo

CHANNEL_CACHE_AGE = timedelta(hours=4)
MAX_CHANNELS_SHOWN = 5
MAX_ALUMNI_SHOWN = 3


@dataclass(frozen=True)
class ChannelInfo:
    """A public channel as conversations.list describes it."""

    channel_id: str
    name: str
    topic: str
    purpose: str
    num_members: int


@dataclass(frozen=True)
class Alum:
    person_id: int
    slack_user_id: str
    name: str
    alumni: str


def channels_stale(session: Session, *, team_id: str, now: datetime) -> bool:
    """True when the cache was never filled or is older than a few hours."""
    sync = session.get(ChannelSync, team_id)
    return sync is None or now - sync.synced_at > CHANNEL_CACHE_AGE


def replace_channels(
    session: Session, *, team_id: str, channels: Iterable[ChannelInfo], now: datetime
) -> int:
    """Swap the workspace's cached channel list for a fresh one."""
    sync = channels_repo.locked_sync_row(session, team_id=team_id, now=now)
    channels_repo.delete_channels(session, team_id=team_id)
    count = 0
    seen: set[str] = set()
    for channel in channels:
        if channel.channel_id in seen:
            continue
        seen.add(channel.channel_id)
        session.add(
            PublicChannel(
                team_id=team_id,
                channel_id=channel.channel_id[:32],
                name=channel.name[:255],
                topic=channel.topic[:1000],
                purpose=channel.purpose[:1000],
                num_members=channel.num_members,
                fetched_at=now,
            )
        )
        count += 1
    sync.synced_at = now
    session.add(sync)
    session.flush()
    return count


def channels_about(
    session: Session, *, team_id: str, skill_keys: Sequence[str], limit: int = MAX_CHANNELS_SHOWN
) -> list[ChannelInfo]:
    """Cached channels whose name, topic or purpose mention a skill word; busiest first."""
    words = words_of(skill_keys) + [k for k in skill_keys if len(k) < 3]
    if not words:
        return []
    rows = channels_repo.channels_mentioning(session, team_id=team_id, words=words, limit=limit)
    return [ChannelInfo(r.channel_id, r.name, r.topic, r.purpose, r.num_members) for r in rows]


def alumni_of(session: Session, *, team_id: str, person_id: int) -> str:
    """The person's own alumni network, from their (possibly paused) mentor profile."""
    value = profiles_repo.alumni_of(session, team_id=team_id, person_id=person_id)
    return (value or "").strip()


def fellow_alumni(
    session: Session,
    *,
    team_id: str,
    person_id: int,
    exclude: Iterable[int] = (),
    limit: int = MAX_ALUMNI_SHOWN,
) -> list[Alum]:
    """Open, active mentors who share the person's alumni network (case-insensitive)."""
    mine = alumni_of(session, team_id=team_id, person_id=person_id)
    if not mine:
        return []
    skip = {person_id, *exclude}
    rows = profiles_repo.open_mentors_from(
        session, team_id=team_id, alumni=mine.casefold(), skip=skip, limit=limit
    )
    return [Alum(int(p.id or 0), p.slack_user_id, p.name, profile.alumni) for p, profile in rows]
