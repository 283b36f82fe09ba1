"""Beyond the org chart: public channels about the skills, and fellow alumni who mentor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, or_, select

from bot.services.matching.ranking import words_of
from storage.models import ChannelSync, MentorProfile, Person, PublicChannel

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
    sync = _locked_sync_row(session, team_id=team_id, now=now)
    session.exec(delete(PublicChannel).where(col(PublicChannel.team_id) == team_id))
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


def _locked_sync_row(session: Session, *, team_id: str, now: datetime) -> ChannelSync:
    """The workspace's sync row, locked: two refreshes at once (two listener threads or two
    replicas) take turns instead of colliding on the rows they both delete and insert."""
    sync = session.get(ChannelSync, team_id, with_for_update=True)
    if sync is not None:
        return sync
    try:
        with session.begin_nested():
            session.add(ChannelSync(team_id=team_id, synced_at=now))
    except IntegrityError:
        pass  # another refresh created it first; wait for its lock below
    sync = session.get(ChannelSync, team_id, with_for_update=True, populate_existing=True)
    assert sync is not None
    return sync


def channels_about(
    session: Session, *, team_id: str, skill_keys: Sequence[str], limit: int = MAX_CHANNELS_SHOWN
) -> list[ChannelInfo]:
    """Cached channels whose name, topic or purpose mention a skill word; busiest first."""
    words = words_of(skill_keys) + [k for k in skill_keys if len(k) < 3]
    if not words:
        return []
    haystack = func.lower(
        col(PublicChannel.name) + " " + col(PublicChannel.topic) + " " + col(PublicChannel.purpose)
    )
    matchers = [haystack.contains(w.replace(" ", "-"), autoescape=True) for w in words]
    matchers += [haystack.contains(w, autoescape=True) for w in words]
    rows = session.exec(
        select(PublicChannel)
        .where(PublicChannel.team_id == team_id, or_(*matchers))
        .order_by(col(PublicChannel.num_members).desc(), col(PublicChannel.name))
        .limit(limit)
    ).all()
    return [ChannelInfo(r.channel_id, r.name, r.topic, r.purpose, r.num_members) for r in rows]


def alumni_of(session: Session, *, team_id: str, person_id: int) -> str:
    """The person's own alumni network, from their (possibly paused) mentor profile."""
    value = session.exec(
        select(MentorProfile.alumni).where(
            MentorProfile.team_id == team_id, MentorProfile.person_id == person_id
        )
    ).first()
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
    rows = session.exec(
        select(Person, MentorProfile)
        .join(MentorProfile, col(MentorProfile.person_id) == col(Person.id))
        .where(
            MentorProfile.team_id == team_id,
            MentorProfile.is_open == True,  # noqa: E712
            Person.is_deleted == False,  # noqa: E712
            func.lower(col(MentorProfile.alumni)) == mine.casefold(),
            col(Person.id).not_in(skip),
        )
        .order_by(col(Person.id))
        .limit(limit)
    ).all()
    return [Alum(int(p.id or 0), p.slack_user_id, p.name, profile.alumni) for p, profile in rows]
